import { expect, test, type Page } from '@playwright/test';
import { kubectl, kubectlApply, testNamespace } from './cluster/clusterTestKit';
import { clusterSkipReason } from './cluster/testKubeconfig';
import { openKubeView, startKubeWebMode } from './support/kubeWebMode';
import type { WebModeServer } from './support/webMode';

/**
 * Kubernetes write actions in Chromium through web mode, on objects of the test's own
 * namespace: scale from the details panel, delete from the table with the Delete key and a
 * confirmation naming the context, and actions disabled with the reason where the user may
 * not run them (RBAC of berth-a-readonly, or a context marked read-only in Berth).
 */
const skipReason = clusterSkipReason();
test.skip(skipReason !== null, skipReason ?? '');

const ownNamespace = testNamespace('ui-actions');
const NAMESPACE = ownNamespace.name;

let server: WebModeServer;

test.beforeAll(async () => {
  ownNamespace.create();
  kubectlApply({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: NAMESPACE },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          tolerations: [{ operator: 'Exists' }],
          containers: [{ name: 'app', image: 'berth-test/busybox:1' }],
        },
      },
    },
  });
  kubectl('create', 'configmap', 'doomed', '-n', NAMESPACE, '--from-literal=k=v');
  server = await startKubeWebMode();
});

test.afterAll(async () => {
  await server?.stop();
  ownNamespace.remove();
});

const grid = (page: Page, name: string) => page.getByRole('grid', { name });
const row = (page: Page, gridName: string, text: string | RegExp) =>
  grid(page, gridName).getByRole('row').filter({ hasText: text });

test('scales a Deployment from its details panel, and the new pods appear in the pods table', async ({ page }) => {
  await openKubeView(page, server, `ctx=berth-a&kind=deployments.apps&ns=${NAMESPACE}&sel=${NAMESPACE}/web`);
  const panel = page.getByRole('complementary', { name: 'Details of Deployment web' });
  const scale = panel.getByRole('button', { name: 'Scale web' });
  await expect(scale).toBeEnabled({ timeout: 15_000 });
  await scale.click();
  const dialog = page.getByRole('dialog', { name: 'Scale Deployment web in berth-a' });
  await expect(dialog).toContainText(`namespace ${NAMESPACE} of context berth-a`);
  await dialog.getByRole('textbox', { name: 'Replicas' }).fill('x');
  await expect(dialog.getByRole('alert')).toHaveText('A whole number from 0 to 10000.');
  await dialog.getByRole('textbox', { name: 'Replicas' }).fill('3');
  await dialog.getByRole('button', { name: 'Scale to 3' }).click();
  await expect(dialog).toBeHidden();
  await expect(row(page, 'Deployments', 'web')).toContainText('3/3', { timeout: 30_000 });

  await page.goto(`${server.baseUrl}#/kubernetes?ctx=berth-a&kind=pods&ns=${NAMESPACE}`);
  await expect(row(page, 'Pods', /^web-/)).toHaveCount(3, { timeout: 30_000 });
});

