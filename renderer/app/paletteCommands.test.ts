import { describe, expect, it, vi } from 'vitest';
import type { AppState } from '../../shared/app';
import { filterCommands, matchScore, paletteCommands } from './paletteCommands';

const state: AppState = {
  docker: {
    engines: [{ id: 'local', name: 'Local', source: 's', endpoint: 'unix:///var/run/docker.sock' }],
    searched: [],
    selectedEngineIds: ['local'],
  },
  kube: {
    kubeconfig: { paths: [], missing: [] },
    contexts: [
      { name: 'prod-eu', cluster: 'c', user: 'u' },
      { name: 'dev', cluster: 'c', user: 'u' },
    ],
    currentContext: 'dev',
    pinned: [],
    readOnly: [],
  },
};

describe('command palette', () => {
  it('offers views, contexts and engines', () => {
    const labels = paletteCommands(state, { navigate: vi.fn(), selectContext: vi.fn(), toggleEngine: vi.fn() }).map(
      (c) => c.label,
    );
    expect(labels).toEqual([
      'Go to Overview',
      'Go to Containers',
      'Go to Kubernetes',
      'Go to Topology',
      'Go to Dashboards',
      'Switch to context prod-eu',
      'Switch to context dev (current)',
      'Hide Docker engine Local',
    ]);
  });

  it('finds by substring first, then by subsequence', () => {
    const actions = { navigate: vi.fn(), selectContext: vi.fn(), toggleEngine: vi.fn() };
    const commands = paletteCommands(state, actions);
    expect(filterCommands(commands, 'prod')[0]?.label).toBe('Switch to context prod-eu');
    expect(filterCommands(commands, 'gtcont')[0]?.label).toBe('Go to Containers');
    expect(filterCommands(commands, 'zzz')).toEqual([]);
    filterCommands(commands, 'prod')[0]?.run();
    expect(actions.selectContext).toHaveBeenCalledWith('prod-eu');
  });

  it('jumps to a Kubernetes kind by its name', () => {
    const actions = { navigate: vi.fn(), selectContext: vi.fn(), toggleEngine: vi.fn(), openKind: vi.fn() };
    const kind = {
      key: 'deployments.apps',
      kind: 'Deployment',
      group: 'apps',
      version: 'v1',
      plural: 'deployments',
      namespaced: true,
      category: 'Workloads' as const,
      columns: [],
      builtin: true,
    };
    const commands = paletteCommands(state, actions, [kind, { ...kind, key: 'pods', kind: 'Pod', plural: 'pods' }]);
    expect(filterCommands(commands, 'deploy')[0]).toMatchObject({ label: 'Deployments', group: 'Kubernetes kind' });
    filterCommands(commands, 'pods')[0]?.run();
    expect(actions.openKind).toHaveBeenCalledWith('pods');
  });

  it('scores an empty query as a match', () => {
    expect(matchScore('', 'anything')).toBe(0);
  });
});
