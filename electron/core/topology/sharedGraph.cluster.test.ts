import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionEvent } from '../../../shared/collection';
import type { TopologyItem, TopologyNode } from '../../../shared/contract/topology';
import { kubeconfigCopy, kubectl, kubectlApply, testNamespace } from '../../../e2e/cluster/clusterTestKit';
import { kubeBackend } from '../../../e2e/cluster/kubeBackend';
import { clusterSkipReason } from '../../../e2e/cluster/testKubeconfig';
import { Subscription } from '../../../e2e/docker/dockerTestKit';
import { until } from '../../../e2e/support/until';
import type { Backend } from '../backend';

const skip = clusterSkipReason();
const RANDOM = Math.random().toString(36).slice(2, 8);
/** Our own namespace: the test writes nothing else in the shared cluster. */
const ownNamespace = testNamespace('graphshare');
const NAMESPACE = ownNamespace.name;
/** A context of our own (a copy of berth-a) that the test removes from its kubeconfig copy. */
const DOOMED = `berth-graphshare-${RANDOM}`;

type GraphEvent = CollectionEvent<TopologyItem>;

function pod(name: string, labels: Record<string, string>): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NAMESPACE, labels },
    spec: { containers: [{ name: 'main', image: 'berth-test/busybox:1' }], tolerations: [{ operator: 'Exists' }] },
  });
}

interface KubeconfigFile {
  contexts: Array<{ name: string; context: Record<string, unknown> }>;
}

function find(s: Subscription<GraphEvent>, kind: string, name: string): TopologyNode | undefined {
  return [...s.rows.values()].find((r) => r.type === 'node' && r.kind === kind && r.name === name) as
    TopologyNode | undefined;
}

/** The pods the budget `web` guards, as a subscriber sees the map. */
function guarded(s: Subscription<GraphEvent>): string[] {
  const pdb = find(s, 'PodDisruptionBudget', 'web');
  if (!pdb) return [];
  return [...s.rows.values()]
    .filter((r) => r.type === 'edge' && r.from === pdb.id && r.relation === 'guards')
    .map((r) => [...s.rows.values()].find((n) => n.id === r.to)?.name as string)
    .sort();
}

/** Snapshot at 0, then every delta one more: what a client checks to notice a gap. */
function expectContiguous(events: GraphEvent[]): void {
  expect(events[0]?.type).toBe('snapshot');
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
}

