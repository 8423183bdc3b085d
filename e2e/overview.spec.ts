import { expect, test, type Page } from '@playwright/test';
import { busyCpuThreshold, dockerSkipReason, specContainers, runContainer, uniqueName } from './support/dockerFixtures';
import { textLines } from './support/textLines';
import { startWebMode, type WebModeServer } from './support/webMode';

/**
 * The Overview's card of the real engine on this machine, in Chromium through web mode:
 * CPU and memory of the engine's containers (sparklines and current values) and its
 * latest warnings, each a link to what is behind it.
 */
const skipReason = dockerSkipReason();
test.skip(skipReason !== null, skipReason ?? '');

let server: WebModeServer;
const { run, remember, removeAll } = specContainers();

async function engineCard(page: Page) {
  await page.goto(server.loginUrl);
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  const card = page
    .getByRole('article', { name: /^Docker engine / })
    .filter({ hasText: 'unix:///var/run/docker.sock' });
  await expect(card).toHaveCount(1);
  return card;
}

test.beforeAll(async () => {
  server = await startWebMode();
});

test.afterAll(async () => {
  await server?.stop();
  removeAll();
});

test('the engine card shows CPU and memory of its containers as sparklines with current values', async ({ page }) => {
  run('e2e-busy', ['sh', '-c', 'while :; do :; done']);
  const card = await engineCard(page);
  const threshold = busyCpuThreshold(50);
  const cpu = card.getByTestId('engine-cpu');
  await expect
    .poll(async () => Number.parseFloat((await cpu.textContent()) ?? ''), { timeout: 15_000 })
    .toBeGreaterThan(threshold);
  await expect(cpu).toHaveText(/^\d+(\.\d)? %$/);
  await expect(card.getByTestId('engine-memory')).toHaveText(/^\d+(\.\d)? (B|KiB|MiB|GiB)$/);
  await expect(card.getByRole('img', { name: /^CPU of .+ over the last 5 minutes, from .+ % to .+ %$/ })).toBeVisible();
  await expect(card.getByRole('img', { name: /^Memory of .+ over the last 5 minutes, from .+ to .+$/ })).toBeVisible();

  const cpuItem = card.getByRole('listitem').filter({ has: page.getByTestId('engine-cpu') });
  const pointsShown = async (): Promise<number> => Number(await cpuItem.getAttribute('data-points'));
  await expect.poll(pointsShown, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
  const seen = await pointsShown();

  // A link to the engine's running containers, busiest first.
  await card.getByRole('link', { name: /^CPU \d+(\.\d)? % on / }).click();
  await expect(page.getByRole('combobox', { name: 'State' })).toHaveValue('running');
  expect(new URL(page.url()).hash).toContain('sort=cpu%3Adesc');

  // Back on the Overview after a view without stats (every stream closed by then), the
  // history kept in the main process is there at once; new points come one per second.
  await page.getByRole('link', { name: 'Kubernetes' }).click();
  await page.waitForTimeout(6_500);
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect.poll(pointsShown, { timeout: 1_000 }).toBeGreaterThanOrEqual(seen);
});

test('a container that exits with code 3 shows among the latest warnings, as a link to it', async ({ page }) => {
  const card = await engineCard(page);
  const warnings = card.getByRole('region', { name: /^Latest warnings on / });
  await expect(warnings.getByRole('heading', { name: 'Latest warnings' })).toBeVisible();
  const name = run('e2e-exit3', ['sh', '-c', 'exit 3']);
  const warning = warnings.getByRole('link', { name: `${name} exited with code 3` });
  await expect(warning).toBeVisible();
  const when = warnings.getByRole('listitem').filter({ hasText: name }).locator('time');
  await expect(when).toHaveText(/^\d+s ago$/);
  expect(await when.getAttribute('title')).toMatch(/\d{1,2}:\d{2}:\d{2}/);

  await warning.click();
  await expect(page.getByRole('complementary', { name: `Details of ${name}` })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'State' })).toBeVisible();
});

test('a long container name on the card wraps at its separators, never inside a word', async ({ page }) => {
  const card = await engineCard(page);
  const warnings = card.getByRole('region', { name: /^Latest warnings on / });
  const name = run('e2e_a_long.container_name_that_has_to.wrap_on_the_card', ['sh', '-c', 'exit 4']);
  const shown = warnings.getByRole('listitem').filter({ hasText: name }).locator('.warning-name');
  await expect(shown).toHaveText(name);
  const lines = await textLines(shown);
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.join('')).toBe(name);
  // Chromium breaks after a dash by itself, not after an underscore or a dot.
  for (const line of lines.slice(0, -1)) expect(line).toMatch(/[-_.]$/);
});

test('names from the engine are text on the card, never markup', async ({ page }) => {
  // Docker refuses markup in container names; another engine (or a compromised one) might
  // not. Play that engine: rewrite the name in the backend's messages to the page.
  const name = uniqueName('e2e-markup');
  const evil = `${name}<img src=x onerror="window.__berthXss=1">`;
  await page.routeWebSocket(/\/api\/ws$/, (ws) => {
    const backend = ws.connectToServer();
    ws.onMessage((message) => backend.send(message));
    backend.onMessage((message) => {
      if (typeof message !== 'string') return ws.send(message);
      const frame: unknown = JSON.parse(message);
      ws.send(JSON.stringify(frame, (_key, value: unknown) => (value === name ? evil : value)));
    });
  });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const card = await engineCard(page);
  const warnings = card.getByRole('region', { name: /^Latest warnings on / });
  await expect(warnings.getByRole('heading', { name: 'Latest warnings' })).toBeVisible();
  remember(name);
  runContainer(name, ['sh', '-c', 'exit 5']);
  await expect(warnings.getByRole('link', { name: `${evil} exited with code 5` })).toBeVisible();
  await expect(card.locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __berthXss?: number }).__berthXss)).toBeUndefined();
  expect(dialogs).toEqual([]);
});
