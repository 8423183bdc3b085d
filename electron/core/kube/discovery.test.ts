import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS } from '../../../shared/kube/kinds';
import type { KubeRequest } from './connection/clusterClient';
import { discoverKinds, type DiscoveryClient } from './discovery';

const LIST_WATCH = ['get', 'list', 'watch'];

/** A server's discovery answers by path, and the requests it was asked. */
function server(answers: Record<string, unknown>): DiscoveryClient & { asked: KubeRequest[] } {
  const asked: KubeRequest[] = [];
  return {
    asked,
    json<T>(request: KubeRequest): Promise<T> {
      asked.push(request);
      const answer = answers[request.path];
      return answer === undefined ? Promise.reject(new Error(`503 on ${request.path}`)) : Promise.resolve(answer as T);
    },
  };
}

describe('discoverKinds', () => {
  it('reads every group from the two aggregated answers, preferred versions only', async () => {
    const api = server({
      '/api': {
        kind: 'APIGroupDiscoveryList',
        items: [
          {
            metadata: {},
            versions: [
              {
                version: 'v1',
                resources: [
                  { resource: 'pods', responseKind: { kind: 'Pod' }, scope: 'Namespaced', verbs: LIST_WATCH },
                  { resource: 'bindings', responseKind: { kind: 'Binding' }, scope: 'Namespaced', verbs: ['create'] },
                  {
                    resource: 'podtemplates',
                    responseKind: { kind: 'PodTemplate' },
                    scope: 'Namespaced',
                    verbs: LIST_WATCH,
                  },
                ],
              },
            ],
          },
        ],
      },
      '/apis': {
        kind: 'APIGroupDiscoveryList',
        items: [
          {
            metadata: { name: 'widgets.berth.test' },
            versions: [
              {
                version: 'v2',
                resources: [
                  { resource: 'widgets', responseKind: { kind: 'Widget' }, scope: 'Cluster', verbs: LIST_WATCH },
                ],
              },
              {
                version: 'v1',
                resources: [
                  { resource: 'oldwidgets', responseKind: { kind: 'OldWidget' }, scope: 'Cluster', verbs: LIST_WATCH },
                ],
              },
            ],
          },
          { metadata: { name: 'empty.example.com' }, versions: [] },
        ],
      },
    });
    const kinds = await discoverKinds(api, BUILTIN_KINDS);
    expect(api.asked.map((r) => r.path)).toEqual(['/api', '/apis']);
    expect(api.asked.every((r) => r.accept?.startsWith('application/json;g=apidiscovery.k8s.io;v=v2'))).toBe(true);
    // Declared kinds first and once (pods is declared); then what else can be listed and watched.
    expect(kinds.filter((k) => k.key === 'pods')).toHaveLength(1);
    const others = kinds.filter((k) => !k.builtin);
    expect(others).toEqual([
      expect.objectContaining({
        key: 'podtemplates',
        kind: 'PodTemplate',
        group: '',
        version: 'v1',
        namespaced: true,
        category: 'Cluster',
      }),
      expect.objectContaining({
        key: 'widgets.widgets.berth.test',
        kind: 'Widget',
        version: 'v2',
        namespaced: false,
        category: 'Custom resources',
      }),
    ]);
  });

  it('asks each group version of a server without aggregated discovery, skipping one that fails', async () => {
    const api = server({
      '/api': { kind: 'APIVersions', versions: ['v1'] },
      '/apis': {
        kind: 'APIGroupList',
        groups: [
          { name: 'widgets.berth.test', preferredVersion: { version: 'v2' }, versions: [{ version: 'v2' }] },
          { name: 'metrics.k8s.io', versions: [{ version: 'v1beta1' }] },
        ],
      },
      '/api/v1': { resources: [{ name: 'pods/log', kind: 'Pod', namespaced: true, verbs: ['get'] }] },
      '/apis/widgets.berth.test/v2': {
        resources: [{ name: 'widgets', kind: 'Widget', namespaced: true, verbs: LIST_WATCH }],
      },
      // metrics.k8s.io/v1beta1 is down: no answer.
    });
    const kinds = await discoverKinds(api, BUILTIN_KINDS);
    expect(api.asked.map((r) => r.path).sort()).toEqual(
      ['/api', '/apis', '/api/v1', '/apis/widgets.berth.test/v2', '/apis/metrics.k8s.io/v1beta1'].sort(),
    );
    expect(kinds.filter((k) => !k.builtin).map((k) => k.key)).toEqual(['widgets.widgets.berth.test']);
  });
});
