/**
 * Topology benchmark (npx tsx bench/topology.bench.ts), synthetic data, no engine or cluster:
 *
 *  1. Layout of the map (the Web Worker's work) for 500, 2,000 and 5,000 nodes, from scratch and
 *     again with one pod added (positions kept); and the map model (filters, groups, simplification).
 *  2. Backend cost of one pod change in a graph of 10,000 pods (Deployments of 50 with their
 *     ReplicaSets and Services, 100 Nodes): a health change, a label change, a delete and re-add.
 *
 * Figures only; no pass/fail. Targets: layout < 1 s at 2,000 nodes; one pod change < 5 ms.
 */
import { performance } from 'node:perf_hooks';
import type { KubeRow } from '../shared/kube/types';
import { TopologyGraph } from '../electron/core/topology/graph';
import { kubeGraphInput } from '../electron/core/topology/kubeInputs';
import { layout, type LayoutInput } from '../renderer/features/topology/layout';
import { buildMap, DEFAULT_THRESHOLD } from '../renderer/features/topology/mapModel';
import { syntheticGraph } from '../renderer/features/topology/syntheticGraph';
import { fmt, percentile } from './figures';

function time<T>(fn: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = fn();
  return { ms: performance.now() - started, value };
}

console.log('1. Map layout (own layered layout, as run in the Web Worker)');
for (const target of [500, 2000, 5000]) {
  // Deployments of 50 pods bring 3 more objects each: pods = 50/53 of the nodes.
  const { nodes, edges } = syntheticGraph(Math.round((target * 50) / 53));
  const input: LayoutInput = {
    nodes: nodes.map((n) => ({ id: n.id, group: n.namespace! })),
    edges: edges.map((e) => ({ from: e.from, to: e.to })),
    groups: [...new Set(nodes.map((n) => n.namespace!))],
  };
  layout(input); // warm-up
  const runs = Array.from({ length: 5 }, () => time(() => layout(input)));
  const first = runs[0]!.value;
  const added = {
    ...input,
    nodes: [...input.nodes, { id: 'pod-new', group: input.nodes[0]!.group }],
    edges: [...input.edges, { from: 'rs-0', to: 'pod-new' }],
    previous: first,
  };
  const again = Array.from({ length: 5 }, () => time(() => layout(added)).ms);
  const model = Array.from(
    { length: 5 },
    () =>
      time(() =>
        buildMap(nodes, edges, {
          groupBy: 'namespace',
          filters: { kinds: new Set(), health: new Set(), namespaces: new Set(), text: '' },
          collapsed: new Set(),
          expanded: new Set(),
          selected: null,
          threshold: Number.POSITIVE_INFINITY,
        }),
      ).ms,
  );
  const simplified = buildMap(nodes, edges, {
    groupBy: 'namespace',
    filters: { kinds: new Set(), health: new Set(), namespaces: new Set(), text: '' },
    collapsed: new Set(),
    expanded: new Set(),
    selected: null,
    threshold: DEFAULT_THRESHOLD,
  });
  console.log(
    `  ${String(nodes.length).padStart(5)} nodes, ${String(edges.length).padStart(5)} edges: layout median ${fmt(
      percentile(
        runs.map((r) => r.ms),
        50,
      ),
    )} ms, with one pod added (positions kept) ${fmt(percentile(again, 50))} ms; map model ${fmt(
      percentile(model, 50),
    )} ms; simplified above ${DEFAULT_THRESHOLD}: ${simplified.nodes.length} nodes drawn`,
  );
}

console.log('\n2. Backend: one pod change in a graph of 10,000 pods');
const CONTEXT = 'bench';
const PODS = 10_000;
const PER_DEPLOYMENT = 50;
const rows: KubeRow[] = [];
const pods: KubeRow[] = [];
const base = { createdAt: 0, resourceVersion: '1', cells: {}, health: { level: 'ok' as const } };
for (let n = 0; n < 100; n++) rows.push({ ...base, id: `node-${n}`, kind: 'Node', name: `node-${n}` });
for (let d = 0; d < PODS / PER_DEPLOYMENT; d++) {
  const namespace = `ns-${Math.floor(d / 10)}`;
  const app = `app-${d}`;
  rows.push({ ...base, id: `dep-${d}`, kind: 'Deployment', name: app, namespace });
  rows.push({
    ...base,
    id: `rs-${d}`,
    kind: 'ReplicaSet',
    name: `${app}-5d8f`,
    namespace,
    refs: [{ relation: 'owner', kind: 'Deployment', name: app, namespace, uid: `dep-${d}` }],
  });
  rows.push({
    ...base,
    id: `svc-${d}`,
    kind: 'Service',
    name: app,
    namespace,
    refs: [{ relation: 'selects', kind: 'Pod', name: '', namespace, selector: { matchLabels: { app } } }],
  });
  for (let p = 0; p < PER_DEPLOYMENT; p++) {
    const pod: KubeRow = {
      ...base,
      id: `pod-${d}-${p}`,
      kind: 'Pod',
      name: `${app}-5d8f-${p}`,
      namespace,
      labels: { app, 'pod-template-hash': '5d8f' },
      cells: { node: `node-${(d + p) % 100}` },
      refs: [
        { relation: 'owner', kind: 'ReplicaSet', name: `${app}-5d8f`, namespace, uid: `rs-${d}` },
        { relation: 'node', kind: 'Node', name: `node-${(d + p) % 100}` },
      ],
    };
    rows.push(pod);
    pods.push(pod);
  }
}
const graph = new TopologyGraph();
// A subscriber, so every change is really queued for a delta.
const stop = graph.items.subscribe(() => undefined);
const built = time(() => {
  for (const row of rows) graph.upsert(kubeGraphInput(CONTEXT, row));
});
console.log(
  `  built: ${graph.nodeCount} nodes, ${graph.edgeCount} edges in ${fmt(built.ms, 0)} ms (${fmt(
    (built.ms * 1000) / rows.length,
  )} µs per object)`,
);
graph.items.flush();

function measure(label: string, change: (pod: KubeRow, i: number) => void): void {
  const samples: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const pod = pods[(i * 7919) % pods.length]!;
    samples.push(time(() => change(pod, i)).ms);
    if (i % 100 === 0) graph.items.flush();
  }
  graph.items.flush();
  console.log(
    `  ${label}: median ${fmt(percentile(samples, 50) * 1000, 0)} µs, p99 ${fmt(
      percentile(samples, 99) * 1000,
      0,
    )} µs, max ${fmt(Math.max(...samples), 2)} ms`,
  );
}

measure('health change (crash loop and back)', (pod, i) =>
  graph.upsert(
    kubeGraphInput(CONTEXT, {
      ...pod,
      resourceVersion: String(i),
      health: i % 2 ? { level: 'ok' } : { level: 'failing', reason: 'CrashLoopBackOff' },
    }),
  ),
);
measure('label change (leaves its Service and comes back)', (pod, i) =>
  graph.upsert(
    kubeGraphInput(CONTEXT, {
      ...pod,
      labels: i % 2 ? pod.labels! : { ...pod.labels, app: 'moved' },
    }),
  ),
);
measure('delete, then add again', (pod) => {
  graph.delete(`k/${CONTEXT}/${pod.id}`);
  graph.upsert(kubeGraphInput(CONTEXT, pod));
});
stop();
graph.items.dispose();
