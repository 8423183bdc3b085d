/**
 * Change → screen latency under steady pod changes (npm run bench -- kubeChanges; alone:
 * npx tsx bench/kubeChanges.bench.ts).
 *
 * The cluster: BERTH_BENCH_KUBECONFIG + BERTH_BENCH_CONTEXT, by default the bench pair of
 * kube.bench.ts as it leaves it (BERTH_BENCH_CLUSTER_DIR, default /tmp/berth-cluster-bench,
 * context berth-b), changing pods of namespace BERTH_BENCH_CHANGE_NAMESPACE (default scale).
 * Quick mode (BERTH_BENCH_QUICK=1): the shared test cluster's berth-a, 20 pods of a namespace
 * of its own, deleted afterwards.
 *
 * Per rate (BERTH_BENCH_CHANGE_RATES, default 100,1000 changes/s, for
 * BERTH_BENCH_CHANGE_SECONDS each, BERTH_BENCH_RUNS times), with web mode serving the pods to
 * Chromium (the pods view open) and to a WebSocket client of the bench's own:
 *   the API server's share (patch sent → the event at the bench's own watch), Berth's share
 *   (that event → the row at the WebSocket, and → the row in the page's DOM at the next frame),
 *   end to end (patch sent → the row at the WebSocket), each beside the rate achieved.
 * Figures only; nothing passes or fails on speed.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { TEST_KUBECONFIG } from '../e2e/cluster/testKubeconfig';
import { CHROMIUM_LAUNCH } from '../e2e/support/chromium';
import { startKubeWebMode } from '../e2e/support/kubeWebMode';
import { kubeconfigWithoutCurrentContext } from './benchKubeconfig';
import { fmt, percentile, procUsage } from './figures';
import { subscribePods } from './kubeWebSocket';
import { kubectlOn, type KubeTarget } from './peers';
import { changeLatency, patchCapacity, podNames, type ChangeLatency } from './podChanges';
import type { PatcherInput } from './podPatcher';
import { BenchReport, QUICK, type Unit } from './report';
import { ROW_COMMITS_INIT, watchScreen } from './screenRows';

const report = new BenchReport('kubeChanges');
const CLUSTER_DIR = process.env.BERTH_BENCH_CLUSTER_DIR ?? '/tmp/berth-cluster-bench';
const RATES = (process.env.BERTH_BENCH_CHANGE_RATES ?? (QUICK ? '20' : '100,1000')).split(',').map(Number);
const SECONDS = Number(process.env.BERTH_BENCH_CHANGE_SECONDS ?? (QUICK ? 3 : 15));
const RUNS = Number(process.env.BERTH_BENCH_RUNS ?? (QUICK ? 1 : 3));
const TRANSPORTS = (process.env.BERTH_BENCH_CHANGE_TRANSPORTS ?? 'http2').split(',') as Array<
  PatcherInput['transport']
>;
const QUICK_PODS = 20;
/**
 * Transport and patches in flight of each capacity step (BERTH_BENCH_CAPACITY, e.g.
 * http2:1,http2:16,http1:16; empty: none, as in quick mode, which never loads the shared cluster).
 */
