import { describe, expect, it } from 'vitest';
import { matchesLabel, planPrune, type DiskUsage } from './prunePlan';

const df: DiskUsage = {
  Images: [
    { Id: 'sha256:aaaaaaaaaaaaaaaa', RepoTags: ['app:1'], Size: 100, Containers: 1 },
    { Id: 'sha256:bbbbbbbbbbbbbbbb', RepoTags: ['<none>:<none>'], Size: 50, Containers: 0 },
    { Id: 'sha256:cccccccccccccccc', RepoTags: null, Size: 70, Containers: 2 },
  ],
  Containers: [
    { Id: 'c1', Names: ['/web'], State: 'running', SizeRw: 10 },
    { Id: 'c2', Names: ['/old'], State: 'exited', SizeRw: 20, Labels: { team: 'a' } },
    { Id: 'c3', Names: ['/new'], State: 'created', SizeRw: -1 },
  ],
  Volumes: [
    { Name: 'used', UsageData: { Size: 5, RefCount: 1 } },
    { Name: 'orphan', UsageData: { Size: 9, RefCount: 0 }, Labels: { team: 'b' } },
  ],
};

describe('prune preview', () => {
  it('containers: the stopped ones', () => {
    expect(planPrune('containers', df, [])).toEqual({
      kind: 'containers',
      items: [
        { id: 'c2', name: 'old', size: 20 },
        { id: 'c3', name: 'new' },
      ],
      totalSize: 20,
    });
  });

  it('images: dangling and unused', () => {
    expect(planPrune('images', df, []).items).toEqual([
      { id: 'sha256:bbbbbbbbbbbbbbbb', name: 'bbbbbbbbbbbb', size: 50 },
    ]);
  });

  it('volumes: not referenced by any container', () => {
    expect(planPrune('volumes', df, []).items).toEqual([{ id: 'orphan', name: 'orphan', size: 9 }]);
  });

  it('networks: custom ones with nothing attached', () => {
    const nets = [
      { id: 'n1', name: 'bridge', builtIn: true, containers: [] },
      { id: 'n2', name: 'shop_default', builtIn: false, containers: ['web'] },
      { id: 'n3', name: 'leftover', builtIn: false, containers: [] },
    ];
    expect(planPrune('networks', df, nets).items).toEqual([{ id: 'n3', name: 'leftover' }]);
  });

  it('can be limited to a label, as docker prune --filter label=…', () => {
    expect(planPrune('containers', df, [], 'team=a').items.map((i) => i.id)).toEqual(['c2']);
    expect(planPrune('volumes', df, [], 'team').items.map((i) => i.id)).toEqual(['orphan']);
    expect(matchesLabel({ team: 'a' }, 'team=b')).toBe(false);
    expect(matchesLabel(undefined, 'team')).toBe(false);
  });
});
