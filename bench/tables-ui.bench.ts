/**
 * The renderer's big tables in real Chromium through web mode (npx tsx bench/tables-ui.bench.ts):
 *
 *  - the pods table of a big cluster, read as it is (BERTH_BENCH_KUBECONFIG + BERTH_BENCH_CONTEXT;
 *    by default the bench cluster pair's berth-b, or the shared test cluster's berth-a when quick):
 *    opened → every pod counted, scroll frame times, and the page's main thread while nothing changes;
 *  - the Containers view with 20 running containers of its own (labelled berth.bench=tables) on
 *    the engine, and the Overview beside it: the page's main thread while the user only looks.
 *
 * BERTH_BENCH_TABLES=pods or containers runs one half; BERTH_BENCH_PROFILE_DIR=<dir> also writes
 * the page's CPU profiles (DevTools Profiler) of each phase there, and prints their top functions.
 * Changes nothing in the cluster. Figures only; no pass/fail.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { TEST_KUBECONFIG } from '../e2e/cluster/testKubeconfig';
import { CHROMIUM_LAUNCH } from '../e2e/support/chromium';
import { startKubeWebMode } from '../e2e/support/kubeWebMode';
import { startWebMode, type WebModeServer } from '../e2e/support/webMode';
import { summarizeProfile } from './cpuProfile';
import { fmt, percentile, removeContainersLabelled, SCROLL_THROUGH_GRID } from './figures';
import { pageUsageOver } from './pageUsage';
import { BenchReport, QUICK, type Unit } from './report';

const report = new BenchReport('tables-ui');
const BENCH_KUBECONFIG = '/tmp/berth-cluster-bench/kubeconfig';
const KUBECONFIG =
  process.env.BERTH_BENCH_KUBECONFIG ?? (QUICK || !existsSync(BENCH_KUBECONFIG) ? TEST_KUBECONFIG : BENCH_KUBECONFIG);
const CONTEXT = process.env.BERTH_BENCH_CONTEXT ?? (KUBECONFIG === TEST_KUBECONFIG ? 'berth-a' : 'berth-b');
const RUNS = Number(process.env.BERTH_BENCH_RUNS ?? (QUICK ? 1 : 3));
const IDLE_SECONDS = Number(process.env.BERTH_BENCH_IDLE_SECONDS ?? (QUICK ? 3 : 30));
const CONTAINERS = 20;
const PARTS = (process.env.BERTH_BENCH_TABLES ?? 'pods,containers').split(',');
const PROFILE_DIR = process.env.BERTH_BENCH_PROFILE_DIR;
const COMMAND = QUICK ? 'npm run bench -- --quick' : 'npm run bench -- tables';
const LABEL = 'berth.bench=tables';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function add(id: string, what: string, unit: Unit, value: number, note?: string): void {
  report.add({ id: `tables.${id}`, what, unit, value, command: COMMAND, ...(note ? { note } : {}) });
}

/** Runs `during` under the page's sampling profiler when profiles were asked for; prints the top functions. */
async function profiled<T>(cdp: CDPSession, name: string, during: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return during();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await during();
  const { profile } = await cdp.send('Profiler.stop');
  mkdirSync(PROFILE_DIR, { recursive: true });
  writeFileSync(join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
  const summary = summarizeProfile(
    { ...profile, samples: profile.samples ?? [], timeDeltas: profile.timeDeltas ?? [] },
    'function',
    0,
    15,
  );
  console.log(`profile ${name}: ${fmt(summary.busyMs, 0)} ms busy of ${fmt(summary.windowMs, 0)} ms`);
  for (const s of summary.shares) console.log(`  ${fmt(s.ms, 0).padStart(6)} ms ${fmt(s.share * 100, 0)} %  ${s.name}`);
  return result;
}

/** The page's main thread busy share (TaskDuration, ScriptDuration) over `seconds`, from DevTools. */
async function mainThreadOver(cdp: CDPSession, seconds: number): Promise<{ task: number; script: number }> {
  await cdp.send('Performance.enable');
  const read = async () =>
    new Map((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value] as const));
  const before = await read();
  await sleep(seconds * 1000);
  const after = await read();
  const elapsed = after.get('Timestamp')! - before.get('Timestamp')!;
  const share = (name: string) => (after.get(name)! - before.get(name)!) / elapsed;
  return { task: share('TaskDuration'), script: share('ScriptDuration') };
}

