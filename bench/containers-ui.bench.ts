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
import { fmt, percentile, removeContainersLabelled } from './figures';

const SOCKET = process.env.BERTH_BENCH_DOCKER_SOCKET ?? '/var/run/docker.sock';
const IMAGE = process.env.BERTH_TEST_IMAGE ?? 'berth-test/busybox:1';
const COUNT = Number(process.env.BERTH_BENCH_UI_CONTAINERS ?? 2000);
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
    // (A string, not a function: tsx would wrap a function's inner helpers in its own __name.)
    const frames = (await page.evaluate(SCROLL_THROUGH_LIST)) as number[];
    const rss = rssOf(server.pid);
    console.log('');
    console.log(`view opened → all ${COUNT} rows in the list   ${fmt(loadMs, 0)} ms`);
    console.log(`rows in the DOM (virtualized)              ${domRows}`);
    console.log(`scroll frames measured                     ${frames.length} (300 px per frame)`);
    console.log(
      `frame time median / p95 / max              ${fmt(percentile(frames, 50))} / ${fmt(percentile(frames, 95))} / ${fmt(Math.max(...frames))} ms`,
    );
    console.log(`frames over 50 ms                          ${frames.filter((f) => f > 50).length}`);
    console.log(`web-mode server RSS                        ${fmt(rss / 1024 / 1024)} MB`);
  } finally {
    await browser.close();
    await server.stop();
    const t1 = Date.now();
    await removeBenchContainers();
    console.log(`\ncleanup ${fmt((Date.now() - t1) / 1000)} s`);
  }
}

/** Scrolls the list's scroller 300 px per animation frame to the end; resolves with the frame times (ms). */
const SCROLL_THROUGH_LIST = `new Promise((resolve) => {
  let el = document.querySelector('[role="grid"]');
  while (el && el.scrollHeight <= el.clientHeight) el = el.parentElement;
  if (!el) return resolve([]);
  const times = [];
  let last = performance.now();
  const step = () => {
    const now = performance.now();
    times.push(now - last);
    last = now;
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1 || times.length > 2000) return resolve(times.slice(1));
    el.scrollTop += 300;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`;

/** Containers on the engine that are not ours (the count shown includes them). */
let others: number | undefined;
async function otherContainers(): Promise<number> {
  others ??= (await docker.listContainers({ all: true })).filter((c) => c.Labels['berth.bench'] !== 'ui').length;
  return others;
}

main().catch(async (error: unknown) => {
  console.error(error);
  await removeBenchContainers();
  process.exit(1);
});