describe.skipIf(skip !== null)(
  `topology.graph shared between subscribers, on the real test cluster${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let backend: Backend;
    let dir: string;
    let kubeconfig: string;
    let config: KubeconfigFile;
    const subscriptions: Subscription<GraphEvent>[] = [];
    const subscribe = (params: unknown): Subscription<GraphEvent> => {
      const s = new Subscription<GraphEvent>(backend, 'topology.graph', params);
      subscriptions.push(s);
      return s;
    };
    const listed = (s: Subscription<GraphEvent>, what: string) =>
      s.waitFor(() => [...s.rows.values()].some((r) => r.kind === 'Node'), 60_000, `${what} listed`);

    beforeAll(() => {
      // A copy of the kubeconfig with one more context: the shared file is never written.
      ({ dir, file: kubeconfig } = kubeconfigCopy({ sameAsBerthA: [DOOMED] }));
      config = load(readFileSync(kubeconfig, 'utf8')) as KubeconfigFile;
      ownNamespace.create();
      backend = kubeBackend({ kubeconfig, homeDir: dir });
    });

    afterAll(async () => {
      for (const s of subscriptions) s.unsubscribe();
      await backend?.dispose();
      ownNamespace.remove();
      rmSync(dir, { recursive: true, force: true });
    });

    it('builds one graph for two subscribers; both get the same changes, and the budget → pod edges', async () => {
      const builds = backend.topology.builds;
      const params = { contexts: ['berth-a'], namespaces: [NAMESPACE] };
      const first = subscribe(params);
      const second = subscribe(params);
      await listed(first, 'the first map');
      await listed(second, 'the second map');
      expect(backend.topology.builds - builds).toBe(1);
      expect(backend.topology.held).toBe(1);
      // From here on both are shown the same flushes: what each receives must be the same.
      const marks = [first.events.length, second.events.length] as const;

      kubectlApply(pod('web-stable', { app: 'web', track: 'stable' }));
      kubectlApply(pod('web-canary', { app: 'web', track: 'canary' }));
      kubectlApply({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'web', namespace: NAMESPACE },
        spec: {
          minAvailable: 1,
          selector: {
            matchLabels: { app: 'web' },
            matchExpressions: [
              { key: 'track', operator: 'In', values: ['stable'] },
              { key: 'legacy', operator: 'DoesNotExist' },
            ],
          },
        },
      });
      for (const map of [first, second]) {
        await map.waitFor(
          () => guarded(map).join() === 'web-stable' && !!find(map, 'Pod', 'web-canary'),
          60_000,
          'the budget guarding web-stable only',
        );
      }
      // A label change moves the edges on both maps: canary turned stable joins, stable marked legacy leaves.
      kubectl('label', 'pod', '-n', NAMESPACE, 'web-canary', 'track=stable', '--overwrite');
      kubectl('label', 'pod', '-n', NAMESPACE, 'web-stable', 'legacy=yes');
      for (const map of [first, second]) {
        await map.waitFor(() => guarded(map).join() === 'web-canary', 60_000, 'the budget guarding web-canary only');
      }
      expect(backend.topology.builds - builds).toBe(1);
      expect([...second.rows.entries()].sort()).toEqual([...first.rows.entries()].sort());
      const deltas = (events: GraphEvent[], from: number) =>
        events.slice(from).map((e) => (e.type === 'delta' ? { upserts: e.upserts, deletes: e.deletes } : e));
      // Each map may still be one flush behind the other when its own condition holds.
      await until('both maps to have had the same deltas', 10_000, async () =>
        JSON.stringify(deltas(first.events, marks[0])) === JSON.stringify(deltas(second.events, marks[1]))
          ? true
          : undefined,
      );
      expect(first.events.length - marks[0]).toBeGreaterThan(0);
      expectContiguous(first.events);
      expectContiguous(second.events);

      // The last one leaving releases the graph (after its grace period), the first one leaving does not.
      first.unsubscribe();
      expect(backend.topology.held).toBe(1);
      second.unsubscribe();
      await until('the graph released', 30_000, async () => (backend.topology.held === 0 ? true : undefined));
      // A new subscriber then gets a graph built anew, already showing the cluster as it is.
      const again = subscribe(params);
      await again.waitFor(() => guarded(again).join() === 'web-canary', 60_000, 'the rebuilt map');
      expect(backend.topology.builds - builds).toBe(2);
      expectContiguous(again.events);
      again.unsubscribe();
    }, 180_000);

    it('shares across namespace filters and source order, not across different contexts', async () => {
      await until('earlier graphs released', 30_000, async () => (backend.topology.held === 0 ? true : undefined));
      const builds = backend.topology.builds;
      const a = subscribe({ contexts: ['berth-a'], namespaces: [NAMESPACE] });
      const shop = subscribe({ contexts: ['berth-a', 'berth-a'], namespaces: ['shop'] });
      const b = subscribe({ contexts: ['berth-b'] });
      const both = subscribe({ contexts: ['berth-b', 'berth-a'], namespaces: [NAMESPACE] });
      const bothAgain = subscribe({ contexts: ['berth-a', 'berth-b'], namespaces: [NAMESPACE] });
      for (const [s, what] of [
        [a, 'berth-a'],
        [shop, 'berth-a (shop)'],
        [b, 'berth-b'],
        [both, 'both'],
        [bothAgain, 'both again'],
      ] as const) {
        await listed(s, what);
      }
      // berth-a, berth-b, and berth-a with berth-b.
      expect(backend.topology.builds - builds).toBe(3);
      expect(backend.topology.held).toBe(3);
      // Each still sees only its namespaces.
      await shop.waitFor(() => !!find(shop, 'Deployment', 'frontend'), 30_000, 'the shop namespace');
      expect([...shop.rows.values()].every((r) => r.namespace === undefined || r.namespace === 'shop')).toBe(true);
      expect(find(a, 'Deployment', 'frontend')).toBeUndefined();
      expect([...b.rows.values()].some((r) => r.namespace === NAMESPACE)).toBe(false);
      for (const s of [a, shop, b, both, bothAgain]) s.unsubscribe();
    }, 120_000);

    it('ends every view of a graph whose context leaves the kubeconfig, and drops that graph at once', async () => {
      await until('earlier graphs released', 30_000, async () => (backend.topology.held === 0 ? true : undefined));
      const first = subscribe({ contexts: [DOOMED] });
      const second = subscribe({ contexts: [DOOMED] });
      await listed(first, 'the first map');
      await listed(second, 'the second map');
      expect(backend.topology.held).toBe(1);
      writeFileSync(kubeconfig, dump({ ...config, contexts: config.contexts.filter((c) => c.name !== DOOMED) }));
      for (const map of [first, second]) {
        await map.waitFor(() => map.error !== undefined, 30_000, 'the map ended');
        expect(map.error).toMatchObject({ code: 'unavailable', message: expect.stringContaining(DOOMED) });
      }
      // Dropped at once, not kept for a grace period: nobody can be shown a broken graph.
      expect(backend.topology.held).toBe(0);
    }, 120_000);
  },
);
