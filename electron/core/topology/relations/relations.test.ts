import { describe, expect, it } from 'vitest';
import type { TopologyEdge, TopologyNode } from '../../../../shared/contract/topology';
import type { ContainerRow } from '../../../../shared/docker';
import { toRow } from '../../../../shared/kube/kind';
import { builtinKindByKind } from '../../../../shared/kube/kinds';
import configmaps from '../../../../shared/kube/kinds/fixtures/configmaps.json';
import cronjobs from '../../../../shared/kube/kinds/fixtures/cronjobs.json';
import deployments from '../../../../shared/kube/kinds/fixtures/deployments.json';
import endpointslices from '../../../../shared/kube/kinds/fixtures/endpointslices.json';
import hpas from '../../../../shared/kube/kinds/fixtures/horizontalpodautoscalers.json';
import ingressclasses from '../../../../shared/kube/kinds/fixtures/ingressclasses.json';
import ingresses from '../../../../shared/kube/kinds/fixtures/ingresses.json';
import jobs from '../../../../shared/kube/kinds/fixtures/jobs.json';
import nodes from '../../../../shared/kube/kinds/fixtures/nodes.json';
import pvs from '../../../../shared/kube/kinds/fixtures/persistentvolumes.json';
import pvcs from '../../../../shared/kube/kinds/fixtures/persistentvolumeclaims.json';
import pdbPods from '../../../../shared/kube/kinds/fixtures/poddisruptionbudget-pods.json';
import pdbs from '../../../../shared/kube/kinds/fixtures/poddisruptionbudgets.json';
import pods from '../../../../shared/kube/kinds/fixtures/pods.json';
import replicasets from '../../../../shared/kube/kinds/fixtures/replicasets.json';
import secrets from '../../../../shared/kube/kinds/fixtures/secrets.json';
import serviceaccounts from '../../../../shared/kube/kinds/fixtures/serviceaccounts.json';
import services from '../../../../shared/kube/kinds/fixtures/services.json';
import statefulsets from '../../../../shared/kube/kinds/fixtures/statefulsets.json';
import storageclasses from '../../../../shared/kube/kinds/fixtures/storageclasses.json';
import type { KubeObject } from '../../../../shared/kube/object';
import { TopologyGraph } from '../graph';
import { kubeGraphInput } from '../kubeInputs';
import { dockerGraphInputs } from './dockerRelations';

/**
 * Objects captured from the seeded test cluster A, as the `kind` field of their lists says, and a
 * PodDisruptionBudget with the pods around it from a namespace of its own (capture-pdb.sh).
 */
const FIXTURES: Array<[string, unknown[]]> = [
  ['ConfigMap', configmaps],
  ['CronJob', cronjobs],
  ['Deployment', deployments],
  ['EndpointSlice', endpointslices],
  ['HorizontalPodAutoscaler', hpas],
  ['IngressClass', ingressclasses],
  ['Ingress', ingresses],
  ['Job', jobs],
  ['Node', nodes],
  ['PersistentVolume', pvs],
  ['PersistentVolumeClaim', pvcs],
  ['Pod', pods],
  ['Pod', pdbPods],
  ['PodDisruptionBudget', pdbs],
  ['ReplicaSet', replicasets],
  ['Secret', secrets],
  ['ServiceAccount', serviceaccounts],
  ['Service', services],
  ['StatefulSet', statefulsets],
  ['StorageClass', storageclasses],
];

const CONTEXT = 'berth-a';

function rowsOf(kind: string, list: unknown[]) {
  const declaration = builtinKindByKind(kind)!;
  return (structuredClone(list) as KubeObject[]).map((o) => toRow(declaration, o));
}

function seededGraph(order: 'forward' | 'backward' = 'forward'): TopologyGraph {
  const graph = new TopologyGraph();
  const all = FIXTURES.flatMap(([kind, list]) => rowsOf(kind, list));
  if (order === 'backward') all.reverse();
  for (const row of all) graph.upsert(kubeGraphInput(CONTEXT, row));
  return graph;
}

function nodeNamed(graph: TopologyGraph, kind: string, name: string, namespace?: string): TopologyNode {
  const found = graph.items
    .values()
    .find(
      (i): i is TopologyNode =>
        i.type === 'node' &&
        i.kind === kind &&
        i.name === name &&
        (namespace === undefined || i.namespace === namespace),
    );
  if (!found) throw new Error(`no ${kind} ${namespace ?? ''}/${name} on the map`);
  return found;
}

function edges(graph: TopologyGraph): TopologyEdge[] {
  return graph.items.values().filter((i): i is TopologyEdge => i.type === 'edge');
}

