import { expect, test } from '@playwright/test';
import { startWebMode, type WebModeServer } from './support/webMode';

let server: WebModeServer;

test.beforeAll(async () => {
  server = await startWebMode();
});

test.afterAll(async () => {
  await server?.stop();
});

test('web mode refuses the page without the token', async ({ page }) => {
  const response = await page.goto(server.baseUrl);
  expect(response?.status()).toBe(401);
  await expect(page.getByText('needs the token')).toBeVisible();
});

test('the shell loads with the token and navigates between views', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.loginUrl);
  // The token is traded for a cookie and removed from the address bar.
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
