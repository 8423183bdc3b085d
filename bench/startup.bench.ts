/**
 * Start-up, against the real engine and the shared test cluster (npm run bench -- startup;
 * alone: npx tsx bench/startup.bench.ts). Uses the built `out/` (npx electron-vite build).
 *
 *  1. Web mode (node out/main/serve.js, as a user starts it) from process start to listening,
 *     and to the first data on screen in Chromium: the Containers view's first row from the
 *     real dockerd, and, in another cold start, the pods view's first row on context berth-a.
 *     Several runs each (BERTH_BENCH_RUNS), a fresh browser context every time.
 *  2. Import cost under Node: each in a fresh `node`, the time and RSS of importing what
 *     out/main/serve.js imports before it can listen (found by reading the built files, so it
 *     follows the code as it is), and of each package among them alone.
 *  3. A CPU profile of start-up to listening, self time by module.
 *
 * Figures only; nothing passes or fails on speed. The kubeconfig is read from a copy; one
 * container labelled berth.bench=startup gives the Containers view a row, removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import Docker from 'dockerode';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { TEST_KUBECONFIG } from '../e2e/cluster/testKubeconfig';
import { CHROMIUM_LAUNCH } from '../e2e/support/chromium';
import { serveCommand, startWebMode } from '../e2e/support/webMode';
import { readProfile, summarizeProfile } from './cpuProfile';
import { fmt, procUsage, removeContainersLabelled } from './figures';
import { BenchReport, median, QUICK, type Unit } from './report';

const SOCKET = process.env.BERTH_BENCH_DOCKER_SOCKET ?? '/var/run/docker.sock';
const IMAGE = process.env.BERTH_TEST_IMAGE ?? 'berth-test/busybox:1';
const CONTEXT = 'berth-a';
// The entry `npm run serve` starts, read from package.json like the server the bench runs.
const ENTRY = serveCommand().entry;
const RUNS = Number(process.env.BERTH_BENCH_RUNS ?? (QUICK ? 1 : 5));
const LABEL = 'berth.bench=startup';
/**
 * Heavy packages measured alone even when the entry does not load them before listening, so
 * the report says what loading them later saves (or costs, if they come back).
 */
const REFERENCE_PACKAGES = ['@kubernetes/client-node'];
const COMMAND = QUICK ? 'npm run bench -- --quick' : 'npm run bench -- startup';
const report = new BenchReport('startup');
const docker = new Docker({ socketPath: SOCKET });

const add = (id: string, what: string, unit: Unit, value: number, extra: object = {}) =>
  report.add({ id: `startup.${id}`, what, unit, value, command: COMMAND, ...extra });

// ---- what the entry loads before listening ----------------------------------------------------

interface StartupGraph {
  /** Our built files, the entry first. */
  files: string[];
  /** Packages imported statically: loaded before the entry's first line runs. */
  packages: string[];
  /** Packages reached only through `import()`: loaded when first needed, not at start-up. */
  later: string[];
}

/** `import … from "x"`, `export … from "x"` and `import "x"` at the start of a line, as Rollup writes them. */
const STATIC_IMPORT = /^(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm;
const staticImports = (code: string): string[] => [...code.matchAll(STATIC_IMPORT)].map((m) => (m[1] ?? m[2])!);

const packageOf = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Follows the static `import … from` / `export … from` / bare `import "…"` statements of the
 * built entry through our chunks; `import("…")` is followed too but counted as later.
 */
function startupGraph(entry: string): StartupGraph {
  const files: string[] = [];
  const packages = new Set<string>();
  const lazy = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string, eager: boolean): void => {
    if (seen.has(file)) return;
    seen.add(file);
    if (eager) files.push(file);
    const code = readFileSync(file, 'utf8');
    const statics = staticImports(code);
    const dynamics = [...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
    for (const [list, isEager] of [
      [statics, eager],
      [dynamics, false],
    ] as const) {
      for (const specifier of list) {
        if (specifier.startsWith('node:')) continue;
        if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier), isEager);
        else (isEager ? packages : lazy).add(packageOf(specifier));
      }
    }
  };
  visit(resolve(entry), true);
  return { files, packages: [...packages].sort(), later: [...lazy].filter((p) => !packages.has(p)).sort() };
}

interface ImportProbe {
  /** Process start → the probe's first line (Node's own start-up). */
  readyMs: number;
  importMs: number;
  rss: number;
}

