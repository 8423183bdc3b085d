/**
 * Docker backend benchmark, against the real engine (npx tsx bench/docker.bench.ts).
 *
 *  1. Latency: API create+start of a container → its row in a `docker.containers` subscription.
 *  2. Cost of live stats for 20, 100 and 300 running containers (BERTH_BENCH_CONTAINERS), ~20 s
 *     each: this process (the backend, via `docker.stats.summary`) vs the `docker stats` CLI on
 *     the same containers.
 *  3. Messages per second delivered to the subscriber (batched, not one per sample).
 *  4. At 20 and 100 containers (BERTH_BENCH_WEB_CONTAINERS), web mode in Chromium: the server's
 *     CPU and RSS, dockerd's, and the renderer's, first with the Containers view open (at the
 *     first size over BERTH_BENCH_IDLE_SECONDS, default 60 s: what leaving Berth open costs),
 *     then with the Overview open (it streams every running container's stats).
 *
 * Prints figures and ratios; no pass/fail. Containers carry berth.bench=1 and are removed
 * at the end, whatever happens. The backend of 1–3 runs in this process, so its CPU and RSS are
 * this process's (the harness itself is idle while measuring); that of 4 is web mode's server,
 * read from /proc.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_LAUNCH } from '../e2e/support/chromium';
import { startWebMode, type WebModeServer } from '../e2e/support/webMode';
import { Backend } from '../electron/core/backend';
import { RELEASE_GRACE_MS } from '../electron/core/docker/statsHub';
import type { CollectionEvent } from '../shared/collection';
import type { ContainerRow, StatsSummaryRow } from '../shared/docker';
import { dockerdPid, fmt, procUsage, removeContainersLabelled } from './figures';
import { pageUsageOver, type PageUsage } from './pageUsage';
import { BenchReport, QUICK, type Unit } from './report';

const SOCKET = process.env.BERTH_BENCH_DOCKER_SOCKET ?? '/var/run/docker.sock';
const IMAGE = process.env.BERTH_TEST_IMAGE ?? 'berth-test/busybox:1';
const LABEL = 'berth.bench';
const SIZES = (process.env.BERTH_BENCH_CONTAINERS ?? (QUICK ? '5' : '20,100,300')).split(',').map(Number);
const LATENCY_RUNS = Number(process.env.BERTH_BENCH_RUNS ?? (QUICK ? 3 : 20));
const STATS_SECONDS = Number(process.env.BERTH_BENCH_SECONDS ?? (QUICK ? 3 : 20));
const WEB_SIZES = (process.env.BERTH_BENCH_WEB_CONTAINERS ?? (QUICK ? '5' : '20,100')).split(',').map(Number);
const IDLE_SECONDS = Number(process.env.BERTH_BENCH_IDLE_SECONDS ?? (QUICK ? 3 : 60));
const report = new BenchReport('docker');
const COMMAND = QUICK ? 'npm run bench -- --quick' : 'npm run bench -- docker';

const docker = new Docker({ socketPath: SOCKET });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function removeBenchContainers(): Promise<void> {
  await removeContainersLabelled(docker, `${LABEL}=1`);
}

async function runContainer(name: string): Promise<string> {
  const c = await docker.createContainer({ Image: IMAGE, Cmd: ['sleep', '3600'], name, Labels: { [LABEL]: '1' } });
  await c.start();
  return c.id;
}

type AddFigure = (id: string, what: string, unit: Unit, value: number, extra?: object) => void;

/**
 * Web mode's server and Chromium, first with the Containers view open (the rows on screen
 * stream their stats), then with the Overview (its engine card streams every running
 * container's stats), each over the same kind of window as the figures above.
 */
