/**
 * History benchmark (npx tsx bench/history.bench.ts).
 *
 *  1. Memory of the history, measured: bytes per series (full, after 6 h 15 min of points) and
 *     in total for an engine with 20 containers and for a context with 10,000 pods.
 *  2. What recording Docker CPU and memory all the time costs: a stats stream per running
 *     container (20 of them) summed each second, against the real engine: this process's CPU and
 *     dockerd's CPU (/proc/<pid>/stat) over a minute, against a minute without the history.
 *
 * Prints figures; no pass/fail. Containers carry berth.bench-history=1 and are removed at the end.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Docker from 'dockerode';
import { Backend } from '../electron/core/backend';
import { EngineHistory } from '../electron/core/docker/engineHistory';
import { RELEASE_GRACE_MS } from '../electron/core/docker/statsHub';
import { ContextHistory, type HistoryRuntime } from '../electron/core/kube/history/contextHistory';
import { KubeMetrics } from '../electron/core/kube/metrics/kubeMetrics';
import { IncidentLog, tieredHistory } from '../electron/core/metrics/historyTiers';
import type { KubeRow } from '../shared/kube/types';
import { dockerdPid, fmt, procUsage, removeContainersLabelled } from './figures';

const SOCKET = process.env.BERTH_BENCH_DOCKER_SOCKET ?? '/var/run/docker.sock';
const IMAGE = process.env.BERTH_TEST_IMAGE ?? 'berth-test/busybox:1';
const LABEL = 'berth.bench-history';
const CONTAINERS = 20;
const PODS = 10_000;
const SECONDS = Number(process.env.BERTH_BENCH_SECONDS ?? 60);
const kib = (bytes: number): string => `${fmt(bytes / 1024)} KiB`;
const mib = (bytes: number): string => `${fmt(bytes / 1024 / 1024, 2)} MiB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function heap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function print(title: string, rows: Array<[string, string]>): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

/** A series pushed one point a second for 6 h 15 min: as full as it gets. */
function fullSeries<K extends string>(fields: readonly K[]): ReturnType<typeof tieredHistory<K>> {
  const h = tieredHistory(fields);
  const start = Date.now() - (6 * 3600 + 900) * 1000;
  for (let s = 0; s < 6 * 3600 + 900; s++) {
    const p = { t: start + s * 1000 } as { t: number } & Record<K, number>;
    for (const f of fields) (p as Record<string, number>)[f] = s % 97;
    h.push(p);
  }
  return h;
}

function memoryFigures(): void {
  const usage = fullSeries(['cpu', 'memory'] as const);
  const engineStates = fullSeries(['running', 'paused', 'restarting', 'created', 'exited', 'dead'] as const);
  const podStates = fullSeries(['running', 'pending', 'crashLooping', 'failed', 'succeeded', 'unknown'] as const);
  const incidents = new IncidentLog();
  // A container's timeline ring: 200 events of ~6 fields, measured on the heap.
  const before = heap();
  const rings = Array.from({ length: 100 }, () =>
    Array.from({ length: 200 }, (_, i) => ({
      id: `${1e18 + i}-${i}`,
      t: Date.now() + i,
      kind: 'exit',
      title: 'exited (code 3)',
      detail: 'die',
      exitCode: 3,
    })),
  );
  const perTimeline = (heap() - before) / rings.length;
  rings.length = 0;

  const perContainer = usage.bytes + perTimeline;
  const engineTotal = usage.bytes + engineStates.bytes + incidents.maxBytes + CONTAINERS * perContainer;
  print('History memory per series (full: 900 points at 1 s + 10 s averages for 6 h, 32-bit fields)', [
    ['CPU + memory series (engine, container)', `${usage.bytes} B (${usage.size} points)`],
    ['containers by state (6 counts)', `${engineStates.bytes} B`],
    ['pods by state (6 counts)', `${podStates.bytes} B`],
    ['incident log (5,000 at most)', `${kib(incidents.maxBytes)}`],
    ['container timeline (200 events, heap)', `${kib(perTimeline)}`],
  ]);
  print(`Engine with ${CONTAINERS} containers, full`, [
    ['engine series + states + incidents', kib(usage.bytes + engineStates.bytes + incidents.maxBytes)],
    [`${CONTAINERS} × (CPU + memory series + timeline)`, kib(CONTAINERS * perContainer)],
    ['total', kib(engineTotal)],
  ]);

  // A context of 10,000 pods: what the history itself remembers per pod (state, restart count)
  // and per event, fed as the watch would, measured on the heap; plus the pods' own metrics
  // series, which KubeMetrics keeps anyway (one hour at 15 s) and the history reads, not copies.
  const runtime: HistoryRuntime = {
    name: 'bench',
    acquire: () => Promise.reject(new Error('fed directly')),
    metrics: { series: () => [], latest: () => [], intervalMs: 15_000 },
    events: { forUid: () => [] },
    getObject: () => Promise.reject(new Error('fed directly')),
  };
  const rows: KubeRow[] = Array.from({ length: PODS }, (_, i) => ({
    id: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    kind: 'Pod',
    name: `pod-${i}`,
    namespace: `ns-${i % 50}`,
    createdAt: 0,
    resourceVersion: String(i),
    cells: { phase: 'Running', status: 'Running', restarts: i % 3 },
    health: { level: 'ok' },
  }));
  const heapBefore = heap();
  const context = new ContextHistory(runtime);
  context.applyPods({ type: 'snapshot', seq: 1, rows });
  const perPodHeap = (heap() - heapBefore) / PODS;
  const t0 = performance.now();
  for (let i = 0; i < 1000; i++) {
    const row = rows[i]!;
    context.applyPods({
      type: 'delta',
      seq: 2 + i,
      upserts: [{ ...row, cells: { ...row.cells, restarts: (row.cells.restarts as number) + 1 } }],
      deletes: [],
    });
  }
  const perDeltaUs = ((performance.now() - t0) * 1000) / 1000;
  // The shape the app keeps (never started: no request is made).
  const metrics = new KubeMetrics({
    context: 'bench',
    source: { stream: () => Promise.reject(new Error('not polled')) },
  });
  const perPodMetrics = metrics.footprint().maxBytesPerPod;
  metrics.dispose();
  const contextTotal = podStates.bytes + incidents.maxBytes + perPodHeap * PODS;
  print(`Context with ${PODS.toLocaleString('en')} pods`, [
    ['pods by state + incident log (full)', kib(podStates.bytes + incidents.maxBytes)],
    ['per pod remembered (state, restarts; heap)', `${fmt(perPodHeap, 0)} B`],
    [`history total at ${PODS.toLocaleString('en')} pods`, mib(contextTotal)],
    ['a pod delta (restart counted, state moved)', `${fmt(perDeltaUs, 2)} µs`],
    [
      'pod CPU/memory arrays (KubeMetrics, kept anyway)',
      `${perPodMetrics} B per pod, ${mib(perPodMetrics * PODS)} at ${PODS.toLocaleString('en')}`,
    ],
  ]);
}