/** `Kind name -relation-> Kind name` for every edge, to read like the map. */
function described(graph: TopologyGraph): string[] {
  const label = (id: string): string => {
    const n = graph.node(id)!;
    return `${n.kind} ${n.namespace ? `${n.namespace}/` : ''}${n.name}`;
  };
  return edges(graph).map((e) => `${label(e.from)} -${e.relation}-> ${label(e.to)}`);
}

describe('relations on objects from the seeded cluster', () => {
  const graph = seededGraph();
  const lines = described(graph);

  it('follows owner references: Deployment → ReplicaSet → Pod, StatefulSet → Pod, Job → Pod', () => {
    expect(lines).toContain('Deployment shop/frontend -owns-> ReplicaSet shop/frontend-59ffc76d7f');
    expect(lines).toContain('Deployment shop/frontend -owns-> ReplicaSet shop/frontend-dff4c49df');
    expect(lines).toContain('ReplicaSet shop/frontend-59ffc76d7f -owns-> Pod shop/frontend-59ffc76d7f-6sxgk');
    expect(lines).toContain('StatefulSet data/postgres -owns-> Pod data/postgres-0');
    expect(lines).toContain('Job batch/db-migrate -owns-> Pod batch/db-migrate-98db2');
  });

  it('links a Service to the Pods its selector matches, and only those', () => {
    const selected = lines.filter((l) => l.startsWith('Service shop/frontend -selects->'));
    expect(selected.sort()).toEqual([
      'Service shop/frontend -selects-> Pod shop/frontend-59ffc76d7f-6sxgk',
      'Service shop/frontend -selects-> Pod shop/frontend-59ffc76d7f-mchnb',
      'Service shop/frontend -selects-> Pod shop/frontend-59ffc76d7f-qzgh9',
      'Service shop/frontend -selects-> Pod shop/frontend-dff4c49df-p7n8q',
    ]);
    expect(lines.filter((l) => l.startsWith('Service team-a/api -selects->'))).toHaveLength(2);
  });

  it('links EndpointSlices to their Service, Ingress to Services and its class, HPA to its target', () => {
    expect(lines).toContain('EndpointSlice shop/frontend-mknlk -endpointsOf-> Service shop/frontend');
    expect(lines).toContain('Ingress shop/shop -routesTo-> Service shop/frontend');
    expect(lines).toContain('Ingress shop/shop -routesTo-> Service shop/cart');
    expect(lines).toContain('Ingress shop/shop -ingressClass-> IngressClass berth-nginx');
    expect(lines).toContain('HorizontalPodAutoscaler shop/cart -scales-> Deployment shop/cart');
  });

  it('follows storage: Pod → PersistentVolumeClaim → PersistentVolume → StorageClass', () => {
    expect(lines).toContain('Pod data/postgres-0 -claims-> PersistentVolumeClaim data/data-postgres-0');
    expect(lines).toContain(
      'PersistentVolumeClaim data/data-postgres-0 -boundTo-> PersistentVolume pv-data-postgres-0',
    );
    expect(lines).toContain('PersistentVolume pv-data-postgres-0 -storageClass-> StorageClass manual');
  });

  it('links Pods to their ConfigMaps, Secrets, Node and ServiceAccount', () => {
    expect(lines).toContain('Pod team-a/api-5946944566-5q8xh -mounts-> ConfigMap team-a/api-config');
    expect(lines).toContain('Pod team-a/api-5946944566-5q8xh -mounts-> Secret team-a/api-credentials');
    expect(lines).toContain('Pod shop/frontend-59ffc76d7f-qzgh9 -runsOn-> Node kwok-a-node-0');
    expect(lines).toContain('Pod team-a/crashloop-demo -runsAs-> ServiceAccount team-a/default');
  });

  it('makes the same edges whatever order the objects arrive in', () => {
    expect(described(seededGraph('backward')).sort()).toEqual([...lines].sort());
  });

  it('rolls a workload’s health up from its pods', () => {
    const frontend = nodeNamed(graph, 'Deployment', 'frontend', 'shop');
    // Held mid rollout: its own words say more than the count of unready pods.
    expect(frontend.health).toEqual({ level: 'warning', reason: 'Rollout in progress: 1/3 updated, 3/3 ready' });
  });
});

