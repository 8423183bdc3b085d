import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { startWebMode, type WebModeServer } from './support/webMode';

let server: WebModeServer;

test.beforeAll(async () => {
  server = await startWebMode();
});

test.afterAll(async () => {
  await server?.stop();
});

test('a tab opened without the token says how to open Berth', async ({ page }) => {
  const response = await page.goto(server.baseUrl);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Open Berth from the link it printed' })).toBeVisible();
  await expect(page.getByText('npm run serve')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
});

test('a tab whose token the server does not take says so, instead of reconnecting for ever', async ({ page }) => {
  for (const token of ['stale-token-from-an-old-run', 'not%20a%20token%3B%20at%20all']) {
    await page.goto(`${server.baseUrl}?token=${token}`);
    await expect(page.getByRole('heading', { name: 'This tab’s token is no longer accepted' })).toBeVisible();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  }
});

test('the token lives in the tab, never in a cookie, and no other local server receives it', async ({
  page,
  context,
}) => {
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  const other: Server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.end('<!doctype html><title>another local service</title>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(server.loginUrl);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    // Out of the address bar (history), into this tab's storage.
    await expect(page).toHaveURL(server.baseUrl);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([server.token]);
    expect(await context.cookies()).toEqual([]);

    // A reload in the same tab keeps working: its socket is let in and answered.
    const socket = page.waitForEvent('websocket');
    await page.reload();
    await (await socket).waitForEvent('framereceived');
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

    // The same host on another port, in the same tab and in a new one: nothing of Berth's arrives.
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/page`;
    await page.goto(otherUrl);
    const second = await context.newPage();
    await second.goto(otherUrl);
    await expect(second).toHaveTitle('another local service');
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const request of seen) {
      expect(request.headers.cookie).toBeUndefined();
      expect(JSON.stringify(request)).not.toContain(server.token);
    }
    expect(await context.cookies()).toEqual([]);

    // A new tab of Berth itself, without the link, gets the page that says how to open it.
    await second.goto(server.baseUrl);
    await expect(second.getByRole('heading', { name: 'Open Berth from the link it printed' })).toBeVisible();
  } finally {
    await new Promise((resolve) => other.close(resolve));
  }
});

test('the shell loads with the token and navigates between views', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.loginUrl);
  // The token moves to the tab's storage and is removed from the address bar.
  await expect(page).toHaveURL(server.baseUrl);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();

  for (const view of ['Containers', 'Kubernetes', 'Topology', 'Overview']) {
    await nav.getByRole('link', { name: view }).click();
    await expect(nav.getByRole('link', { name: view })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('main', { name: view })).toBeVisible();
    await expect(page).toHaveTitle(`${view} · Berth`);
  }
  // A reload keeps the view (it lives in the URL).
  await nav.getByRole('link', { name: 'Topology' }).click();
  await page.reload();
  await expect(page.getByRole('main', { name: 'Topology' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('keyboard: Tab reaches the navigation and Ctrl+number switches views', async ({ page }) => {
  await page.goto(server.loginUrl);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.keyboard.press('Control+3');
  await expect(page.getByRole('main', { name: 'Kubernetes' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Overview' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main', { name: 'Containers' })).toBeVisible();
});

test("in a laptop's window the nav shows its icons and gives its labels' room to the view", async ({ page }) => {
  await page.goto(server.loginUrl);
  const nav = page.getByRole('navigation', { name: 'Main' });
  const containers = nav.getByRole('link', { name: 'Containers' });
  const label = containers.getByText('Containers', { exact: true });
  for (const [width, narrow] of [
    [1280, true],
    [1440, false],
  ] as const) {
    await page.setViewportSize({ width, height: 800 });
    const navWidth = (await nav.boundingBox())!.width;
    if (narrow) expect(navWidth).toBeLessThan(60);
    else expect(navWidth).toBeGreaterThan(150);
    // The link keeps its name and its tooltip either way; only the label's pixels go.
    await expect(containers).toHaveAttribute('title', 'Containers (Ctrl+2)');
    const labelBox = (await label.boundingBox())!;
    if (narrow) expect(labelBox.width).toBeLessThanOrEqual(1);
    else expect(labelBox.width).toBeGreaterThan(40);
    await containers.click();
    await expect(page.getByRole('main', { name: 'Containers' })).toBeVisible();
    await nav.getByRole('link', { name: 'Overview' }).click();
  }
  await nav.getByRole('button', { name: /Jump to/ }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
});

test('the status bar is always visible', async ({ page }) => {
  await page.goto(server.loginUrl);
  await expect(page.getByRole('status', { name: 'Connections' })).toBeVisible();
});

test('Ctrl+K opens the command palette, which jumps to a view', async ({ page }) => {
  await page.goto(server.loginUrl);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await page.keyboard.type('topo');
  await expect(palette.getByRole('option').first()).toHaveText(/Go to Topology/);
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByRole('main', { name: 'Topology' })).toBeVisible();
  await page.getByRole('button', { name: /Jump to/ }).click();
  await expect(palette).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
});
