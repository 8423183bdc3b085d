import { expect, test } from '@playwright/test';
import { testNamespace } from './cluster/clusterTestKit';
import { clusterSkipReason } from './cluster/testKubeconfig';
import { hashParams, startKubeWebMode } from './support/kubeWebMode';
import { recordWarning } from './support/kubeWarning';
import { textLines } from './support/textLines';
import type { WebModeServer } from './support/webMode';

/**
 * The Overview's card of the current Kubernetes context (berth-a, the real test cluster),
 * in Chromium through web mode: nodes ready, pods by phase, the cluster's CPU and memory
 * from metrics-server, the latest warnings, each a link into the Kubernetes view.
 */
const skipReason = clusterSkipReason();
test.skip(skipReason !== null, skipReason ?? '');

let server: WebModeServer;
test.beforeAll(async () => {
  server = await startKubeWebMode({ DOCKER_HOST: 'unix:///nonexistent.sock' });
});
test.afterAll(async () => {
  await server?.stop();
});

test('the current context’s card shows nodes, pods, cluster usage and warnings, each a link', async ({ page }) => {
  await page.goto(server.loginUrl);
  const card = page.getByRole('article', { name: 'Kubernetes context berth-a (current)' });
  await expect(card).toBeVisible();

  // Until the nodes are listed the card says it is counting, never "0 of 0".
  const nodes = card.getByRole('link', { name: /nodes ready in berth-a$/ });
  const counts = async (): Promise<number[]> =>
    (/^(\d+) of (\d+)/.exec((await nodes.getAttribute('aria-label', { timeout: 30_000 })) ?? '') ?? [])
      .slice(1)
      .map(Number);
  // kwok-a-node-0..2 (more when the scale fixture ran).
  await expect.poll(async () => (await counts())[1], { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
  const [ready, total] = await counts();
  expect(ready).toBeLessThanOrEqual(total!);
  for (const phase of ['running', 'pending', 'failed', 'crash-looping']) {
    await expect(card.getByRole('link', { name: new RegExp(`^\\d+ pods ${phase} in berth-a$`) })).toBeVisible();
  }

  // metrics-server answers on berth-a: the cluster's CPU and memory arrive with the first poll.
  await expect(card.getByTestId('kube-cpu')).toHaveText(/^\d+m$|^[\d.]+ cores$/, { timeout: 30_000 });
  await expect(card.getByTestId('kube-memory')).toHaveText(/^\d+(\.\d)? (B|KiB|MiB|GiB)$/);
  await expect(card.getByRole('img', { name: /^CPU of berth-a over the last 15 minutes, from / })).toBeVisible();
  await expect(card.getByRole('region', { name: 'Latest warnings in berth-a' })).toBeVisible();

  await card.getByRole('link', { name: /^\d+ pods crash-looping in berth-a$/ }).click();
  const hash = new URL(page.url()).hash;
  expect(hash).toMatch(/^#\/kubernetes\?/);
  const params = new URLSearchParams(hash.split('?')[1]);
  expect(Object.fromEntries(params)).toEqual({ ctx: 'berth-a', ns: '*', q: 'CrashLoopBackOff' });
});

test('a warning’s object wraps after its kind, not inside a word', async ({ page }) => {
  const namespace = testNamespace('overview');
  namespace.create();
  try {
    // kubectl's kind/name has no break opportunity at the slash; a long kind broke mid-word.
    const name = 'checkoutfrontendautoscaler';
    recordWarning(namespace.name, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name });
    await page.setViewportSize({ width: 1000, height: 800 });
    await page.goto(server.loginUrl);
    const warnings = page.getByRole('region', { name: 'Latest warnings in berth-a' });
    const shown = warnings.getByRole('listitem').filter({ hasText: name }).locator('.warning-name');
    await expect(shown).toHaveText(`horizontalpodautoscaler/${name}`, { timeout: 30_000 });
    expect(await textLines(shown)).toEqual(['horizontalpodautoscaler/', name]);
  } finally {
    namespace.remove();
  }
});

test('a context Berth is not connected to says why its card is empty, and opens from it', async ({ page }) => {
  await page.goto(server.loginUrl);
  const card = page.getByRole('article', { name: 'Kubernetes context berth-b' });
  await expect(card).toContainText('not connected');
  await expect(card).toContainText('Berth connects to a context when you open it');
  await card.getByRole('link', { name: 'Open berth-b' }).click();
  expect(hashParams(page).get('ctx')).toBe('berth-b');
  await expect(page.getByRole('status', { name: 'Watch of Pods' })).toContainText('Live', { timeout: 30_000 });
  await expect(page.getByRole('grid', { name: 'Pods' }).getByRole('row').nth(1)).toBeVisible();
});