describe('PodDisruptionBudget → Pods, by a selector with matchExpressions', () => {
  const NS = 'berth-fixture-pdb';
  const guarded = (graph: TopologyGraph): string[] => {
    const pdb = nodeNamed(graph, 'PodDisruptionBudget', 'web', NS);
    return edges(graph)
      .filter((e) => e.from === pdb.id && e.relation === 'guards')
      .map((e) => graph.node(e.to)!.name)
      .sort();
  };
  const podRow = (name: string) => rowsOf('Pod', pdbPods).find((r) => r.name === name)!;

  it('guards the pods the API server counted for it, and only those', () => {
    const graph = seededGraph();
    // app=web, track NotIn (canary), legacy DoesNotExist: not web-canary, web-legacy or db.
    expect(guarded(graph)).toEqual(['web-second', 'web-stable']);
    // The disruption controller's own count of the pods it selects.
    expect(guarded(graph)).toHaveLength((pdbs[0] as { status: { expectedPods: number } }).status.expectedPods);
    expect(described(graph)).toContain(
      'PodDisruptionBudget berth-fixture-pdb/web -guards-> Pod berth-fixture-pdb/web-stable',
    );
  });

  it('follows label changes: a pod turned canary or legacy leaves, one turned stable joins', () => {
    const graph = seededGraph();
    const second = podRow('web-second');
    graph.upsert(kubeGraphInput(CONTEXT, { ...second, labels: { ...second.labels, track: 'canary' } }));
    expect(guarded(graph)).toEqual(['web-stable']);
    const canary = podRow('web-canary');
    graph.upsert(kubeGraphInput(CONTEXT, { ...canary, labels: { ...canary.labels, track: 'stable' } }));
    expect(guarded(graph)).toEqual(['web-canary', 'web-stable']);
    const stable = podRow('web-stable');
    graph.upsert(kubeGraphInput(CONTEXT, { ...stable, labels: { ...stable.labels, legacy: 'yes' } }));
    expect(guarded(graph)).toEqual(['web-canary']);
    graph.delete(nodeNamed(graph, 'Pod', 'web-canary', NS).id);
    expect(guarded(graph)).toEqual([]);
  });

  it('looks only in its own namespace', () => {
    const graph = seededGraph();
    const stable = podRow('web-stable');
    graph.upsert(kubeGraphInput(CONTEXT, { ...stable, id: 'elsewhere', namespace: 'shop', name: 'web-elsewhere' }));
    expect(guarded(graph)).toEqual(['web-second', 'web-stable']);
  });

  it('with an empty selector guards every pod of its namespace', () => {
    const graph = seededGraph();
    const [pdb] = rowsOf('PodDisruptionBudget', pdbs);
    const selectsAll = pdb!.refs!.map((r) => (r.relation === 'selects' ? { ...r, selector: {} } : r));
    graph.upsert(kubeGraphInput(CONTEXT, { ...pdb!, refs: selectsAll }));
    expect(guarded(graph)).toEqual(['db', 'web-canary', 'web-legacy', 'web-second', 'web-stable']);
  });
});

describe('incremental changes', () => {
  it('a pod deleted takes its edges along; added back, they return', () => {
    const graph = seededGraph();
    const pod = nodeNamed(graph, 'Pod', 'frontend-59ffc76d7f-6sxgk', 'shop');
    const before = edges(graph).filter((e) => e.from === pod.id || e.to === pod.id);
    expect(before.map((e) => e.relation).sort()).toEqual(['mounts', 'owns', 'selects']);
    graph.delete(pod.id);
    expect(edges(graph).filter((e) => e.from === pod.id || e.to === pod.id)).toEqual([]);
    const row = rowsOf('Pod', pods).find((r) => r.name === 'frontend-59ffc76d7f-6sxgk')!;
    graph.upsert(kubeGraphInput(CONTEXT, row));
    expect(
      edges(graph)
        .filter((e) => e.from === pod.id || e.to === pod.id)
        .map((e) => e.id)
        .sort(),
    ).toEqual(before.map((e) => e.id).sort());
  });

  it('a pod whose labels stop matching leaves the Service, and joins it again', () => {
    const graph = seededGraph();
    const row = rowsOf('Pod', pods).find((r) => r.name === 'api-5946944566-5q8xh')!;
    const service = nodeNamed(graph, 'Service', 'api', 'team-a');
    const selectedBy = () => edges(graph).filter((e) => e.from === service.id && e.relation === 'selects').length;
    expect(selectedBy()).toBe(2);
    graph.upsert(kubeGraphInput(CONTEXT, { ...row, labels: { ...row.labels, app: 'debug' } }));
    expect(selectedBy()).toBe(1);
    graph.upsert(kubeGraphInput(CONTEXT, row));
    expect(selectedBy()).toBe(2);
  });

  it('a failing pod turns its ReplicaSet and Deployment failing, with the reason; healed, they heal', () => {
    const graph = seededGraph();
    const row = rowsOf('Pod', pods).find((r) => r.name === 'frontend-59ffc76d7f-qzgh9')!;
    graph.upsert(
      kubeGraphInput(CONTEXT, { ...row, health: { level: 'failing', reason: 'CrashLoopBackOff (exit 1)' } }),
    );
    expect(nodeNamed(graph, 'Deployment', 'frontend', 'shop').health).toEqual({
      level: 'failing',
      reason: '1 of 4 pods failing: CrashLoopBackOff (exit 1)',
    });
    expect(nodeNamed(graph, 'ReplicaSet', 'frontend-59ffc76d7f', 'shop').health).toEqual({
      level: 'failing',
      reason: '1 of 3 pods failing: CrashLoopBackOff (exit 1)',
    });
    graph.upsert(kubeGraphInput(CONTEXT, row));
    expect(nodeNamed(graph, 'Deployment', 'frontend', 'shop').health.level).toBe('warning');
    expect(nodeNamed(graph, 'ReplicaSet', 'frontend-59ffc76d7f', 'shop').health.level).toBe('ok');
  });
});