async function measureWeb(
  web: WebModeServer,
  browser: Browser,
  dockerd: number | undefined,
  listSeconds: number,
  /** Ids of this size's figures start with it (`docker.stats20`). */
  prefix: string,
  cliCpuPercent: number,
  add: AddFigure,
): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  const pids = { server: web.pid, ...(dockerd ? { dockerd } : {}) };
  const addUsage = (view: 'list' | 'overview', title: string, usage: PageUsage, seconds: number): void => {
    const over = { note: `over ${seconds} s, headless Chromium 1400×900` };
    const server = usage.processes.server!;
    const pct = (share: number) => share * 100;
    // The list is compared with the in-process backend above (stats of every container, where
    // the view streams only the rows on screen), the Overview with the list.
    add(`web.${view}.cpu`, `Berth web-mode server CPU, ${title}`, '% of a core', pct(server.cpu), {
      versus: view === 'list' ? `${prefix}.berth.cpu` : `${prefix}.web.list.cpu`,
      note:
        view === 'list'
          ? over.note
          : `${over.note}; ${fmt(server.cpu / (cliCpuPercent / 100))}× the docker stats CLI on the same containers`,
    });
    add(`web.${view}.rss`, `Berth web-mode server RSS, ${title}`, 'MB', server.rss / 2 ** 20, {
      ...(view === 'overview' ? { versus: `${prefix}.web.list.rss` } : {}),
    });
    if (usage.processes.dockerd) {
      add(`web.${view}.dockerdCpu`, `dockerd CPU, ${title}`, '% of a core', pct(usage.processes.dockerd.cpu), over);
    }
    add(
      `web.${view}.rendererMain`,
      `renderer main thread busy (DevTools Performance.getMetrics TaskDuration), ${title}`,
      '% of a core',
      pct(usage.mainThread),
      over,
    );
    add(
      `web.${view}.rendererScript`,
      `of which JavaScript (ScriptDuration), ${title}`,
      '% of a core',
      pct(usage.script),
      over,
    );
    add(
      `web.${view}.rendererProcesses`,
      `Chromium renderer processes, all threads (/proc), ${title}`,
      '% of a core',
      pct(usage.renderers),
      over,
    );
    add(`web.${view}.jsHeap`, `the page's JavaScript heap in use, ${title}`, 'MB', usage.jsHeapMb);
    add(
      `web.${view}.chromium`,
      `all Chromium processes (/proc: browser, GPU, network, renderers), ${title}`,
      '% of a core',
      pct(usage.chromium),
      over,
    );
  };
  try {
    await page.goto(`${web.loginUrl}#/containers`);
    await page
      .getByRole('grid', { name: 'Containers' })
      .getByRole('row')
      .filter({ has: page.getByRole('gridcell') })
      .first()
      .waitFor({ timeout: 60_000 });
    // Warm up: the rows on screen have their stats streams open and sending (quick mode only
    // checks that this works; its figures are not read).
    await sleep(QUICK ? 1000 : 3000);
    addUsage('list', 'Containers view open', await pageUsageOver(page, pids, listSeconds), listSeconds);

    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId('engine-cpu').first().waitFor({ timeout: 60_000 });
    // The list's streams released, the Overview's open and sending.
    await sleep(QUICK ? 1000 : RELEASE_GRACE_MS + 3000);
    addUsage('overview', 'Overview open', await pageUsageOver(page, pids, STATS_SECONDS), STATS_SECONDS);
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  await docker.ping();
  const started = Date.now();
  console.log(
    `Berth Docker benchmark — ${SIZES.join('/')} containers, ${cpus().length} CPUs, load ${loadavg()
      .map((l) => fmt(l))
      .join(' ')}`,
  );
  await removeBenchContainers();

  const home = mkdtempSync(join(tmpdir(), 'berth-bench-'));
  // Docker only: no cluster in the Overview's picture.
  const dockerOnly = { DOCKER_HOST: `unix://${SOCKET}`, KUBECONFIG: '/nonexistent', HOME: home };
  const web = WEB_SIZES.some((n) => SIZES.includes(n)) ? await startWebMode({ env: dockerOnly }) : undefined;
  const browser = web ? await chromium.launch(CHROMIUM_LAUNCH) : undefined;
  if (browser) report.version('chromium', browser.version());
  const backend = new Backend({
    mode: 'web',
    version: 'bench',
    env: { DOCKER_HOST: `unix://${SOCKET}` },
    homeDir: home,
  });
  const engineId = 'env';
  const rows = new Map<string, ContainerRow>();
  const waiters = new Set<() => void>();
  const unsubscribeList = backend.router.subscribe(
    'docker.containers',
    { engineId },
    {
      event: (payload) => {
        const e = payload as CollectionEvent<ContainerRow>;
        if (e.type === 'snapshot') for (const r of e.rows) rows.set(r.id, r);
        else {
          for (const r of e.upserts) rows.set(r.id, r);
          for (const id of e.deletes) rows.delete(id);
        }
        for (const w of [...waiters]) w();
      },
      error: (error) => console.error('containers topic failed:', error.message),
    },
  );
  const waitRow = (check: () => boolean, timeoutMs = 10_000): Promise<void> =>
    new Promise((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(w);
        reject(new Error('timed out waiting for a row'));
      }, timeoutMs);
      const w = () => {
        if (!check()) return;
        clearTimeout(timer);
        waiters.delete(w);
        resolve();
      };
      waiters.add(w);
    });

  try {
    // Wait for the first listing.
    for (let i = 0; i < 100 && backend.connections.get(`docker:${engineId}`)?.state !== 'live'; i++) await sleep(100);

    // ---- 1. run → row latency -------------------------------------------------------------
    const toRow: number[] = [];
    const toRunning: number[] = [];
    const apiTime: number[] = [];
    const afterStart: number[] = [];
    for (let i = 0; i < LATENCY_RUNS; i++) {
      const name = `berth-bench-latency-${Date.now()}-${i}`;
      const byName = (): ContainerRow | undefined => [...rows.values()].find((r) => r.name === name);
      const t0 = performance.now();
      let appeared = NaN;
      const seen = waitRow(() => byName() !== undefined).then(() => (appeared = performance.now() - t0));
      const running = waitRow(() => byName()?.state === 'running').then(() => performance.now());
      await runContainer(name);
      const started = performance.now();
      const runningAt = await running;
      await seen;
      toRow.push(appeared);
      toRunning.push(runningAt - t0);
      apiTime.push(started - t0);
      afterStart.push(Math.max(0, runningAt - started));
    }
    for (const [id, what, values] of [
      ['docker.run.row', 'docker run (API create+start) → its row in docker.containers', toRow],
      ['docker.run.running', 'docker run → its row says running', toRunning],
      ['docker.run.api', 'of which the API create+start call', apiTime],
    ] as const) {
      for (const value of values) {
        report.add({
          id,
          what,
          unit: 'ms',
          value,
          command: COMMAND,
          ...(id === 'docker.run.running' ? { target: { op: '<' as const, value: 500, text: 'under 500 ms' } } : {}),
        });
      }
    }

    // ---- 2. start containers up to each size, then stats for all of them -----------------------
    const ids: string[] = [];
    for (const count of SIZES) {
      const t = Date.now();
      for (let i = ids.length; i < count; i += 10) {
        const batch = Array.from({ length: Math.min(10, count - i) }, (_, k) =>
          runContainer(`berth-bench-${t}-${i + k}`),
        );
        ids.push(...(await Promise.all(batch)));
      }
      await waitRow(() => ids.every((id) => rows.get(id)?.state === 'running'), 60_000);
      console.log(`\nstarted ${count} containers in ${fmt((Date.now() - t) / 1000)} s`);

      // ---- 3. Berth: stats for all of them via docker.stats.summary ------------------------------
      let messages = 0;
      let rowsDelivered = 0;
      // The topic takes at most 200 ids (the UI asks for the rows on screen): one subscriber per 200.
      const unsubscribes: Array<() => void> = [];
      for (let i = 0; i < ids.length; i += 200) {
        unsubscribes.push(
          backend.router.subscribe(
            'docker.stats.summary',
            { engineId, ids: ids.slice(i, i + 200) },
            {
              event: (payload) => {
                messages += 1;
                const e = payload as CollectionEvent<StatsSummaryRow>;
                rowsDelivered += e.type === 'snapshot' ? e.rows.length : e.upserts.length;
              },
              error: (error) => console.error('summary topic failed:', error.message),
            },
          ),
        );
      }
      const unsubscribeSummary = (): void => unsubscribes.forEach((unsubscribe) => unsubscribe());
      // Warm up: every engine stream open and sending.
      await sleep(3000);
      const dockerd = dockerdPid();
      const berthBefore = {
        cpu: process.cpuUsage(),
        messages,
        rowsDelivered,
        dockerd: dockerd ? procUsage(dockerd) : undefined,
      };
      const rss: number[] = [];
      const t1 = performance.now();
      for (let s = 0; s < STATS_SECONDS; s++) {
        await sleep(1000);
        rss.push(process.memoryUsage().rss);
      }
      const berthSeconds = (performance.now() - t1) / 1000;
      const berthCpu = process.cpuUsage(berthBefore.cpu);
      const berthCpuSeconds = (berthCpu.user + berthCpu.system) / 1e6;
      const berthDockerd =
        dockerd && berthBefore.dockerd ? procUsage(dockerd)!.cpuSeconds - berthBefore.dockerd.cpuSeconds : NaN;
      const berthMessages = messages - berthBefore.messages;
      const berthRows = rowsDelivered - berthBefore.rowsDelivered;
      const openStreams = backend.docker.runtime(engineId).stats.openStreams;
      unsubscribeSummary();

      // Let the engine streams close (grace period) before measuring the CLI.
      await sleep(6000);

      // ---- 4. docker stats CLI on the same containers ----------------------------------------------
      const cli = spawn('docker', ['-H', `unix://${SOCKET}`, 'stats', '--no-trunc', ...ids], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // Listened for from the start: a CLI that gave up early must not leave us waiting for it.
      const cliExited = new Promise((resolve) => cli.once('exit', resolve));
      let cliBytes = 0;
      let cliErrors = '';
      cli.stdout.on('data', (b: Buffer) => (cliBytes += b.length));
      cli.stderr.on('data', (b: Buffer) => (cliErrors += b.toString()));
      await sleep(3000);
      const cliBefore = procUsage(cli.pid!);
      const cliDockerdBefore = dockerd ? procUsage(dockerd) : undefined;
      const cliBytesBefore = cliBytes;
      const cliRss: number[] = [];
      const t2 = performance.now();
      for (let s = 0; s < STATS_SECONDS; s++) {
        await sleep(1000);
        const u = procUsage(cli.pid!);
        if (u) cliRss.push(u.rss);
      }
      const cliSeconds = (performance.now() - t2) / 1000;
      const cliAfter = procUsage(cli.pid!);
      const cliDockerd =
        dockerd && cliDockerdBefore ? procUsage(dockerd)!.cpuSeconds - cliDockerdBefore.cpuSeconds : NaN;
      // The docker CLI keeps streaming after SIGTERM; it is our own child, so end it for sure.
      if (cli.exitCode !== null || cli.signalCode !== null) {
        report.note(
          `docker stats CLI with ${count} containers exited during its window (${cli.exitCode ?? cli.signalCode}): ${cliErrors.trim().slice(0, 300) || 'no message'}; its figures are n/a`,
        );
      }
      cli.kill('SIGKILL');
      await cliExited;
      const cliCpuSeconds = cliBefore && cliAfter ? cliAfter.cpuSeconds - cliBefore.cpuSeconds : NaN;

      const berthPct = (berthCpuSeconds / berthSeconds) * 100;
      const cliPct = (cliCpuSeconds / cliSeconds) * 100;
      const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
      const add = (id: string, what: string, unit: Unit, value: number, extra: object = {}) =>
        report.add({
          id: `docker.stats${count}.${id}`,
          what: `${what}, ${count} containers`,
          unit,
          value,
          command: COMMAND,
          ...extra,
        });
      add('dockerCli.cpu', 'docker stats CLI CPU', '% of a core', cliPct);
      add('berth.cpu', 'Berth backend CPU, live stats streamed', '% of a core', berthPct, {
        versus: `docker.stats${count}.dockerCli.cpu`,
      });
      add('dockerCli.rss', 'docker stats CLI RSS, average', 'MB', avg(cliRss) / 2 ** 20);
      add('berth.rss', 'Berth backend RSS, average (Node + tsx + backend)', 'MB', avg(rss) / 2 ** 20, {
        versus: `docker.stats${count}.dockerCli.rss`,
      });
      add('berth.dockerdCpu', 'dockerd CPU while Berth streams', '% of a core', (berthDockerd / berthSeconds) * 100);
      add('dockerCli.dockerdCpu', 'dockerd CPU while the CLI streams', '% of a core', (cliDockerd / cliSeconds) * 100);
      add('berth.messages', 'stats messages to the subscriber', '/s', berthMessages / berthSeconds, {
        note: `${fmt(berthRows / Math.max(1, berthMessages))} rows each, ${openStreams} engine streams, CLI output ${fmt(cliBytes - cliBytesBefore > 0 ? (cliBytes - cliBytesBefore) / cliSeconds / 1024 : 0)} KiB/s`,
      });

      // ---- 5. web mode in Chromium: the Containers view, then the Overview ---------------------
      if (web && browser && WEB_SIZES.includes(count)) {
        const listSeconds = count === SIZES[0] ? IDLE_SECONDS : STATS_SECONDS;
        await measureWeb(web, browser, dockerd, listSeconds, `docker.stats${count}`, cliPct, add);
        // Every stream of the page released before the next size is measured.
        if (count !== SIZES.at(-1)) await sleep(RELEASE_GRACE_MS + 1000);
      }
    }
    console.log(
      `\ntotal run time ${fmt((Date.now() - started) / 1000)} s; load now ${loadavg()
        .map((l) => fmt(l))
        .join(' ')}`,
    );
  } finally {
    unsubscribeList();
    const t3 = Date.now();
    await browser?.close();
    await web?.stop();
    await backend.dispose();
    rmSync(home, { recursive: true, force: true });
    await removeBenchContainers();
    console.log(`cleanup ${fmt((Date.now() - t3) / 1000)} s`);
  }
}

main()
  .catch(async (error: unknown) => {
    console.error(error);
    await removeBenchContainers().catch(() => undefined);
    process.exitCode = 1;
  })
  .finally(() => report.save());