/** In a fresh `node` here (bare names resolve from this folder's node_modules): import all at once. */
function importProbe(specifiers: string[]): ImportProbe {
  const script = `
    const ready = performance.now();
    await Promise.all(${JSON.stringify(specifiers)}.map((s) => import(s)));
    const importMs = performance.now() - ready;
    process.stdout.write(JSON.stringify({ readyMs: ready, importMs, rss: process.memoryUsage().rss }));
    process.exit(0);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`importing ${specifiers.join(', ')} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as ImportProbe;
}

/** The entry's own imports (not the entry: it would start listening), as the probe imports them. */
function entryImports(entry: string): string[] {
  return staticImports(readFileSync(entry, 'utf8')).map((s) =>
    s.startsWith('.') ? pathToFileURL(resolve(dirname(entry), s)).href : s,
  );
}

function measureImports(graph: StartupGraph): void {
  const canResolve = (pkg: string) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', `import.meta.resolve(${JSON.stringify(pkg)})`]).status ===
    0;
  // Quick mode checks that the entry still imports; the packages one by one are the full run's.
  const alone = QUICK ? [] : graph.packages;
  const references = QUICK ? [] : REFERENCE_PACKAGES.filter((p) => !graph.packages.includes(p) && canResolve(p));
  const probes: Array<{ key: string; what: string; specifiers: string[] }> = [
    { key: 'node', what: 'nothing (node itself)', specifiers: [] },
    { key: 'entry', what: `everything ${ENTRY} imports before listening`, specifiers: entryImports(ENTRY) },
    ...alone.map((p) => ({ key: p, what: `${p} alone`, specifiers: [p] })),
    ...references.map((p) => ({
      key: p,
      what: `${p} alone (${graph.later.includes(p) ? 'loaded later, on first use' : `not loaded by ${ENTRY}`})`,
      specifiers: [p],
    })),
  ];
  const results = new Map<string, ImportProbe[]>(probes.map((p) => [p.key, []]));
  // Interleaved, so a busy moment on the shared machine spreads over all of them.
  for (let run = 0; run < RUNS; run++) for (const p of probes) results.get(p.key)!.push(importProbe(p.specifiers));
  const nodeRss = median(results.get('node')!.map((r) => r.rss));
  for (const r of results.get('node')!) {
    add('import.node.ready', 'Node alone: process start → first line of a script', 'ms', r.readyMs);
    add('import.node.rss', 'Node alone: RSS', 'MB', r.rss / 2 ** 20);
  }
  for (const p of probes.filter((x) => x.key !== 'node')) {
    const id = p.key === 'entry' ? 'entry' : `pkg.${p.key}`;
    for (const r of results.get(p.key)!) {
      add(`import.${id}.ms`, `import cost under Node: ${p.what}, time`, 'ms', r.importMs, {
        ...(p.key === 'entry' ? {} : { versus: 'startup.import.entry.ms' }),
      });
      add(
        `import.${id}.rss`,
        `import cost under Node: ${p.what}, RSS added to Node alone`,
        'MB',
        (r.rss - nodeRss) / 2 ** 20,
        {
          ...(p.key === 'entry' ? {} : { versus: 'startup.import.entry.rss' }),
        },
      );
    }
  }
  const ranked = alone
    .map((key) => ({ key, ms: median(results.get(key)!.map((r) => r.importMs)) }))
    .sort((a, b) => b.ms - a.ms);
  report.note(
    `${ENTRY} loads ${graph.files.length} built files of ours and the packages ${graph.packages.join(', ')} before listening` +
      (graph.later.length ? `; later, on first use: ${graph.later.join(', ')}` : '') +
      (ranked.length
        ? `. Packages alone, slowest first: ${ranked.map((r) => `${r.key} ${fmt(r.ms, 0)} ms`).join(', ')}`
        : '') +
      (references.length ? `; for reference, not loaded at start-up: ${references.join(', ')}` : '') +
      '.',
  );
}

// ---- cold starts in Chromium ------------------------------------------------------------------

interface ColdStart {
  listeningMs: number;
  rssListening: number;
  firstRowMs: number;
  pageToRowMs: number;
}

const firstBodyRow = (page: Page, grid: string): Locator =>
  page
    .getByRole('grid', { name: grid })
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell') })
    .first();

async function coldStart(
  browser: Browser,
  env: NodeJS.ProcessEnv,
  hash: string,
  row: (page: Page) => Locator,
): Promise<ColdStart> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const t0 = performance.now();
  const server = await startWebMode({ env });
  try {
    const listeningMs = performance.now() - t0;
    const rssListening = procUsage(server.pid)?.rss ?? NaN;
    const opened = performance.now();
    await page.goto(`${server.loginUrl}${hash}`);
    await row(page).waitFor({ timeout: 120_000 });
    const now = performance.now();
    return { listeningMs, rssListening, firstRowMs: now - t0, pageToRowMs: now - opened };
  } finally {
    await context.close();
    await server.stop();
  }
}

