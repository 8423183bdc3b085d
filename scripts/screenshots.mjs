#!/usr/bin/env node
/**
 * Refreshes the README's screenshots (docs/screenshots/*.png) from web mode, against the
 * real Docker engine and the test clusters. Run after `npm run build` (and `npm run cluster:up`).
 * Demo containers carry the label berth.demo=1 and are removed afterwards.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const image = process.env.BERTH_TEST_IMAGE ?? 'berth-test/busybox:1';
const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const demo = [
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
  ['one-off', [], ['sh', '-c', 'echo done; exit 3']],
];
const remove = (...names) => execFileSync('docker', ['rm', '-f', ...names], { stdio: 'ignore' });
for (const [name, opts, cmd] of demo) {
  try {
    remove(name);
  } catch {
    // was not there
  }
  docker('run', '-d', '--label', 'berth.demo=1', '--name', name, ...opts, image, ...cmd);
}

const server = spawn(process.execPath, ['out/main/serve.js', '--port', '0'], {
  env: { ...process.env, KUBECONFIG: process.env.BERTH_TEST_KUBECONFIG ?? '/tmp/berth-cluster/kubeconfig' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve) => {
  createInterface({ input: server.stdout }).on('line', (line) => {
    const match = /^Berth web mode: (\S+)$/.exec(line);
    if (match) resolve(match[1]);
  });
});

const browser = await chromium.launch({
  executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
try {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 820 },
      deviceScaleFactor: 1,
      colorScheme: scheme,
    });
    const shot = async (name) => page.screenshot({ path: `docs/screenshots/${name}-${scheme}.png` });
    const row = (name) => page.getByRole('grid', { name: 'Containers' }).getByRole('row').filter({ hasText: name });
    await page.goto(url);
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
    await page.waitForTimeout(1000);
    await shot('overview');
    await page.getByRole('link', { name: 'Kubernetes' }).click();
    await page.waitForTimeout(1500);
    await shot('kubernetes');
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
  remove(...demo.map(([name]) => name));
}
console.log('screenshots written to docs/screenshots/');