async function podsRun(browser: Browser, run: number): Promise<void> {
  const server = await startKubeWebMode({ KUBECONFIG });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    const cdp = await page.context().newCDPSession(page);
    await page.goto(server.loginUrl);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const at = `load ${load()}`;
    const t0 = performance.now();
    let total = 0;
    await profiled(cdp, `pods-open-${run}`, async () => {
      await page.goto(`${server.baseUrl}#/kubernetes?ctx=${CONTEXT}&kind=pods&ns=*`);
      total = await everyRowCounted(page);
    });
    add('pods.allListed', 'pods view opened → every pod counted, in Chromium', 'ms', performance.now() - t0, at);
    // Let the last batches and the first metrics settle before scrolling.
    await sleep(3000);
    const frames = await profiled(
      cdp,
      `pods-scroll-${run}`,
      async () => (await page.evaluate(SCROLL_THROUGH_GRID)) as number[],
    );
    const scrollNote = `${total} pods, ${frames.length} frames, load ${load()}`;
    add('pods.scrollP50', 'pods table scroll frame time, median', 'ms', percentile(frames, 50), scrollNote);
    add('pods.scrollP95', 'pods table scroll frame time, p95', 'ms', percentile(frames, 95), scrollNote);
    add('pods.scrollMax', 'pods table scroll, longest frame', 'ms', Math.max(...frames), scrollNote);
    const idle = await profiled(cdp, `pods-idle-${run}`, () => mainThreadOver(cdp, IDLE_SECONDS));
    const idleNote = `${total} pods, over ${IDLE_SECONDS} s, load ${load()}`;
    add(
      'pods.idleTask',
      'pods view open, nothing changing: renderer main thread (TaskDuration)',
      '% of a core',
      idle.task * 100,
      idleNote,
    );
    add('pods.idleScript', 'of which JavaScript (ScriptDuration)', '% of a core', idle.script * 100, idleNote);
  } finally {
    await page.close();
    await server.stop();
  }
}

/** Waits for "N of N Pods" with N the whole list (within 2 %: a shared cluster may change meanwhile). */
async function everyRowCounted(page: Page): Promise<number> {
  const counter = page.getByText(/^\d+ of \d+ Pods$/);
  const deadline = performance.now() + 300_000;
  let expected = 0;
  for (;;) {
    const [shown, all] = ((await counter.textContent({ timeout: 300_000 })) ?? '')
      .split(' of ')
      .map((n) => Number.parseInt(n, 10));
    expected ||= podCount();
    if (shown === all && shown! >= Math.floor(expected * 0.98)) return shown!;
    if (performance.now() > deadline) throw new Error(`the pods view never counted ${expected} pods`);
    await sleep(20);
  }
}

let knownPods: number | undefined;
/** How many pods the context holds, asked of kubectl once. */
function podCount(): number {
  if (knownPods !== undefined) return knownPods;
  const out = execFileSync(
    'kubectl',
    ['--kubeconfig', KUBECONFIG, '--context', CONTEXT, 'get', 'pods', '-A', '--no-headers', '-o', 'name'],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  knownPods = out.trim().split('\n').filter(Boolean).length;
  return knownPods;
}

async function containersRun(browser: Browser, server: WebModeServer, run: number): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    const cdp = await page.context().newCDPSession(page);
    await page.goto(server.loginUrl);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    for (const view of ['Containers', 'Overview'] as const) {
      await page.getByRole('link', { name: view }).click();
      if (view === 'Containers')
        await page.getByRole('grid', { name: 'Containers' }).getByText('bench-tables-0').first().waitFor();
      // Sparklines and stats arrive within a few seconds of opening.
      await sleep(5000);
      const at = `load ${load()}`;
      const usage = await profiled(cdp, `${view.toLowerCase()}-idle-${run}`, () =>
        pageUsageOver(page, { berth: server.pid }, IDLE_SECONDS),
      );
      const note = `${CONTAINERS} containers running, over ${IDLE_SECONDS} s, ${at}`;
      const id = view.toLowerCase();
      add(
        `${id}.idleTask`,
        `${view} open, idle: renderer main thread (TaskDuration)`,
        '% of a core',
        usage.mainThread * 100,
        note,
      );
      add(
        `${id}.idleScript`,
        `${view} open, idle: of which JavaScript (ScriptDuration)`,
        '% of a core',
        usage.script * 100,
        note,
      );
      add(
        `${id}.idleRenderers`,
        `${view} open, idle: Chromium renderer processes, all threads (/proc)`,
        '% of a core',
        usage.renderers * 100,
        note,
      );
    }
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  console.log(`tables-ui: ${KUBECONFIG} ${CONTEXT}, ${RUNS} runs, load ${load()}`);
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  report.version('chromium', browser.version());
  try {
    if (PARTS.includes('pods')) for (let run = 0; run < RUNS; run++) await podsRun(browser, run);
    if (PARTS.includes('containers')) {
      const docker = new Docker();
      await removeContainersLabelled(docker, LABEL);
      const server = await startWebMode({ env: { KUBECONFIG: '/nonexistent' } });
      try {
        for (let i = 0; i < CONTAINERS; i++) {
          const container = await docker.createContainer({
            Image: process.env.BERTH_TEST_IMAGE ?? 'berth-test/busybox:1',
            name: `bench-tables-${i}-${process.pid}`,
            Cmd: ['sleep', '3600'],
            Labels: { 'berth.bench': 'tables' },
            HostConfig: { NetworkMode: 'none' },
          });
          await container.start();
        }
        for (let run = 0; run < RUNS; run++) await containersRun(browser, server, run);
      } finally {
        await server.stop();
        await removeContainersLabelled(docker, LABEL);
      }
    }
  } finally {
    await browser.close();
  }
}

try {
  await main();
} finally {
  report.save();
}
process.exit(0);
