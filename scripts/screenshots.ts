/**
 * `npx tsx scripts/screenshots.ts`: refreshes the README's screenshots (docs/screenshots/*.png) from web mode, against the
 * real Docker engine and the test clusters. Run after `npm run build` (and `npm run cluster:up`).
 * Demo containers carry the label berth.demo=1 and are removed afterwards.
 * `npx tsx scripts/screenshots.ts dashboard` takes only the dashboard's (docs/screenshots/dashboard.png).
 */
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM_LAUNCH } from '../e2e/support/chromium';
import { startWebMode } from '../e2e/support/webMode';

const image = process.env.BERTH_TEST_IMAGE ?? 'berth-test/busybox:1';
const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const demo: Array<[string, string[], string[]]> = [
  [
    'shop-web',
    ['--label', 'com.docker.compose.project=shop', '--label', 'com.docker.compose.service=web', '-p', '8080:8080'],
    ['httpd', '-f', '-p', '8080'],
  ],
  [
    'shop-worker',
    [
      '--label',
      'com.docker.compose.project=shop',
      '--label',
      'com.docker.compose.service=worker',
      '-e',
      'API_TOKEN=s3cr3t',
    ],
    [
      'sh',
      '-c',
      'i=0; while :; do i=$((i+1)); echo "processed job $i"; [ $((i%5)) = 0 ] && printf "\\033[33mwarn\\033[0m slow job $i\\n" >&2; sleep 1; done',
    ],
  ],
  ['cpu-burner', [], ['sh', '-c', 'yes > /dev/null']],
];
/** Started once Berth watches the engine, so its exit shows among the Overview's latest warnings. */
const failing: [string, string[], string[]] = ['one-off', [], ['sh', '-c', 'echo done; exit 3']];
const remove = (...names: string[]): void => void execFileSync('docker', ['rm', '-f', ...names], { stdio: 'ignore' });
const run = ([name, opts, cmd]: [string, string[], string[]]): void => {
  try {
    remove(name);
  } catch {
    // was not there
  }
  docker('run', '-d', '--label', 'berth.demo=1', '--name', name, ...opts, image, ...cmd);
};
for (const container of demo) run(container);

const server = await startWebMode({
  env: { KUBECONFIG: process.env.BERTH_TEST_KUBECONFIG ?? '/tmp/berth-cluster/kubeconfig' },
});
const url = server.loginUrl;

const browser = await chromium.launch(CHROMIUM_LAUNCH);
const onlyDashboard = process.argv[2] === 'dashboard';
try {
  // The engine's dashboard after a minute of recording: CPU and memory, states, incidents.
  const board = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  await board.goto(url);
  await board.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  // Started once Berth watches: its exit shows among the warnings (here and on the Overview below).
  run(failing);
  await board.goto(`${server.baseUrl}#/dashboards?window=300000`);
  const cpu = board.getByRole('list', { name: 'CPU: open the objects' });
  await cpu.getByRole('link', { name: 'cpu-burner' }).waitFor({ timeout: 60_000 });
  await board.waitForTimeout(45_000); // a few more samples
  await board.screenshot({ path: 'docs/screenshots/dashboard.png' });
  await board.close();
  for (const scheme of onlyDashboard ? [] : (['light', 'dark'] as const)) {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 820 },
      deviceScaleFactor: 1,
      colorScheme: scheme,
    });
    const shot = async (name: string) => page.screenshot({ path: `docs/screenshots/${name}-${scheme}.png` });
    const row = (name: string) =>
      page.getByRole('grid', { name: 'Containers' }).getByRole('row').filter({ hasText: name });
    await page.goto(url);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Containers' }).click();
    await row('cpu-burner').click();
    await page.getByRole('tab', { name: 'Stats' }).click();
    await page.waitForTimeout(25_000); // some history for the charts
    await shot('containers-stats');
    await row('shop-worker').click();
    await page.getByRole('tab', { name: 'Logs' }).click();
    await page.waitForTimeout(2000);
    await shot('containers-logs');
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.waitForTimeout(10_000); // some history for the engine's sparklines
    await shot('overview');
    // The pods of one namespace with a crash-looping pod's details open.
    await page.goto(`${server.baseUrl}#/kubernetes?ctx=berth-a&kind=pods&ns=team-a&sel=team-a/crashloop-demo`);
    await page
      .getByRole('complementary', { name: 'Details of Pod crashloop-demo' })
      .getByRole('table')
      .first()
      .waitFor();
    await page.waitForTimeout(2000);
    await shot('kubernetes');
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
  remove(...[...demo, failing].map(([name]) => name));
}
console.log('screenshots written to docs/screenshots/');
