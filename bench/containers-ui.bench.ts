/**
 * The containers list with many containers, in real Chromium through web mode, against the
 * real engine (npx tsx bench/containers-ui.bench.ts; BERTH_BENCH_UI_CONTAINERS, default 2000).
 *
 *  1. Time from opening the view to all rows being known to the list ("N of N containers").
 *  2. How many rows the DOM holds (virtualized: a screenful, not N).
 *  3. Frame times while scrolling through the whole list (requestAnimationFrame deltas).
 *  4. The backend's (web-mode server's) RSS with N containers.
 *
 * Figures only; no pass/fail. Containers are created (not started), labelled berth.bench=1,
 * and removed at the end whatever happens.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import Docker from 'dockerode';
import { chromium } from 'playwright-core';
import { CHROMIUM_LAUNCH } from '../e2e/support/chromium';
import { startWebMode } from '../e2e/support/webMode';
import { fmt, percentile, removeContainersLabelled, SCROLL_THROUGH_GRID } from './figures';
import { BenchReport, QUICK, type Unit } from './report';

const SOCKET = process.env.BERTH_BENCH_DOCKER_SOCKET ?? '/var/run/docker.sock';
const IMAGE = process.env.BERTH_TEST_IMAGE ?? 'berth-test/busybox:1';
const COUNT = Number(process.env.BERTH_BENCH_UI_CONTAINERS ?? (QUICK ? 50 : 2000));
const report = new BenchReport('containers-ui');
const COMMAND = QUICK ? 'npm run bench -- --quick' : 'npm run bench -- containers-ui';
const docker = new Docker({ socketPath: SOCKET });

async function removeBenchContainers(): Promise<void> {
  await removeContainersLabelled(docker, 'berth.bench=ui');
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) * 1024;
}

async function main(): Promise<void> {
  console.log(
    `Berth containers list benchmark: ${COUNT} containers, ${cpus().length} CPUs, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  await removeBenchContainers();
  const t0 = Date.now();
  for (let i = 0; i < COUNT; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, COUNT - i) }, (_, k) =>
        docker.createContainer({
          Image: IMAGE,
          name: `bench-ui-${String(i + k).padStart(5, '0')}`,
          Cmd: ['true'],
          Labels: {
            'berth.bench': 'ui',
            ...((i + k) % 10 === 0 ? { 'com.docker.compose.project': `proj-${(i + k) % 7}` } : {}),
          },
          HostConfig: { NetworkMode: 'none' },
        }),
      ),
    );
  }
  console.log(`created ${COUNT} containers in ${fmt((Date.now() - t0) / 1000)} s`);

  const server = await startWebMode({ env: { DOCKER_HOST: `unix://${SOCKET}`, KUBECONFIG: '/nonexistent' } });
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.loginUrl);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const opened = Date.now();
    await page.getByRole('link', { name: 'Containers' }).click();
    await page
      .getByText(new RegExp(`^${COUNT + (await otherContainers())} of \\d+ containers$`))
      .waitFor({ timeout: 60_000 });
    const loadMs = Date.now() - opened;
    const domRows = await page.getByRole('grid', { name: 'Containers' }).getByRole('row').count();

    // Scroll the whole list in steps, one step per animation frame, and record the frame times.
    const frames = (await page.evaluate(SCROLL_THROUGH_GRID)) as number[];
    const rss = rssOf(server.pid);
    const add = (id: string, what: string, unit: Unit, value: number) =>
      report.add({
        id: `containers.ui${COUNT}.${id}`,
        what: `${what}, ${COUNT} containers`,
        unit,
        value,
        command: COMMAND,
      });
    add('allListed', 'Containers view opened → every row counted, in Chromium', 'ms', loadMs);
    add('domRows', 'rows in the DOM (virtualized)', 'rows', domRows);
    add('scrollP50', 'scrolling the list, frame time median', 'ms', percentile(frames, 50));
    add('scrollP95', 'scrolling the list, frame time p95', 'ms', percentile(frames, 95));
    add('scrollMax', 'scrolling the list, longest frame', 'ms', Math.max(...frames));
    add('rss', 'web-mode server RSS', 'MB', rss / 2 ** 20);
  } finally {
    await browser.close();
    await server.stop();
    const t1 = Date.now();
    await removeBenchContainers();
    console.log(`\ncleanup ${fmt((Date.now() - t1) / 1000)} s`);
  }
}

/** Containers on the engine that are not ours (the count shown includes them). */
let others: number | undefined;
async function otherContainers(): Promise<number> {
  others ??= (await docker.listContainers({ all: true })).filter((c) => c.Labels['berth.bench'] !== 'ui').length;
  return others;
}

main()
  .catch(async (error: unknown) => {
    console.error(error);
    await removeBenchContainers();
    process.exitCode = 1;
  })
  .finally(() => report.save());
