/**
 * Topology benchmark (npx tsx bench/topology.bench.ts), synthetic data, no engine or cluster:
 *
 *  1. Layout of the map (the Web Worker's work) for 500, 2,000 and 5,000 nodes, from scratch and
 *     again with one pod added (positions kept); and the map model (filters, groups, simplification).
 *     Beside it, in the same run on the same graphs, elkjs's layered layout (bench/elkLayout.ts):
 *     time, and for both the edge crossings and mean edge length as the map draws them, and how
 *     far the other nodes move when one pod is added.
 *  2. Backend cost of one pod change in a graph of 10,000 pods (Deployments of 50 with their
 *     ReplicaSets and Services, 100 Nodes): a health change, a label change, a delete and re-add.
 *
 * Quick (BERTH_BENCH_QUICK=1): 500 nodes only, elkjs once on one Deployment (53 nodes),
 * 1,000 pods for the backend: it checks that everything still runs.
 * Figures only; no pass/fail. Targets: layout < 1 s at 2,000 nodes; one pod change < 5 ms.
 */
import { performance } from 'node:perf_hooks';
import type { KubeRow } from '../shared/kube/types';
import { TopologyGraph } from '../electron/core/topology/graph';
import { kubeGraphInput } from '../electron/core/topology/kubeInputs';
import { layout, type LayoutInput, type Point } from '../renderer/features/topology/layout';
import { buildMap, DEFAULT_THRESHOLD } from '../renderer/features/topology/mapModel';
import { syntheticGraph } from '../renderer/features/topology/syntheticGraph';
import { elkLayout } from './elkLayout';
import { fmt, percentile } from './figures';
import { displacement, edgeCrossings, meanEdgeLength } from './layoutQuality';
import { BenchReport, median, QUICK, type Target, type Unit } from './report';

const SIZES = QUICK ? [500] : [500, 2000, 5000];
const RUNS = QUICK ? 1 : 5;
/** elkjs takes seconds per layout: fewer runs, one at the largest size. */
const elkRuns = (target: number): number => (QUICK || target > 2000 ? 1 : 3);
const COMMAND = QUICK ? 'npm run bench -- --quick' : 'npm run bench -- topology';
const report = new BenchReport('topology');
const ELK_VERSION = '0.12.1';