describe('Docker relations', () => {
  const container = (over: Partial<ContainerRow>): ContainerRow => ({
    id: 'c1',
    engineId: 'local',
    name: 'web',
    image: 'berth-test/busybox:1',
    command: 'httpd',
    state: 'running',
    status: 'Up 2 minutes',
    ports: [],
    createdAt: 0,
    labels: {},
    ...over,
  });

  it('draws engine → network → container, Compose project → service → container, container → volume', () => {
    const graph = new TopologyGraph();
    const inputs = dockerGraphInputs({
      engineId: 'local',
      engineName: 'Local',
      engineHealth: { level: 'ok' },
      containers: [
        container({ composeProject: 'shop', composeService: 'web', labels: {} }),
        container({ id: 'c2', name: 'db', state: 'exited', exitCode: 1, status: 'Exited (1) 1 minute ago' }),
      ],
      relations: new Map([
        ['c1', { id: 'c1', name: 'web', imageId: 'i', volumes: ['data'], networkIds: ['n1'] }],
        ['c2', { id: 'c2', name: 'db', imageId: 'i', volumes: [], networkIds: [] }],
      ]),
      networks: [
        {
          id: 'n1',
          engineId: 'local',
          name: 'shop_default',
          driver: 'bridge',
          scope: 'local',
          subnets: [],
          containers: ['web'],
          builtIn: false,
        },
      ],
      contexts: [],
    });
    for (const input of inputs) graph.upsert(input);
    expect(described(graph).sort()).toEqual([
      'ComposeProject shop -hasService-> ComposeService web',
      'ComposeService web -runs-> Container web',
      'Container web -usesVolume-> Volume data',
      'Engine Local -hasNetwork-> Network shop_default',
      'Engine Local -runs-> ComposeProject shop',
      'Engine Local -runs-> Container db',
      'Network shop_default -attached-> Container web',
    ]);
    expect(graph.node('d/local/container/c2')!.health).toEqual({ level: 'failing', reason: 'Exited (1) 1 minute ago' });
  });

  it('links a kind node container to the Node of the same name in the kind-<cluster> context', () => {
    const graph = seededGraph();
    const contexts = [
      { name: 'kind-berth', cluster: 'kind-berth' },
      { name: 'other', cluster: 'other' },
    ];
    // The same cluster objects, seen through a context named as kind names it.
    for (const [kind, list] of FIXTURES.filter(([k]) => k === 'Node')) {
      for (const row of rowsOf(kind, list)) graph.upsert(kubeGraphInput('kind-berth', row));
    }
    const inputs = dockerGraphInputs({
      engineId: 'local',
      engineName: 'Local',
      engineHealth: { level: 'ok' },
      containers: [container({ name: 'kwok-a-node-0', labels: { 'io.x-k8s.kind.cluster': 'berth' } })],
      relations: new Map(),
      networks: [],
      contexts,
    });
    for (const input of inputs) graph.upsert(input);
    expect(described(graph).filter((l) => l.includes('-isNode->'))).toEqual([
      'Container kwok-a-node-0 -isNode-> Node kwok-a-node-0',
    ]);
    const edge = edges(graph).find((e) => e.relation === 'isNode')!;
    expect(graph.node(edge.to)!.source).toEqual({ type: 'kube', context: 'kind-berth' });
  });
});