test('deletes with the Delete key after a confirmation naming the context', async ({ page }) => {
  await openKubeView(page, server, `ctx=berth-a&kind=configmaps&ns=${NAMESPACE}`);
  await expect(page.getByText('Del delete')).toBeVisible();
  const doomed = row(page, 'ConfigMaps', 'doomed');
  await expect(doomed).toBeVisible({ timeout: 15_000 });
  await doomed.click();
  await page.keyboard.press('Escape');
  await grid(page, 'ConfigMaps').focus();
  await page.keyboard.press('Delete');
  const dialog = page.getByRole('dialog', { name: 'Delete ConfigMap doomed in berth-a?' });
  await expect(dialog).toContainText(`Context berth-a, namespace ${NAMESPACE}: the ConfigMap doomed`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(kubectl('get', 'configmap', 'doomed', '-n', NAMESPACE, '-o', 'name').trim()).toBe('configmap/doomed');

  // Focus is back on the table: Delete again asks again.
  await page.keyboard.press('Delete');
  await dialog.getByRole('button', { name: 'Delete doomed' }).click();
  await expect(dialog).toBeHidden();
  await expect(doomed).toHaveCount(0, { timeout: 15_000 });
  expect(kubectl('get', 'configmap', '-n', NAMESPACE, '-o', 'name')).not.toContain('doomed');
});

test('berth-a-readonly shows the actions disabled with the reason', async ({ page }) => {
  await openKubeView(page, server, 'ctx=berth-a-readonly&kind=deployments.apps&ns=team-a&sel=team-a/api');
  const panel = page.getByRole('complementary', { name: 'Details of Deployment api' });
  await expect(panel.getByRole('note', { name: 'Why some actions are disabled' })).toHaveText(
    'berth-readonly may not update deployments/scale in team-a; berth-readonly may not patch deployments in team-a; berth-readonly may not delete deployments in team-a',
    { timeout: 15_000 },
  );
  for (const name of ['Scale api', 'Restart api', 'Delete api']) {
    await expect(panel.getByRole('button', { name })).toBeDisabled();
  }
  await expect(panel.getByRole('button', { name: 'Delete api' })).toHaveAttribute(
    'title',
    'Delete api: not allowed (berth-readonly may not delete deployments in team-a) (Del)',
  );
});

test('a context marked read-only in Berth shows every action disabled, and is marked in the switcher', async ({
  page,
}) => {
  await openKubeView(page, server, `ctx=berth-a&kind=deployments.apps&ns=${NAMESPACE}&sel=${NAMESPACE}/web`);
  const panel = page.getByRole('complementary', { name: 'Details of Deployment web' });
  await expect(panel.getByRole('button', { name: 'Delete web' })).toBeEnabled({ timeout: 15_000 });

  await page.getByRole('button', { name: /Context berth-a/ }).click();
  const readOnly = page.getByRole('checkbox', { name: 'berth-a is read-only in Berth' });
  await readOnly.check();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: /Context berth-a/ })).toContainText('read-only');
  try {
    await expect(panel.getByRole('note', { name: 'Why some actions are disabled' })).toHaveText('read-only in Berth');
    for (const name of ['Scale web', 'Restart web', 'Delete web']) {
      await expect(panel.getByRole('button', { name })).toBeDisabled();
    }
  } finally {
    await page.getByRole('button', { name: /Context berth-a/ }).click();
    await readOnly.uncheck();
  }
  await expect(panel.getByRole('button', { name: 'Delete web' })).toBeEnabled({ timeout: 15_000 });
});

test('a row’s menu (right click) offers the actions of its kind, disabled with the reason where not allowed', async ({
  page,
}) => {
  await openKubeView(page, server, `ctx=berth-a&kind=deployments.apps&ns=${NAMESPACE}`);
  const web = row(page, 'Deployments', 'web');
  await expect(web).toBeVisible({ timeout: 15_000 });
  await web.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Actions on web' });
  await expect(menu.getByRole('menuitem')).toHaveText(['Scale', 'Restart', 'DeleteDel']);
  await expect(menu.getByRole('menuitem', { name: 'Restart' })).toBeEnabled({ timeout: 15_000 });
  await menu.getByRole('menuitem', { name: 'Restart' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restart Deployment web in berth-a?' });
  await expect(dialog).toContainText(`namespace ${NAMESPACE} of context berth-a`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(menu).toBeHidden();

  await page.goto(`${server.baseUrl}#/kubernetes?ctx=berth-a-readonly&kind=deployments.apps&ns=team-a`);
  await row(page, 'Deployments', /^api/).click({ button: 'right' });
  const denied = page.getByRole('menu', { name: 'Actions on api' }).getByRole('menuitem', { name: /Delete/ });
  await expect(denied).toBeDisabled();
  await expect(denied).toContainText('berth-readonly may not delete deployments in team-a', { timeout: 15_000 });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
});
