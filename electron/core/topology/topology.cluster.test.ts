import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopologyEdge, TopologyItem, TopologyNode } from '../../../shared/contract/topology';
import { kubeconfigCopy, kubectl, kubectlApply, testNamespace } from '../../../e2e/cluster/clusterTestKit';
import { kubeBackend } from '../../../e2e/cluster/kubeBackend';
import { clusterSkipReason } from '../../../e2e/cluster/testKubeconfig';
import { removeTestContainers, runTestContainer, Subscription } from '../../../e2e/docker/dockerTestKit';
import { DOCKER_SOCKET, requireDocker } from '../../../e2e/docker/requireDocker';
import type { Backend } from '../backend';

const skip = clusterSkipReason();
const docker = await requireDocker();
const SUITE = 'topology-cluster';
const RANDOM = Math.random().toString(36).slice(2, 8);
/** Our own namespace and Node: the test writes nothing else in the shared cluster. */
const ownNamespace = testNamespace('topo');
const NAMESPACE = ownNamespace.name;
const NODE = `berth-test-topo-node-${RANDOM}`;
/** A context named as kind names its contexts (`kind-<cluster>`), pointing at test cluster A. */
const KIND_CLUSTER = `berth-topo-${RANDOM}`;
const KIND_CONTEXT = `kind-${KIND_CLUSTER}`;

function nodes(s: Subscription): TopologyNode[] {
  return [...s.rows.values()].filter((r) => r.type === 'node') as unknown as TopologyNode[];
}

function edges(s: Subscription): TopologyEdge[] {
  return [...s.rows.values()].filter((r) => r.type === 'edge') as unknown as TopologyEdge[];
}

function find(s: Subscription, kind: string, name: string, namespace?: string): TopologyNode | undefined {
  return nodes(s).find((n) => n.kind === kind && n.name === name && (!namespace || n.namespace === namespace));
}

function linked(
  s: Subscription,
  from: TopologyNode | undefined,
  relation: string,
  to: TopologyNode | undefined,
): boolean {
  return !!from && !!to && s.rows.has(`${from.id}|${relation}|${to.id}`);
}

describe.skipIf(skip !== null || !docker.available)(
  `topology.graph against the real test cluster and dockerd${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let backend: Backend;
    let dir: string;
    const subscriptions: Subscription[] = [];
    const subscribe = (params: unknown): Subscription => {
      const s = new Subscription(backend, 'topology.graph', params);
      subscriptions.push(s);
      return s;
    };

    beforeAll(() => {
      // A copy of the kubeconfig with one more context: the shared file is never written.
      const copy = kubeconfigCopy({ sameAsBerthA: [KIND_CONTEXT] });
      dir = copy.dir;
      ownNamespace.create();
      backend = kubeBackend({ kubeconfig: copy.file, env: { DOCKER_HOST: `unix://${DOCKER_SOCKET}` }, homeDir: dir });
    });

    afterAll(async () => {
      for (const s of subscriptions) s.unsubscribe();
      await backend?.dispose();
      await removeTestContainers(SUITE);
      ownNamespace.remove();
      kubectl('delete', 'node', NODE, '--ignore-not-found', '--wait=false');
      rmSync(dir, { recursive: true, force: true });
    });

    it('shows the seed: Deployment → ReplicaSet → Pods, Service → Pods, Ingress → Service', async () => {
      const map = subscribe({ contexts: ['berth-a'], namespaces: ['shop'] });
      const deployment = () => find(map, 'Deployment', 'frontend', 'shop');
      const replicaSets = () => nodes(map).filter((n) => n.kind === 'ReplicaSet' && n.name.startsWith('frontend-'));
      const pods = () => nodes(map).filter((n) => n.kind === 'Pod' && n.name.startsWith('frontend-'));
      const service = () => find(map, 'Service', 'frontend', 'shop');
      await map.waitFor(
        () =>
          pods().length >= 4 &&
          replicaSets().length >= 2 &&
          replicaSets().every((rs) => linked(map, deployment(), 'owns', rs)) &&
          pods().every((pod) => replicaSets().some((rs) => linked(map, rs, 'owns', pod))) &&
          pods().every((pod) => linked(map, service(), 'selects', pod)) &&
          linked(map, find(map, 'Ingress', 'shop', 'shop'), 'routesTo', service()),
        30_000,
        'the seeded frontend on the map',
      );
      // The namespace filter lets nothing of other namespaces through.
      expect(nodes(map).every((n) => n.namespace === undefined || n.namespace === 'shop')).toBe(true);
      expect(map.error).toBeUndefined();
      // What crosses to the renderer is plain JSON.
      const items = [...map.rows.values()] as unknown as TopologyItem[];
      expect(JSON.parse(JSON.stringify(items))).toEqual(items);
    });

    it('turns a crash-looping pod and its Deployment failing within seconds', async () => {
      const map = subscribe({ contexts: ['berth-a'], namespaces: [NAMESPACE] });
      await map.waitFor(() => nodes(map).some((n) => n.kind === 'Node'), 30_000, 'the map listed');
      const started = Date.now();
      kubectlApply({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'crasher', namespace: NAMESPACE },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'crasher' } },
          template: {
            metadata: { labels: { app: 'crasher', 'berth.dev/simulate': 'crashloop' } },
            spec: {
              containers: [{ name: 'main', image: 'berth-test/busybox:1' }],
              tolerations: [{ operator: 'Exists' }],
            },
          },
        },
      });
      const pod = () => nodes(map).find((n) => n.kind === 'Pod' && n.name.startsWith('crasher-'));
      await map.waitFor(() => pod()?.health.level === 'failing', 60_000, 'the pod failing');
      const seconds = (Date.now() - started) / 1000;
      console.log(`crash-looping pod failing on the map ${seconds.toFixed(1)} s after the Deployment was applied`);
      await map.waitFor(
        () => find(map, 'Deployment', 'crasher', NAMESPACE)?.health.level === 'failing',
        10_000,
        'the Deployment failing',
      );
      expect(find(map, 'Deployment', 'crasher', NAMESPACE)!.health.reason).toMatch(/^1 of 1 pods failing: /);
    });

    it('links a container labelled as a kind node to the Node of the same name', async () => {
      kubectlApply({ apiVersion: 'v1', kind: 'Node', metadata: { name: NODE, labels: { 'berth.test': '1' } } });
      await runTestContainer({
        suite: SUITE,
        name: NODE,
        cmd: ['sleep', '600'],
        labels: { 'io.x-k8s.kind.cluster': KIND_CLUSTER },
      });
      const map = subscribe({ contexts: [KIND_CONTEXT], engines: ['env'], namespaces: [NAMESPACE] });
      await map.waitFor(
        () =>
          linked(
            map,
            nodes(map).find((n) => n.kind === 'Container' && n.name === NODE),
            'isNode',
            find(map, 'Node', NODE),
          ),
        30_000,
        'the container linked to its Node',
      );
      const node = find(map, 'Node', NODE)!;
      expect(node.source).toEqual({ type: 'kube', context: KIND_CONTEXT });
      // Only that container: others on the shared engine are not nodes of this cluster.
      expect(edges(map).filter((e) => e.relation === 'isNode')).toHaveLength(1);
    });
  },
);
