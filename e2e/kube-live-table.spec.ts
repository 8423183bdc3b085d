import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { clusterSkipReason, TEST_KUBECONFIG } from './cluster/testKubeconfig';
import { startKubeWebMode } from './support/kubeWebMode';
import type { WebModeServer } from './support/webMode';

/**
 * A Kubernetes table kept true while the cluster changes under it: objects that come, change
 * and go take their sorted place (or leave) without the user sorting again, a text filter
 * applies to objects that arrive after it was typed, and ages read right to the unit they show.
 * ConfigMaps of a namespace of its own.
 */
const skipReason = clusterSkipReason();
test.skip(skipReason !== null, skipReason ?? '');

const NAMESPACE = `berth-test-live-order-${randomBytes(3).toString('hex')}`;
const kubectl = (args: string[]): string =>
  execFileSync('kubectl', ['--kubeconfig', TEST_KUBECONFIG, '--context', 'berth-a', ...args], { encoding: 'utf8' });
/** Data with `keys` keys: the Data column the table is sorted by. */
const data = (keys: number): Record<string, string> =>
  Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, 'v']));
const configMap = (name: string, keys: number): void => {
  kubectl([
    'create',
    'configmap',
    name,
    '-n',
    NAMESPACE,
    ...Object.keys(data(keys)).map((k) => `--from-literal=${k}=v`),
  ]);
};

let server: WebModeServer;

test.beforeAll(async () => {
  kubectl(['create', 'namespace', NAMESPACE]);
  configMap('cm-b', 1);
  configMap('cm-d', 3);
  server = await startKubeWebMode();
});

test.afterAll(async () => {
  await server?.stop();
  kubectl(['delete', 'namespace', NAMESPACE, '--ignore-not-found', '--wait=false']);
});

/** The names in the table, top to bottom (the namespace's own kube-root-ca.crt left out). */
async function names(page: Page): Promise<string[]> {
  const cells = page.getByRole('grid', { name: 'ConfigMaps' }).locator('.vgrid-body [role="row"] [aria-colindex="1"]');
  return (await cells.allTextContents()).filter((name) => name.startsWith('cm-'));
}

test('objects that come, change and go take their sorted place, and a filter applies to new ones', async ({ page }) => {
  await page.goto(server.loginUrl);
  await page.goto(`${server.baseUrl}#/kubernetes?ctx=berth-a&kind=configmaps&ns=${NAMESPACE}&sort=data:desc`);
  // The pointer stays off the grid: rows under it keep their places on purpose.
  await expect.poll(() => names(page), { timeout: 30_000 }).toEqual(['cm-d', 'cm-b']);

  configMap('cm-c', 2);
  await expect.poll(() => names(page), { timeout: 15_000 }).toEqual(['cm-d', 'cm-c', 'cm-b']);
  kubectl(['patch', 'configmap', 'cm-b', '-n', NAMESPACE, '--type=merge', '-p', JSON.stringify({ data: data(5) })]);
  await expect.poll(() => names(page), { timeout: 15_000 }).toEqual(['cm-b', 'cm-d', 'cm-c']);
  kubectl(['delete', 'configmap', 'cm-d', '-n', NAMESPACE]);
  await expect.poll(() => names(page), { timeout: 15_000 }).toEqual(['cm-b', 'cm-c']);

  await page.getByRole('searchbox', { name: 'Filter ConfigMaps' }).fill('cm-c');
  await expect.poll(() => names(page)).toEqual(['cm-c']);
  configMap('cm-cc', 4);
  configMap('cm-a', 9);
  await expect.poll(() => names(page), { timeout: 15_000 }).toEqual(['cm-cc', 'cm-c']);
  const all = kubectl(['get', 'configmaps', '-n', NAMESPACE, '-o', 'name']).trim().split('\n').length;
  await expect(page.getByText(/^\d+ of \d+ ConfigMaps$/)).toHaveText(`2 of ${all} ConfigMaps`);
});

test("a young object's age counts up second by second", async ({ page }) => {
  await page.goto(server.loginUrl);
  await page.goto(`${server.baseUrl}#/kubernetes?ctx=berth-a&kind=configmaps&ns=${NAMESPACE}`);
  kubectl(['create', 'configmap', 'young', '-n', NAMESPACE]);
  const row = page.getByRole('grid', { name: 'ConfigMaps' }).getByRole('row').filter({ hasText: 'young' });
  const age = row.locator('[aria-colindex="3"]');
  await expect(age).toHaveText(/^\d+s$/, { timeout: 15_000 });
  // Over six seconds a seconds age reads at least three values (a ten-second tick shows at most two).
  const seen = new Set<string>();
  const until = Date.now() + 6_500;
  while (Date.now() < until) {
    seen.add((await age.textContent()) ?? '');
    await page.waitForTimeout(200);
  }
  expect([...seen].every((text) => /^\d+s$/.test(text))).toBe(true);
  expect(seen.size).toBeGreaterThanOrEqual(3);
});
