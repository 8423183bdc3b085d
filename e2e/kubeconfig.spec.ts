import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startKubeWebMode } from './support/kubeWebMode';
import type { WebModeServer } from './support/webMode';

const servers: WebModeServer[] = [];
test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function serveWith(kubeconfig: string): Promise<WebModeServer> {
  const server = await startKubeWebMode({ KUBECONFIG: kubeconfig });
  servers.push(server);
  return server;
}

test('no kubeconfig: the empty state says where Berth looked', async ({ page }) => {
  const missing = join(mkdtempSync(join(tmpdir(), 'berth-')), 'no-such-config');
  const server = await serveWith(missing);
  await page.goto(server.loginUrl);
  await page.getByRole('link', { name: 'Kubernetes' }).click();
  const empty = page.getByRole('region', { name: 'No Kubernetes contexts found' });
  await expect(empty).toBeVisible();
  await empty.getByText('Where Berth looked').click();
  await expect(empty.getByText(missing)).toBeVisible();
});

test('a malformed kubeconfig is reported by path and the good one still works; contexts switch', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-'));
  const bad = join(dir, 'bad.yaml');
  const good = join(dir, 'good.yaml');
  writeFileSync(bad, 'clusters: [ {name: broken\n  - : :');
  writeFileSync(
    good,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: alpha',
      'clusters:',
      '- {name: alpha, cluster: {server: "https://127.0.0.1:1"}}',
      '- {name: "<img src=x onerror=alert(1)>", cluster: {server: "https://127.0.0.1:2"}}',
      'users:',
      '- {name: u, user: {token: t}}',
      'contexts:',
      '- {name: alpha, context: {cluster: alpha, user: u}}',
      '- {name: "<img src=x onerror=alert(1)>", context: {cluster: "<img src=x onerror=alert(1)>", user: u}}',
    ].join('\n'),
  );
  const server = await serveWith(`${bad}:${good}`);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    void d.dismiss();
  });
  await page.goto(server.loginUrl);
  await page.getByRole('link', { name: 'Kubernetes' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Part of your kubeconfig' })).toContainText(bad);
  // The contexts are behind the context switcher.
  await page.getByRole('button', { name: /^Context alpha/ }).click();
  const table = page.getByRole('table', { name: 'Contexts' });
  await expect(table.getByRole('row')).toHaveCount(3);
  // A hostile context name is shown as text.
  await expect(table.getByRole('cell', { name: '<img src=x onerror=alert(1)>', exact: true }).first()).toBeVisible();
  await table.getByRole('button', { name: 'Switch to <img src=x onerror=alert(1)>' }).click();
  await page.getByRole('button', { name: /^Context <img src=x onerror=alert\(1\)>/ }).click();
  await expect(table.getByRole('button', { name: 'Switch to alpha' })).toBeVisible();
  expect(dialogs).toBe(0);
});

test('a context added to the kubeconfig file appears in the contexts table and the palette without a restart', async ({
  page,
}) => {
  const file = join(mkdtempSync(join(tmpdir(), 'berth-')), 'config');
  const config = (names: string[]): string =>
    [
      `current-context: ${names[0]}`,
      'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
      'users: [{name: u, user: {token: t}}]',
      'contexts:',
      ...names.map((n) => `- {name: ${n}, context: {cluster: c, user: u}}`),
    ].join('\n');
  writeFileSync(file, config(['alpha']));
  const server = await serveWith(file);
  await page.goto(server.loginUrl);
  await page.getByRole('link', { name: 'Kubernetes' }).click();
  await page.getByRole('button', { name: /^Context alpha/ }).click();
  const table = page.getByRole('table', { name: 'Contexts' });
  await expect(table.getByRole('row')).toHaveCount(2);
  // As `kubectl config set-context` saves: a new file renamed over the old one.
  writeFileSync(`${file}.tmp`, config(['alpha', 'beta-added-live']));
  renameSync(`${file}.tmp`, file);
  await expect(table.getByRole('cell', { name: 'beta-added-live', exact: true })).toBeVisible();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await page.keyboard.type('beta-added');
  await expect(palette.getByRole('option').first()).toContainText('beta-added-live');
});
