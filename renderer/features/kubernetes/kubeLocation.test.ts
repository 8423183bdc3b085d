import { describe, expect, it } from 'vitest';
import { kubeParams, objectKey, parseNamespaces, readKubeLocation } from './kubeLocation';
import { linkLocation } from './objectLinks';

describe('the Kubernetes view in the URL', () => {
  it('round-trips context, kind, namespaces, filters, sort, selection and tab through the URL query', () => {
    const state = {
      context: 'berth-a',
      kind: 'deployments.apps',
      namespaces: ['team-b', 'team-a'],
      text: 'api',
      labels: 'app=api,tier!=db',
      sort: 'ready:desc',
      selected: 'team-a/api',
      tab: 'yaml' as const,
      wide: true,
      logContainer: null,
      previousLogs: false,
    };
    const query = new URLSearchParams(kubeParams(state)).toString();
    const back = readKubeLocation(new URLSearchParams(query));
    expect(back).toEqual({ ...state, namespaces: ['team-a', 'team-b'] });
  });

  it('keeps the Logs tab on one container’s previous run, and leaves it out of links to other tabs', () => {
    const logs = { selected: 'team-a/crashloop-demo', tab: 'logs' as const, logContainer: 'app', previousLogs: true };
    const params = kubeParams(logs);
    expect(params).toMatchObject({ dtab: 'logs', ctr: 'app', prev: '1' });
    expect(readKubeLocation(new URLSearchParams(params))).toMatchObject(logs);
    expect(kubeParams({ ...logs, tab: 'timeline' })).not.toHaveProperty('ctr');
    expect(kubeParams({ ...logs, tab: 'timeline' })).not.toHaveProperty('prev');
  });

  it('leaves defaults out of links and reads a bare URL as pods, remembered namespaces, overview', () => {
    expect(kubeParams({ kind: 'pods', tab: 'overview', namespaces: null, wide: false })).toEqual({});
    expect(readKubeLocation(new URLSearchParams())).toMatchObject({
      context: null,
      kind: 'pods',
      namespaces: null,
      selected: null,
      tab: 'overview',
      wide: false,
    });
  });

  it('tells all namespaces (*) from none remembered, and drops names that are not namespaces', () => {
    expect(parseNamespaces('*')).toEqual([]);
    expect(parseNamespaces(null)).toBeNull();
    expect(parseNamespaces('b,a,a,../etc,<x>,UPPER')).toEqual(['a', 'b']);
    expect(kubeParams({ namespaces: [] })).toEqual({ ns: '*' });
  });

  it('rejects a kind or tab it does not know the shape of', () => {
    const l = readKubeLocation(new URLSearchParams('kind=../../x&dtab=<script>'));
    expect(l.kind).toBe('pods');
    expect(l.tab).toBe('overview');
    // A kind named as kubectl takes it is kept, for the view to resolve.
    expect(readKubeLocation(new URLSearchParams('kind=Deployment')).kind).toBe('Deployment');
  });

  it('names objects by namespace/name, cluster-wide ones by name', () => {
    expect(objectKey({ namespace: 'team-a', name: 'api' })).toBe('team-a/api');
    expect(objectKey({ name: 'kwok-a-node-0' })).toBe('kwok-a-node-0');
  });

  it('following a link selects the target, shows its namespace and drops filters that could hide it', () => {
    const here = readKubeLocation(new URLSearchParams('kind=deployments.apps&ns=team-b&q=api&sel=team-b/api'));
    const there = linkLocation(here, { kind: 'replicasets.apps', namespace: 'team-a', name: 'api-5d8f' });
    expect(there).toMatchObject({
      kind: 'replicasets.apps',
      namespaces: ['team-a', 'team-b'],
      text: '',
      selected: 'team-a/api-5d8f',
    });
    const all = linkLocation({ ...here, namespaces: [] }, { kind: 'pods', namespace: 'team-a', labels: 'app=api' });
    expect(all).toMatchObject({ kind: 'pods', namespaces: [], labels: 'app=api', selected: null });
  });

  it('a link can open a pod on its Logs tab, on one container’s previous run', () => {
    const here = readKubeLocation(new URLSearchParams('kind=deployments.apps&ns=team-a&sel=team-a/api&dtab=timeline'));
    const there = linkLocation(here, {
      kind: 'pods',
      namespace: 'team-a',
      name: 'api-1',
      tab: 'logs',
      logContainer: 'app',
      previousLogs: true,
    });
    expect(there).toMatchObject({ kind: 'pods', selected: 'team-a/api-1', tab: 'logs', logContainer: 'app' });
    expect(kubeParams(there)).toMatchObject({ sel: 'team-a/api-1', dtab: 'logs', ctr: 'app', prev: '1' });
    // A plain link opens the overview, with no logs state carried over.
    expect(linkLocation(there, { kind: 'nodes', name: 'n' })).toMatchObject({ tab: 'overview', previousLogs: false });
  });
});
