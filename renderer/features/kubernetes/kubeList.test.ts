import { describe, expect, it } from 'vitest';
import { labelSelectorMatches } from '../../../shared/kube/kinds/selectors';
import type { LabelSelector } from '../../../shared/kube/object';
import type { KubeMetricsRow } from '../../../shared/kube/summary';
import type { KindInfo, KubeRow } from '../../../shared/kube/types';
import { kindInfo } from '../../../shared/kube/kind';
import { events } from '../../../shared/kube/kinds/event';
import { nodes as nodeKind } from '../../../shared/kube/kinds/node';
import { pods as podKind } from '../../../shared/kube/kinds/pod';
import { findKind, groupKinds, kindByName, kindTitle } from './kindCatalog';
import {
  cellText,
  compareRows,
  defaultSort,
  fittedChars,
  formatDuration,
  healthReason,
  healthWord,
  matchesLabels,
  parseLabelFilter,
  rowFilter,
  selectorFilter,
  viewColumns,
  type LabelTerm,
} from './kubeList';

function row(name: string, extra: Partial<KubeRow> = {}): KubeRow {
  return {
    id: `uid-${name}`,
    kind: 'Pod',
    name,
    namespace: 'team-a',
    createdAt: 1_000,
    resourceVersion: '1',
    cells: {},
    health: { level: 'ok' },
    ...extra,
  };
}

const pods: KindInfo = {
  key: 'pods',
  kind: 'Pod',
  group: '',
  version: 'v1',
  plural: 'pods',
  namespaced: true,
  category: 'Workloads',
  builtin: true,
  columns: [
    { id: 'ready', label: 'Ready', align: 'end' },
    { id: 'restarts', label: 'Restarts', align: 'end', format: 'number' },
    { id: 'node', label: 'Node', mono: true, wide: true },
    { id: 'age', label: 'Age (their own)', format: 'age' },
  ],
};

describe('columns of a kind', () => {
  it('puts Name, Namespace and Age first, then health, the kind columns and usage', () => {
    const ids = viewColumns(pods, { wide: false, compact: false, usage: true }).map((c) => c.id);
    expect(ids).toEqual(['name', 'namespace', 'age', 'health', 'ready', 'restarts', 'cell.age', 'cpu', 'memory']);
  });
  it("keeps a pod's Status wide enough for CrashLoopBackOff, however many columns share the room", () => {
    const status = viewColumns(kindInfo(podKind), { wide: true, compact: false, usage: true }).find(
      (c) => c.id === 'status',
    );
    expect(status?.width).toBe('minmax(max(90px, calc(16ch + 16px)), 1fr)');
  });
  it("makes a Status room for the longest value the rows hold: a cordoned node's, else Ready's", () => {
    const nodeColumns = kindInfo(nodeKind).columns;
    const node = (status: string) => row(status, { cells: { status } });
    const width = (rows: KubeRow[]) =>
      viewColumns(kindInfo(nodeKind), {
        wide: false,
        compact: false,
        usage: true,
        fitted: fittedChars(nodeColumns, rows),
      }).find((c) => c.id === 'status')?.width;
    expect(width([node('Ready'), node('Ready')])).toBe('minmax(max(90px, calc(5ch + 16px)), 1fr)');
    expect(width([node('Ready'), node('Ready,SchedulingDisabled')])).toBe('minmax(max(90px, calc(24ch + 16px)), 1fr)');
    // Never wider than the kind says its telling values take.
    expect(fittedChars(nodeColumns, [node('NotReady,SchedulingDisabled,Unknown')])).toEqual({ status: 24 });
    expect(fittedChars(nodeColumns, [])).toEqual({ status: 0 });
  });
  it('shows wide columns on request; beside the details panel only health and CPU', () => {
    expect(viewColumns(pods, { wide: true, compact: false, usage: false }).map((c) => c.id)).toContain('node');
    expect(viewColumns(pods, { wide: true, compact: true, usage: true }).map((c) => c.id)).toEqual([
      'name',
      'namespace',
      'age',
      'health',
      'cpu',
    ]);
  });
  it('has no Namespace column for cluster-wide kinds', () => {
    const nodes = { ...pods, namespaced: false, columns: [] };
    expect(viewColumns(nodes, { wide: false, compact: false, usage: false }).map((c) => c.id)).toEqual([
      'name',
      'age',
      'health',
    ]);
  });
});