const CAPACITY_STEPS = (process.env.BERTH_BENCH_CAPACITY ?? (QUICK ? '' : 'http2:1,http2:4,http2:16,http1:16'))
  .split(',')
  .filter(Boolean)
  .map((step) => {
    const [transport, inFlight] = step.split(':');
    return [transport as PatcherInput['transport'], Number(inFlight)] as const;
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const target: KubeTarget = QUICK
  ? { kubeconfig: TEST_KUBECONFIG, context: 'berth-a' }
  : {
      kubeconfig: process.env.BERTH_BENCH_KUBECONFIG ?? join(CLUSTER_DIR, 'kubeconfig'),
      context: process.env.BERTH_BENCH_CONTEXT ?? 'berth-b',
    };
const namespace = QUICK
  ? `berth-bench-changes-${Math.random().toString(36).slice(2, 8)}`
  : (process.env.BERTH_BENCH_CHANGE_NAMESPACE ?? 'scale');
const kubectl = (args: string[], input?: string): string => kubectlOn(target, args, input ? { input } : {});

/** Quick mode's own pods on the shared cluster (it never changes the seeded ones). */
function createQuickPods(): void {
  const pods = Array.from(
    { length: QUICK_PODS },
    (_, i) => `---
apiVersion: v1
kind: Pod
metadata: {name: changes-${i}, namespace: ${namespace}}
spec:
  nodeSelector: {type: kwok}
  containers: [{name: app, image: ghcr.io/berth/load:1.0.0}]`,
  );
  kubectl(
    ['apply', '-f', '-'],
    [`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${namespace}}`, ...pods].join('\n'),
  );
}

async function main(): Promise<void> {
  if (QUICK) createQuickPods();
  const pods = Number(
    kubectl(['get', 'pods', '-n', namespace, '--no-headers', '-o', 'name']).trim().split('\n').length,
  );
  const server = await startKubeWebMode({ KUBECONFIG: kubeconfigWithoutCurrentContext(target.kubeconfig) });
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  report.version('chromium', browser.version());
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(ROW_COMMITS_INIT);
    await page.goto(server.loginUrl);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${server.baseUrl}#/kubernetes?ctx=${target.context}&kind=pods&ns=${namespace}`);
    const counter = page.getByText(/^\d+ of \d+ Pods$/);
    for (let waited = 0; ; waited += 100) {
      const [shown = 0] = ((await counter.textContent({ timeout: 300_000 })) ?? '').split(' of ').map(Number);
      if (shown >= pods) break;
      if (waited > 300_000) throw new Error(`the pods view never counted ${pods} pods`);
      await sleep(100);
    }
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async (): Promise<number> => {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
    };
    const subscription = await subscribePods(server, target.context);
    const screen = await watchScreen(page);
    const cmd = QUICK ? 'npm run bench -- --quick' : 'npm run bench -- kubeChanges';
    try {
      // What the API server takes by itself, Berth and the page watching as in the runs below.
      const names = podNames(subscription, namespace);
      for (const [transport, inFlight] of CAPACITY_STEPS) {
        const load = loadavg()[0]!;
        const c = await patchCapacity(target, names, { namespace, transport, inFlight, seconds: SECONDS });
        const cluster = Object.entries(c.clusterCpu)
          .map(([name, cores]) => `${name} ${fmt(cores * 100, 0)} %`)
          .join(', ');
        report.add({
          id: `kube.changes.capacity.${transport}.${inFlight}`,
          what: `pod patches the API server answers per second, ${inFlight} in flight over ${transport}, none asked for (${pods} pods)`,
          unit: '/s',
          value: c.perSecond,
          command: cmd,
          note: `${c.ok} patches, round trip p50 ${fmt(percentile(c.roundTrips, 50), 0)} ms; load ${fmt(load, 1)}; CPU: ${cluster || 'cluster not on this machine'}`,
        });
      }
      for (const perSecond of RATES) {
        for (const transport of TRANSPORTS) {
          for (let run = 0; run < RUNS; run++) {
            const load = loadavg()[0]!;
            const berthBefore = procUsage(server.pid)?.cpuSeconds ?? NaN;
            const pageBefore = await taskSeconds();
            const t0 = performance.now();
            const result = await changeLatency(target, subscription, {
              perSecond,
              seconds: SECONDS,
              namespace,
              transport,
              screen,
            });
            const elapsed = (performance.now() - t0) / 1000;
            const berthCpu = ((procUsage(server.pid)?.cpuSeconds ?? NaN) - berthBefore) / elapsed;
            const pageCpu = ((await taskSeconds()) - pageBefore) / elapsed;
            record(result, { pods, load, berthCpu, pageCpu, cmd });
          }
        }
      }
    } finally {
      await screen.stop();
      subscription.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    if (QUICK) kubectl(['delete', 'namespace', namespace, '--wait=false']);
  }
}

function record(
  r: ChangeLatency,
  context: { pods: number; load: number; berthCpu: number; pageCpu: number; cmd: string },
): void {
  const label = `${r.perSecond}${r.transport === 'http2' ? '' : `.${r.transport}`}`;
  const cluster = Object.entries(r.clusterCpu)
    .map(([name, cores]) => `${name} ${fmt(cores * 100, 0)} %`)
    .join(', ');
  const note =
    `${r.ok} of ${r.sent} patches answered over ${r.transport}, ${fmt(r.achievedPerSecond, 0)}/s achieved ` +
    `(schedule at most ${r.behindMax} behind), ${r.noEvent} not seen by the bench's watch, ${r.noRow} without a row; ` +
    `load ${fmt(context.load, 1)}; CPU: Berth ${fmt(context.berthCpu * 100, 0)} %, page ${fmt(context.pageCpu * 100, 0)} %` +
    (cluster ? `, ${cluster}` : '');
  console.log(`${r.perSecond} changes/s asked: ${note}`);
  const add = (id: string, what: string, unit: Unit, value: number, extra: object = {}) =>
    report.add({
      id: `kube.changes.${label}.${id}`,
      what: `${what}, ${r.perSecond} changes/s asked (${context.pods} pods)`,
      unit,
      value,
      command: context.cmd,
      note,
      ...extra,
    });
  add('achieved', 'pod changes answered per second', '/s', r.achievedPerSecond);
  for (const p of [50, 95, 99]) {
    add(
      `berth.p${p}`,
      `Berth's share: event at the bench's own watch → row at Berth's WebSocket, p${p}`,
      'ms',
      percentile(r.berthShare, p),
      p === 95 ? { target: { op: '<', value: 250, text: 'p95 under 250 ms' } } : {},
    );
  }
  for (const p of [50, 95, 99]) {
    add(
      `screen.p${p}`,
      `event at the bench's own watch → row applied in Chromium's pods view, next frame, p${p}`,
      'ms',
      percentile(r.toScreen, p),
      p === 95 ? { target: { op: '<', value: 250, text: 'p95 under 250 ms' } } : {},
    );
  }
  for (const p of [50, 95, 99]) {
    add(`endToEnd.p${p}`, `patch sent → row at Berth's WebSocket, p${p}`, 'ms', percentile(r.endToEnd, p));
  }
  add(
    'api.p50',
    "API server's share: patch sent → event at the bench's own watch, p50",
    'ms',
    percentile(r.apiShare, 50),
  );
  add(
    'api.p95',
    "API server's share: patch sent → event at the bench's own watch, p95",
    'ms',
    percentile(r.apiShare, 95),
  );
  add('patch.p50', 'patch round trip, p50', 'ms', percentile(r.roundTrips, 50));
}

try {
  await main();
} finally {
  report.save();
}
// Keep-alive sockets to the cluster would hold the process open after the last figure.
process.exit(0);