async function coldStarts(browser: Browser, env: NodeJS.ProcessEnv): Promise<void> {
  for (let run = 0; run < RUNS; run++) {
    const containers = await coldStart(browser, env, '#/containers', (page) => firstBodyRow(page, 'Containers'));
    const pods = await coldStart(browser, env, `#/kubernetes?ctx=${CONTEXT}&kind=pods&ns=*`, (page) =>
      firstBodyRow(page, 'Pods'),
    );
    for (const start of [containers, pods]) {
      add('web.listening', 'web mode: process start → listening', 'ms', start.listeningMs, {
        versus: 'startup.import.node.ready',
      });
      add('web.rssListening', 'web mode: RSS when listening', 'MB', start.rssListening / 2 ** 20);
    }
    add(
      'web.containers.firstRow',
      'web mode: process start → Containers view shows its first row in Chromium (real dockerd)',
      'ms',
      containers.firstRowMs,
      { versus: 'startup.web.listening' },
    );
    add('web.containers.pageToRow', 'of which the page: opened → first container row', 'ms', containers.pageToRowMs);
    add(
      'web.pods.firstRow',
      `web mode: process start → pods view shows its first row in Chromium (${CONTEXT}, all namespaces)`,
      'ms',
      pods.firstRowMs,
      { versus: 'startup.web.listening' },
    );
    add('web.pods.pageToRow', 'of which the page: opened → first pod row', 'ms', pods.pageToRowMs);
  }
}

/** Start-up to listening under --cpu-prof: which modules the time before listening goes to. */
async function profileStartup(env: NodeJS.ProcessEnv): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-prof-'));
  const t0 = performance.now();
  const server = await startWebMode({
    env,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=250'],
  });
  const listeningMs = performance.now() - t0;
  await server.stop();
  const profile = readProfile(dir);
  rmSync(dir, { recursive: true, force: true });
  const byModule = summarizeProfile(profile, 'module', 0, 8, listeningMs);
  const byFunction = summarizeProfile(profile, 'function', 0, 6, listeningMs);
  const shares = (s: ReturnType<typeof summarizeProfile>) =>
    s.shares.map((x) => `${x.name} ${fmt(x.ms, 0)} ms (${fmt(x.share * 100, 0)} %)`).join('; ');
  report.note(
    `CPU profile of web mode's start to listening (${fmt(listeningMs, 0)} ms under --cpu-prof): ` +
      `${fmt(byModule.busyMs, 0)} ms of JavaScript; self time by module: ${shares(byModule)}; ` +
      `by function: ${shares(byFunction)}. Time V8 spends outside JavaScript (much of loading and compiling) is "(program)", which the profile does not attribute.`,
  );
}

async function main(): Promise<void> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npx electron-vite build\` first`);
  if (!existsSync(TEST_KUBECONFIG)) throw new Error(`no test cluster (${TEST_KUBECONFIG}): npm run cluster:up`);
  await docker.ping();
  console.log(
    `Berth start-up benchmark: ${RUNS} runs, ${cpus().length} CPUs, load ${loadavg()
      .map((l) => fmt(l))
      .join(' ')}\n`,
  );
  const graph = startupGraph(ENTRY);
  measureImports(graph);

  await removeContainersLabelled(docker, LABEL);
  const [key, value] = LABEL.split('=') as [string, string];
  const container = await docker.createContainer({
    Image: IMAGE,
    Cmd: ['sleep', '3600'],
    name: `berth-bench-startup-${Date.now()}`,
    Labels: { [key]: value },
    HostConfig: { NetworkMode: 'none' },
  });
  await container.start();
  // The backend reads a copy: nothing it does can touch the shared kubeconfig.
  const home = mkdtempSync(join(tmpdir(), 'berth-bench-home-'));
  const kubeconfig = join(home, 'kubeconfig');
  copyFileSync(TEST_KUBECONFIG, kubeconfig);
  const env = { DOCKER_HOST: `unix://${SOCKET}`, KUBECONFIG: kubeconfig, HOME: home };
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  report.version('chromium', browser.version());
  try {
    await coldStarts(browser, env);
    await profileStartup(env);
  } finally {
    await browser.close();
    rmSync(home, { recursive: true, force: true });
    await removeContainersLabelled(docker, LABEL);
  }
}

try {
  await main();
} catch (error) {
  console.error(error);
  await removeContainersLabelled(docker, LABEL).catch(() => undefined);
  process.exitCode = 1;
} finally {
  report.save();
}
// Keep-alive sockets to the engine would hold the process open after the last figure.
process.exit();