describe('cells as text', () => {
  it('formats numbers, booleans, ages and durations; empty is empty', () => {
    expect(cellText(1234, 'number', 0)).toBe('1,234');
    expect(cellText(true, undefined, 0)).toBe('Yes');
    expect(cellText(null, undefined, 0)).toBe('');
    expect(cellText(0, 'age', 10_000)).toBe('—');
    expect(cellText(1_000, 'age', 61_000)).toBe('1m');
    expect(cellText(3_723_000, 'duration', 0)).toBe('1h 2m');
    expect(formatDuration(45_000)).toBe('45s');
    expect(cellText('<img src=x onerror=alert(1)>', undefined, 0)).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('label filter', () => {
  it('reads key=value, key!=value, key and !key', () => {
    expect(parseLabelFilter(' app=api, tier!=db ,release,!canary,app.kubernetes.io/name==web')).toEqual({
      terms: [
        { op: '=', key: 'app', value: 'api' },
        { op: '!=', key: 'tier', value: 'db' },
        { op: 'exists', key: 'release' },
        { op: '!exists', key: 'canary' },
        { op: '=', key: 'app.kubernetes.io/name', value: 'web' },
      ],
    });
  });
  it('says what is wrong with a term it cannot read', () => {
    expect(parseLabelFilter('app=api,<img src=x>').error).toMatch(/"<img src=x>" is not a label filter/);
    expect(parseLabelFilter('!a=b').error).toBeDefined();
  });
  it('matches labels as kubectl -l does', () => {
    const labels = { app: 'api', tier: 'backend' };
    const { terms } = parseLabelFilter('app=api,tier!=db,!canary');
    expect(matchesLabels(labels, terms)).toBe(true);
    expect(matchesLabels(labels, parseLabelFilter('app=web').terms)).toBe(false);
    expect(matchesLabels(undefined, parseLabelFilter('tier!=db').terms)).toBe(true);
    expect(matchesLabels(undefined, parseLabelFilter('app').terms)).toBe(false);
  });
  it('turns a label selector into the filter that finds the same pods, or null when it cannot', () => {
    const selector: LabelSelector = {
      matchLabels: { app: 'cart' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['web'] },
        { key: 'track', operator: 'NotIn', values: ['canary', 'beta'] },
        { key: 'release', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    };
    const filter = selectorFilter(selector)!;
    expect(filter).toBe('app=cart,tier=web,track!=canary,track!=beta,release,!legacy');
    const pods = [
      { app: 'cart', tier: 'web', release: '1' },
      { app: 'cart', tier: 'web', release: '1', track: 'canary' },
      { app: 'cart', tier: 'web', release: '1', track: 'stable' },
      { app: 'cart', tier: 'db', release: '1' },
      { app: 'cart', tier: 'web', release: '1', legacy: 'yes' },
      { app: 'cart', tier: 'web' },
    ];
    const { terms } = parseLabelFilter(filter);
    for (const labels of pods) {
      expect(matchesLabels(labels, terms), JSON.stringify(labels)).toBe(labelSelectorMatches(selector, labels));
    }
    expect(selectorFilter({})).toBe('');
    expect(selectorFilter({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] })).toBeNull();
  });
});

describe('text filter and sort', () => {
  const rows = [
    row('web-10', { cells: { restarts: 0, ready: '1/1' }, createdAt: 3_000 }),
    row('web-2', { cells: { restarts: 7 }, health: { level: 'failing', reason: 'CrashLoopBackOff' } }),
    row('db', { namespace: 'data', labels: { app: 'db' }, cells: { restarts: null }, createdAt: 2_000 }),
  ];
  const cols = viewColumns(pods, { wide: false, compact: false, usage: true });
  const filterRows = (list: KubeRow[], text: string, terms: LabelTerm[]) =>
    list.filter(rowFilter(text, terms) ?? Boolean);
  const sortRows = (list: KubeRow[], ...args: Parameters<typeof compareRows>) => [...list].sort(compareRows(...args));

  it('matches every word against name, namespace, health and cells', () => {
    expect(filterRows(rows, 'crashloop', []).map((r) => r.name)).toEqual(['web-2']);
    expect(filterRows(rows, 'data', []).map((r) => r.name)).toEqual(['db']);
    expect(filterRows(rows, 'web failing', []).map((r) => r.name)).toEqual(['web-2']);
    expect(filterRows(rows, '', parseLabelFilter('app=db').terms).map((r) => r.name)).toEqual(['db']);
    expect(rowFilter(' ', [])).toBeNull();
  });

  it('sorts by any column; empty cells last; health puts failing first', () => {
    const names = (sort: { key: string; dir: 'asc' | 'desc' }) => sortRows(rows, sort, cols).map((r) => r.name);
    expect(names({ key: 'name', dir: 'asc' })).toEqual(['db', 'web-2', 'web-10']);
    expect(names({ key: 'restarts', dir: 'desc' })).toEqual(['web-2', 'web-10', 'db']);
    expect(names({ key: 'restarts', dir: 'asc' })).toEqual(['web-10', 'web-2', 'db']);
    expect(names({ key: 'health', dir: 'asc' })[0]).toBe('web-2');
    expect(names({ key: 'age', dir: 'asc' })).toEqual(['web-10', 'db', 'web-2']);
  });

  it('sorts by CPU from the usage of each row', () => {
    const usage = new Map<string, KubeMetricsRow>([
      ['uid-db', { id: 'data/db', cpu: 500, memory: 1, t: 0, spark: [] }],
      ['uid-web-10', { id: 'team-a/web-10', cpu: 20, memory: 1, t: 0, spark: [] }],
    ]);
    expect(sortRows(rows, { key: 'cpu', dir: 'desc' }, cols, (row) => usage.get(row.id)).map((r) => r.name)).toEqual([
      'db',
      'web-10',
      'web-2',
    ]);
  });
});

describe('events, as a user reads them', () => {
  const info = kindInfo(events);
  const event = (name: string, lastSeen: number) => row(name, { kind: 'Event', cells: { lastSeen } });
  const list = [event('a.1', 1_000), event('b.1', 3_000), event('c.1', 2_000)];

  it('start newest first, and keep that order beside the details panel (its Last seen column hidden)', () => {
    const sort = defaultSort(info);
    expect(sort).toEqual({ key: 'lastSeen', dir: 'desc' });
    const all = viewColumns(info, { wide: true, compact: false, usage: false });
    expect(viewColumns(info, { wide: false, compact: true, usage: false }).map((c) => c.id)).not.toContain('lastSeen');
    expect([...list].sort(compareRows(sort, all)).map((r) => r.name)).toEqual(['b.1', 'c.1', 'a.1']);
  });

  it('give the message most of the room left', () => {
    const width = (id: string) =>
      viewColumns(info, { wide: false, compact: false, usage: false }).find((c) => c.id === id)?.width;
    expect(width('message')).toBe('minmax(160px, 4fr)');
    expect(width('reason')).toBe('minmax(90px, 1fr)');
  });

  it('other kinds start by name', () => {
    expect(defaultSort(pods)).toEqual({ key: 'name', dir: 'asc' });
  });
});

describe('kinds for the picker', () => {
  const kinds: KindInfo[] = [
    {
      ...pods,
      key: 'widgets.example.com',
      kind: 'Widget',
      plural: 'widgets',
      category: 'Custom resources',
      builtin: false,
    },
    pods,
    { ...pods, key: 'services', kind: 'Service', plural: 'services', category: 'Network' },
    { ...pods, key: 'ingresses.networking.k8s.io', kind: 'Ingress', plural: 'ingresses', category: 'Network' },
    {
      ...pods,
      key: 'networkpolicies.networking.k8s.io',
      kind: 'NetworkPolicy',
      plural: 'networkpolicies',
      category: 'Network',
    },
  ];
  it('groups by category in the picker order', () => {
    expect(groupKinds(kinds).map((g) => [g.category, g.kinds.map(kindTitle)])).toEqual([
      ['Workloads', ['Pods']],
      ['Network', ['Services', 'Ingresses', 'NetworkPolicies']],
      ['Custom resources', ['Widgets']],
    ]);
  });
  it('finds the kind a reference names, built-in first', () => {
    const clash = [{ ...pods, key: 'pods.example.com', builtin: false }, pods];
    expect(kindByName(clash, 'Pod')?.key).toBe('pods');
    expect(kindByName(kinds, 'Nope')).toBeUndefined();
  });

  it('finds the kind an address names by its key, or as kubectl takes it (plural or kind, any case)', () => {
    expect(findKind(kinds, 'ingresses.networking.k8s.io')?.kind).toBe('Ingress');
    expect(findKind(kinds, 'ingresses')?.key).toBe('ingresses.networking.k8s.io');
    expect(findKind(kinds, 'Ingress')?.key).toBe('ingresses.networking.k8s.io');
    expect(findKind(kinds, 'WIDGET')?.key).toBe('widgets.example.com');
    expect(findKind(kinds, 'ingress.networking')).toBeUndefined();
  });
});

describe('health in words', () => {
  it("reads a level in the kind's own words where it has them (an event is Normal), else in Berth's", () => {
    const eventKind = kindInfo(events);
    expect(healthWord('ok', eventKind)).toBe('Normal');
    expect(healthWord('warning', eventKind)).toBe('Warning');
    expect(healthWord('ok', kindInfo(podKind))).toBe('Healthy');
    expect(healthWord('failing')).toBe('Failing');
  });

  it("leaves out a reason that only repeats the row's Status, and keeps one that adds to it", () => {
    const running = row('web-1', { cells: { status: 'Running' }, health: { level: 'ok', reason: 'Running' } });
    expect(healthReason(running)).toBeUndefined();
    const restarted = row('web-2', {
      cells: { status: 'Running' },
      health: { level: 'ok', reason: 'Running, 2 restarts' },
    });
    expect(healthReason(restarted)).toBe('Running, 2 restarts');
    const crashing = row('web-3', {
      cells: { status: 'CrashLoopBackOff' },
      health: { level: 'failing', reason: 'CrashLoopBackOff: last exit Error (1), 5 restarts' },
    });
    expect(healthReason(crashing)).toBe('CrashLoopBackOff: last exit Error (1), 5 restarts');
    // A kind without a Status column keeps its reason ("3/3 ready").
    expect(healthReason(row('api', { health: { level: 'ok', reason: '3/3 ready' } }))).toBe('3/3 ready');
  });
});