async function samplingCost(): Promise<void> {
  const docker = new Docker({ socketPath: SOCKET });
  try {
    await docker.ping();
  } catch {
    console.log('\nDocker sampling cost: skipped (no engine at', SOCKET, ')');
    return;
  }
  await removeContainersLabelled(docker, `${LABEL}=1`);
  const backend = new Backend({ mode: 'web', version: 'bench', env: { DOCKER_HOST: `unix://${SOCKET}` } });
  try {
    for (let i = 0; i < CONTAINERS; i++) {
      const c = await docker.createContainer({ Image: IMAGE, Cmd: ['sleep', '3600'], Labels: { [LABEL]: '1' } });
      await c.start();
    }
    const deadline = Date.now() + 20_000;
    let runtime: ReturnType<typeof backend.docker.runtime> | undefined;
    while (Date.now() < deadline) {
      try {
        runtime = backend.docker.runtime('env');
        if (runtime.connection.isLive) break;
      } catch {
        // not selected yet
      }
      await sleep(200);
    }
    if (!runtime?.connection.isLive) throw new Error('engine not live');
    // Baseline: the backend without the history, a minute (its streams closed after the grace period).
    runtime.history.dispose();
    await sleep(RELEASE_GRACE_MS + 2000);
    const pid = dockerdPid();
    const measure = async (): Promise<{ self: number; dockerd: number | undefined; streams: number }> => {
      const self0 = procUsage(process.pid);
      const d0 = pid ? procUsage(pid) : undefined;
      await sleep(SECONDS * 1000);
      const self1 = procUsage(process.pid);
      const d1 = pid ? procUsage(pid) : undefined;
      return {
        self: self0 && self1 ? ((self1.cpuSeconds - self0.cpuSeconds) / SECONDS) * 100 : NaN,
        dockerd: d0 && d1 ? ((d1.cpuSeconds - d0.cpuSeconds) / SECONDS) * 100 : undefined,
        streams: runtime.stats.openStreams,
      };
    };
    const idle = await measure();
    const history = new EngineHistory(
      runtime.connection,
      runtime.containers,
      runtime.events,
      runtime.usage,
      runtime.stats,
    );
    history.start();
    await sleep(5000); // the streams open and report
    const recording = await measure();
    const someone = runtime.containers.rows.values().find((r) => r.state === 'running');
    const points = someone ? history.timeline(someone.id, 60_000).usage.length : 0;
    history.dispose();
    const running = runtime.containers.rows.values().filter((r) => r.state === 'running').length;
    print(
      `Recording Docker CPU and memory all the time: a stats stream per running container, ${running} running (${CONTAINERS} ours), ${SECONDS} s`,
      [
        ['engine streams, without → with', `${idle.streams} → ${recording.streams}`],
        ['points of one container in the last minute', String(points)],
        ['this process CPU, without → with', `${fmt(idle.self, 2)} % → ${fmt(recording.self, 2)} % of a core`],
        [
          'dockerd CPU, without → with',
          idle.dockerd === undefined
            ? 'n/a (no dockerd pid file)'
            : `${fmt(idle.dockerd, 2)} % → ${fmt(recording.dockerd!, 2)} % of a core (shared engine: others' load included)`,
        ],
      ],
    );
  } finally {
    await backend.dispose();
    await removeContainersLabelled(docker, `${LABEL}=1`);
  }
}

memoryFigures();
await samplingCost();