function time<T>(fn: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = fn();
  return { ms: performance.now() - started, value };
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

const noFilters = { kinds: new Set<string>(), health: new Set<never>(), namespaces: new Set<string>(), text: '' };

/** The synthetic graph of about `target` nodes as the layout takes it, and the same with one pod more. */
function graphFor(target: number) {
  // Deployments of 50 pods bring 3 more objects each: pods = 50/53 of the nodes.
  const { nodes, edges } = syntheticGraph(Math.round((target * 50) / 53));
  const input: LayoutInput = {
    nodes: nodes.map((n) => ({ id: n.id, group: n.namespace! })),
    edges: edges.map((e) => ({ from: e.from, to: e.to })),
    groups: [...new Set(nodes.map((n) => n.namespace!))],
  };
  const added: LayoutInput = {
    ...input,
    nodes: [...input.nodes, { id: 'pod-new', group: input.nodes[0]!.group }],
    edges: [...input.edges, { from: 'rs-0', to: 'pod-new' }, { from: 'svc-0', to: 'pod-new' }],
  };
  return { nodes, edges, input, added };
}

function adder(target: number, count: number) {
  return (id: string, what: string, unit: Unit, value: number, extra: { target?: Target; versus?: string } = {}) =>
    report.add({
      id: `layout.${target}.${id}`,
      what: `${what}, ${count} nodes`,
      unit,
      value,
      command: COMMAND,
      ...extra,
    });
}

function layouts(): void {
  console.log('1. Map layout (own layered layout, as run in the Web Worker)');
  for (const target of SIZES) {
    const { nodes, edges, input, added } = graphFor(target);
    const add = adder(target, nodes.length);
    layout(input); // warm-up
    const runs = Array.from({ length: RUNS }, () => time(() => layout(input)));
    const first = runs[0]!.value;
    const again = Array.from({ length: RUNS }, () => time(() => layout({ ...added, previous: first })));
    const options = {
      groupBy: 'namespace' as const,
      filters: noFilters,
      collapsed: new Set<string>(),
      expanded: new Set<string>(),
      selected: null,
    };
    const model = Array.from(
      { length: RUNS },
      () => time(() => buildMap(nodes, edges, { ...options, threshold: Number.POSITIVE_INFINITY })).ms,
    );
    const simplified = buildMap(nodes, edges, { ...options, threshold: DEFAULT_THRESHOLD });
    for (const r of runs) {
      add('ours.ms', 'Layout, ours', 'ms', r.ms, {
        ...(target === 2000 ? { target: { op: '<', value: 1000, text: 'layout under 1 s for 2,000 nodes' } } : {}),
      });
    }
    for (const r of again) add('ours.addOne.ms', 'Layout again with one pod added (positions kept), ours', 'ms', r.ms);
    for (const ms of model) add('model.ms', 'Map model (filters, groups), everything drawn', 'ms', ms);
    console.log(`  simplified above ${DEFAULT_THRESHOLD}: ${simplified.nodes.length} nodes drawn`);
  }
}

/**
 * Ours beside elkjs on the same graphs in the same run: time, crossings, edge length, and how
 * far the other nodes move when one pod is added. Quick: one Deployment (53 nodes), only to
 * see it still works (elkjs alone takes seconds to start).
 */
async function compareWithElk(): Promise<void> {
  console.log('\n2. Map layout: ours beside elkjs layered');
  report.version('elkjs', ELK_VERSION);
  let warm = false;
  for (const target of QUICK ? [53] : SIZES) {
    const { nodes, input, added } = graphFor(target);
    const add = adder(target, nodes.length);
    const oursBefore = layout(input);
    const oursAfter = layout({ ...added, previous: oursBefore });
    // Its first call in a process compiles elkjs's code: not counted.
    if (!warm && !QUICK) await elkLayout(input);
    warm = true;
    const elkTimes: Array<{ ms: number; value: { positions: Record<string, Point> } }> = [];
    for (let i = 0; i < elkRuns(target); i++) elkTimes.push(await timeAsync(() => elkLayout(input)));
    for (const r of elkTimes)
      add('elk.ms', 'Layout, elkjs layered', 'ms', r.ms, QUICK ? {} : { versus: `layout.${target}.ours.ms` });
    const elkAfter = await elkLayout(added);
    for (const [who, peer, before, after] of [
      ['ours', undefined, oursBefore.positions, oursAfter.positions],
      ['elk', 'ours', elkTimes[0]!.value.positions, elkAfter.positions],
    ] as const) {
      const name = who === 'ours' ? 'ours' : 'elkjs';
      const versus = (id: string) => (peer ? { versus: `layout.${target}.${peer}.${id}` } : {});
      add(
        `${who}.crossings`,
        `Edge crossings as drawn, ${name}`,
        'crossings',
        edgeCrossings(before, input.edges),
        versus('crossings'),
      );
      add(
        `${who}.edgeLength`,
        `Mean edge length as drawn, ${name}`,
        'px',
        meanEdgeLength(before, input.edges),
        versus('edgeLength'),
      );
      const moved = displacement(before, after);
      add(`${who}.addOne.moved`, `Nodes that move when one pod is added, ${name}`, '%', moved.movedShare * 100);
      add(`${who}.addOne.meanMove`, `Mean move of the nodes when one pod is added, ${name}`, 'px', moved.meanPx);
    }
    console.log(`  ${nodes.length} nodes: elkjs ${fmt(median(elkTimes.map((r) => r.ms)))} ms`);
  }
  if (!QUICK) {
    report.note(
      'layout: ours is kept over elkjs layered (see the top of renderer/features/topology/layout.ts): elkjs is ' +
        'far slower (it misses the 1 s target at 2,000 nodes) and lays out from scratch, so one added pod moves ' +
        'nearly every node; elkjs is better on edge crossings and edge length (our tall layers wrap into columns).',
    );
  }
}

function backend(): void {
  const CONTEXT = 'bench';
  const PODS = QUICK ? 1_000 : 10_000;
  console.log(`\n3. Backend: one pod change in a graph of ${PODS} pods`);
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

  function measure(id: string, label: string, change: (pod: KubeRow, i: number) => void): void {
    const samples: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const pod = pods[(i * 7919) % pods.length]!;
      samples.push(time(() => change(pod, i)).ms);
      if (i % 100 === 0) graph.items.flush();
    }
    graph.items.flush();
    report.add({
      id: `graph.${PODS}.${id}`,
      what: `Backend graph, one pod change in ${PODS} pods: ${label}, median`,
      unit: 'µs',
      value: percentile(samples, 50) * 1000,
      command: COMMAND,
      ...(QUICK ? {} : { target: { op: '<', value: 5000, text: 'one pod change < 5 ms' } }),
    });
    console.log(
      `  ${label}: median ${fmt(percentile(samples, 50) * 1000, 0)} µs, p99 ${fmt(
        percentile(samples, 99) * 1000,
        0,
      )} µs, max ${fmt(Math.max(...samples), 2)} ms`,
    );
  }

  measure('health', 'health change (crash loop and back)', (pod, i) =>
    graph.upsert(
      kubeGraphInput(CONTEXT, {
        ...pod,
        resourceVersion: String(i),
        health: i % 2 ? { level: 'ok' } : { level: 'failing', reason: 'CrashLoopBackOff' },
      }),
    ),
  );
  measure('label', 'label change (leaves its Service and comes back)', (pod, i) =>
    graph.upsert(
      kubeGraphInput(CONTEXT, {
        ...pod,
        labels: i % 2 ? pod.labels! : { ...pod.labels, app: 'moved' },
      }),
    ),
  );
  measure('readd', 'delete, then add again', (pod) => {
    graph.delete(`k/${CONTEXT}/${pod.id}`);
    graph.upsert(kubeGraphInput(CONTEXT, pod));
  });
  stop();
  graph.items.dispose();
}

Promise.resolve()
  .then(layouts)
  .then(compareWithElk)
  .then(backend)
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => report.save());
