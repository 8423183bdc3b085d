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
 * BERTH_BENCH_RENDERERS=before=<dir>,after=out/renderer compares builds of the renderer back to
 * back, run after run, on the same backend (web mode's --static-dir); by default, out/renderer.
 * Changes nothing in the cluster. Figures only; no pass/fail.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { TEST_KUBECONFIG } from '../e2e/cluster/testKubeconfig';
import { CHROMIUM_LAUNCH } from '../e2e/support/chromium';
import { startWebMode, type WebModeServer } from '../e2e/support/webMode';
import { kubeconfigWithoutCurrentContext } from './benchKubeconfig';
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

/** The renderer builds to compare; figures of each carry its name. */
const RENDERERS = (process.env.BERTH_BENCH_RENDERERS ?? '')
  .split(',')
  .filter(Boolean)
  .map((entry) => {
    const [name, dir] = entry.split('=');
    if (!name || !dir) throw new Error(`BERTH_BENCH_RENDERERS: "${entry}" is not name=<dir>`);
    return { name, dir };
  });
const BUILDS: Array<{ name: string; dir?: string }> = RENDERERS.length ? RENDERERS : [{ name: '' }];

function add(build: { name: string }, id: string, what: string, unit: Unit, value: number, note?: string): void {
  report.add({
    id: `tables.${build.name ? `${build.name}.` : ''}${id}`,
    what: build.name ? `${what} (renderer: ${build.name})` : what,
    unit,
    value,
    command: COMMAND,
    ...(note ? { note } : {}),
  });
}

/** Web mode serving one renderer build, with a home folder of its own. */
function serve(build: { dir?: string }, env: NodeJS.ProcessEnv): Promise<WebModeServer> {
  return startWebMode({
    env: { HOME: mkdtempSync(join(tmpdir(), 'berth-bench-home-')), ...env },
    args: build.dir ? ['--static-dir', build.dir] : [],
  });
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

/** The page's main thread during `work`, from DevTools: busy (TaskDuration) and JavaScript (ScriptDuration) seconds. */
async function mainThreadDuring<T>(
  cdp: CDPSession,
  work: () => Promise<T>,
): Promise<{ result: T; task: number; script: number; elapsed: number }> {
  await cdp.send('Performance.enable');
  const read = async () =>
    new Map((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value] as const));
  const before = await read();
  const result = await work();
  const after = await read();
  const delta = (name: string) => after.get(name)! - before.get(name)!;
  return { result, task: delta('TaskDuration'), script: delta('ScriptDuration'), elapsed: delta('Timestamp') };
}

async function podsRun(browser: Browser, build: (typeof BUILDS)[number], run: number): Promise<void> {
  const server = await serve(build, { KUBECONFIG: kubeconfigWithoutCurrentContext(KUBECONFIG) });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    const cdp = await page.context().newCDPSession(page);
    await page.goto(server.loginUrl);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const at = `load ${load()}`;
    const t0 = performance.now();
    let total = 0;
    const opening = await mainThreadDuring(cdp, () =>
      profiled(cdp, `pods-open-${build.name}${run}`, async () => {
        await page.goto(`${server.baseUrl}#/kubernetes?ctx=${CONTEXT}&kind=pods&ns=*`);
        total = await everyRowCounted(page);
      }),
    );
    const openMs = performance.now() - t0;
    add(build, 'pods.allListed', 'pods view opened → every pod counted, in Chromium', 'ms', openMs, at);
    add(build, 'pods.openBusy', 'of which the renderer main thread busy (TaskDuration)', 'ms', opening.task * 1000, at);
    // Let the last batches and the first metrics settle before scrolling.
    await sleep(3000);
    const scroll = await mainThreadDuring(cdp, () =>
      profiled(
        cdp,
        `pods-scroll-${build.name}${run}`,
        async () => (await page.evaluate(SCROLL_THROUGH_GRID)) as number[],
      ),
    );
    const frames = scroll.result;
    const scrollNote = `${total} pods, ${frames.length} frames, load ${load()}`;
    add(build, 'pods.scrollP50', 'pods table scroll frame time, median', 'ms', percentile(frames, 50), scrollNote);
    add(build, 'pods.scrollP95', 'pods table scroll frame time, p95', 'ms', percentile(frames, 95), scrollNote);
    add(build, 'pods.scrollMax', 'pods table scroll, longest frame', 'ms', Math.max(...frames), scrollNote);
    add(
      build,
      'pods.scrollScriptPerFrame',
      'pods table scroll, JavaScript per frame (ScriptDuration)',
      'ms',
      (scroll.script * 1000) / frames.length,
      scrollNote,
    );
    add(
      build,
      'pods.scrollTaskPerFrame',
      'pods table scroll, main thread busy per frame (TaskDuration)',
      'ms',
      (scroll.task * 1000) / frames.length,
      scrollNote,
    );
    const idle = await mainThreadDuring(cdp, () =>
      profiled(cdp, `pods-idle-${build.name}${run}`, () => sleep(IDLE_SECONDS * 1000)),
    );
    const idleNote = `${total} pods, over ${IDLE_SECONDS} s, load ${load()}`;
    add(
      build,
      'pods.idleTask',
      "pods view open, no input (the cluster's own changes only): renderer main thread (TaskDuration)",
      '% of a core',
      (idle.task / idle.elapsed) * 100,
      idleNote,
    );
    add(
      build,
      'pods.idleScript',
      'of which JavaScript (ScriptDuration)',
      '% of a core',
      (idle.script / idle.elapsed) * 100,
      idleNote,
    );
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

async function containersRun(browser: Browser, build: (typeof BUILDS)[number], run: number): Promise<void> {
  const server = await serve(build, { KUBECONFIG: '/nonexistent' });
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
      const usage = await profiled(cdp, `${view.toLowerCase()}-idle-${build.name}${run}`, () =>
        pageUsageOver(page, { berth: server.pid }, IDLE_SECONDS),
      );
      const note = `${CONTAINERS} containers running, over ${IDLE_SECONDS} s, ${at}`;
      const id = view.toLowerCase();
      add(
        build,
        `${id}.idleTask`,
        `${view} open, idle: renderer main thread (TaskDuration)`,
        '% of a core',
        usage.mainThread * 100,
        note,
      );
      add(
        build,
        `${id}.idleScript`,
        `${view} open, idle: of which JavaScript (ScriptDuration)`,
        '% of a core',
        usage.script * 100,
        note,
      );
      add(
        build,
        `${id}.idleRenderers`,
        `${view} open, idle: Chromium renderer processes, all threads (/proc)`,
        '% of a core',
        usage.renderers * 100,
        note,
      );
    }
  } finally {
    await page.close();
    await server.stop();
  }
}

async function main(): Promise<void> {
  console.log(`tables-ui: ${KUBECONFIG} ${CONTEXT}, ${RUNS} runs, load ${load()}`);
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  report.version('chromium', browser.version());
  try {
    if (PARTS.includes('pods'))
      for (let run = 0; run < RUNS; run++) for (const build of BUILDS) await podsRun(browser, build, run);
    if (PARTS.includes('containers')) {
      const docker = new Docker();
      await removeContainersLabelled(docker, LABEL);
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
        for (let run = 0; run < RUNS; run++) for (const build of BUILDS) await containersRun(browser, build, run);
      } finally {
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
