import { expect, test } from '@playwright/test';
import { clusterSkipReason } from './cluster/testKubeconfig';
import { openKubeView, startKubeWebMode } from './support/kubeWebMode';
import type { WebModeServer } from './support/webMode';

/**
 * A shell in a pod and a port of it on 127.0.0.1, from the Kubernetes view in Chromium
 * through web mode, against the seeded test cluster (kwok runs the exec on this machine
 * and answers port-forwards with a fixed HTTP reply).
 */
const skipReason = clusterSkipReason();
test.skip(skipReason !== null, skipReason ?? '');

const KWOK_ANSWER = 'hello from berth-a via kwok port-forward';
let server: WebModeServer;

test.beforeAll(async () => {
  server = await startKubeWebMode();
});

test.afterAll(async () => {
  await server?.stop();
});

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  return response.text();
}

test('S opens a pod’s Terminal: typed commands run in its container', async ({ page }) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=pods&ns=team-a&sel=team-a/multi-container-demo');
  const details = page.getByRole('complementary', { name: 'Details of Pod multi-container-demo' });
  await expect(details.getByRole('tab', { name: 'Terminal' })).toHaveAttribute('aria-keyshortcuts', 'S', {
    timeout: 30_000,
  });
  // The key acts on a listed pod: wait for the table to have it.
  await expect(
    page.getByRole('grid', { name: 'Pods' }).getByRole('row').filter({ hasText: 'multi-container-demo' }),
  ).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('s');
  await expect(details.getByRole('tab', { name: 'Terminal' })).toHaveAttribute('aria-selected', 'true');
  const panel = details.getByRole('region', { name: 'Terminal' });
  await expect(panel.getByTestId('terminal-status')).toContainText('Connected', { timeout: 15_000 });
  await expect(details.getByRole('combobox', { name: 'Container', exact: true })).toHaveValue('web');
  await panel.locator('.xterm').click();
  // The typed line says $BERTH_CLUSTER; only the shell's answer says berth-a.
  await page.keyboard.type('echo $BERTH_CLUSTER');
  await page.keyboard.press('Enter');
  await expect(panel.locator('.xterm-rows')).toContainText('berth-a', { timeout: 15_000 });
  await page.keyboard.type('exit 4');
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('alert')).toContainText('exited with code 4', { timeout: 15_000 });
});

test('a port-forward started from a pod answers on 127.0.0.1, is listed, survives a reload, and stops', async ({
  page,
}) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=pods&ns=team-a&sel=team-a/multi-container-demo&dtab=forward');
  const details = page.getByRole('complementary', { name: 'Details of Pod multi-container-demo' });
  const form = details.getByRole('region', { name: 'Port forward' });
  await expect(form.getByLabel('Pod port')).toHaveValue('80', { timeout: 30_000 });
  await expect(form.getByLabel('Local port on 127.0.0.1')).toHaveValue(/^\d+$/, { timeout: 15_000 });
  await form.getByRole('button', { name: 'Start port forward' }).click();

  const own = form.getByRole('region', { name: 'Forwards of multi-container-demo' });
  const link = own.getByRole('link', { name: /^http:\/\/127\.0\.0\.1:\d+$/ });
  await expect(link).toBeVisible({ timeout: 15_000 });
  const url = (await link.textContent()) ?? '';
  expect(await fetchText(url)).toBe(KWOK_ANSWER);
  const listed = page
    .getByRole('region', { name: 'Port forwards' })
    .getByTestId('forward-row')
    .filter({ hasText: url });
  await expect(listed).toContainText('pod/multi-container-demo:80');
  await expect(listed).toContainText('1 total', { timeout: 10_000 });

  // The forward belongs to the backend: a reload finds it listed and still answering.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Kubernetes', level: 1 })).toBeVisible();
  const again = page.getByRole('region', { name: 'Port forwards' }).getByTestId('forward-row').filter({ hasText: url });
  await expect(again).toHaveAttribute('data-state', 'active', { timeout: 15_000 });
  expect(await fetchText(url)).toBe(KWOK_ANSWER);

  await again.getByRole('button', { name: `Stop ${url}` }).click();
  await expect(again).toHaveAttribute('data-state', 'ended', { timeout: 10_000 });
  await expect(again).toContainText('ended: stopped');
  await expect(fetchText(url)).rejects.toThrow();
  await again.getByRole('button', { name: `Dismiss ${url}` }).click();
  await expect(again).toHaveCount(0);
});

test('a port-forward from a Service reaches a ready pod behind it', async ({ page }) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=services&ns=team-a&sel=team-a/api&dtab=forward');
  const details = page.getByRole('complementary', { name: 'Details of Service api' });
  const form = details.getByRole('region', { name: 'Port forward' });
  await expect(form.getByLabel('Service port')).toHaveValue('80', { timeout: 30_000 });
  await expect(form.getByLabel('Local port on 127.0.0.1')).toHaveValue(/^\d+$/, { timeout: 15_000 });
  await form.getByRole('button', { name: 'Start port forward' }).click();
  const own = form.getByRole('region', { name: 'Forwards of api' }).getByTestId('forward-row');
  // The Service's targetPort "http" is the pods' port 8080.
  await expect(own).toContainText(/svc\/api:8080.*via pod api-/, { timeout: 15_000 });
  const url = (await own.getByRole('link').textContent()) ?? '';
  expect(await fetchText(url)).toBe(KWOK_ANSWER);
  await own.getByRole('button', { name: `Stop ${url}` }).click();
  await expect(own).toHaveAttribute('data-state', 'ended', { timeout: 10_000 });
});
