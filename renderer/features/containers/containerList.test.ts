import { describe, expect, it } from 'vitest';
import type { ContainerRow } from '../../../shared/docker';
import { buildListItems, containerKey, filterContainers, groupKey, sortContainers } from './containerList';

function row(name: string, extra: Partial<ContainerRow> = {}): ContainerRow {
  return {
    id: `${name}-id`,
    engineId: 'local',
    name,
    image: 'busybox:1',
    command: 'sh',
    state: 'running',
    status: 'Up',
    ports: [],
    createdAt: 1,
    labels: {},
    ...extra,
  };
}

describe('filterContainers', () => {
  const rows = [
    row('web-1', { image: 'nginx' }),
    row('db', { state: 'exited', exitCode: 0 }),
    row('cache', { composeProject: 'shop' }),
  ];
  it('matches name, image and compose project', () => {
    expect(filterContainers(rows, { text: 'nginx', state: 'all' }).map((r) => r.name)).toEqual(['web-1']);
    expect(filterContainers(rows, { text: 'shop', state: 'all' }).map((r) => r.name)).toEqual(['cache']);
  });
  it('filters by state', () => {
    expect(filterContainers(rows, { text: '', state: 'exited' }).map((r) => r.name)).toEqual(['db']);
  });
});

describe('sortContainers', () => {
  it('sorts by CPU from the stats summary, rows without stats last', () => {
    const rows = [row('a'), row('b'), row('c')];
    const stats = new Map([
      ['a-id', { id: 'a-id', cpuPercent: 1, memUsage: 0, memLimit: 0, spark: [] }],
      ['c-id', { id: 'c-id', cpuPercent: 9, memUsage: 0, memLimit: 0, spark: [] }],
    ]);
    expect(sortContainers(rows, { key: 'cpu', dir: 'desc' }, stats).map((r) => r.name)).toEqual(['c', 'a', 'b']);
  });
  it('sorts by uptime with the most recently started first when ascending', () => {
    const rows = [
      row('old', { startedAt: 1000 }),
      row('new', { startedAt: 5000 }),
      row('stopped', { state: 'exited' }),
    ];
    expect(sortContainers(rows, { key: 'uptime', dir: 'asc' }).map((r) => r.name)).toEqual(['new', 'old', 'stopped']);
  });
});

describe('buildListItems', () => {
  const rows = [
    row('loose'),
    row('shop-web', { composeProject: 'shop', composeService: 'web' }),
    row('blog-db', { composeProject: 'blog' }),
    row('shop-db', { composeProject: 'shop' }),
  ];
  it('puts compose projects first, by name, each followed by its containers, then the rest', () => {
    const items = buildListItems(rows, new Set());
    expect(items.map((i) => (i.kind === 'group' ? `[${i.project}]` : i.row.name))).toEqual([
      '[blog]',
      'blog-db',
      '[shop]',
      'shop-web',
      'shop-db',
      'loose',
    ]);
  });
  it('hides the rows of a collapsed group but still counts them', () => {
    const items = buildListItems(rows, new Set([groupKey('local', 'shop')]));
    const shop = items.find((i) => i.kind === 'group' && i.project === 'shop');
    expect(shop?.kind === 'group' && shop.rows.length).toBe(2);
    expect(items.some((i) => i.kind === 'container' && i.row.name === 'shop-web')).toBe(false);
  });
  it('keeps the same project on two engines apart', () => {
    const items = buildListItems(
      [row('a', { composeProject: 'p' }), row('b', { composeProject: 'p', engineId: 'remote' })],
      new Set(),
    );
    expect(items.filter((i) => i.kind === 'group')).toHaveLength(2);
    expect(containerKey(rows[0]!)).toBe('local/loose-id');
  });
});
