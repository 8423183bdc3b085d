import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { kubeconfigCopy, kubectl, kubectlApply, testNamespace } from './cluster/clusterTestKit';
import { clusterSkipReason } from './cluster/testKubeconfig';
import { startKubeWebMode } from './support/kubeWebMode';
import type { WebModeServer } from './support/webMode';

/**
 * Edit YAML and "Set as default context" in Chromium through web mode, against the test
 * cluster: objects of our own in a namespace of our own; the kubeconfig written is a copy.
 */
const skipReason = clusterSkipReason();
test.skip(skipReason !== null, skipReason ?? '');
// Each test starts a web-mode server or waits for watches on a machine whose cores are shared.
test.describe.configure({ timeout: 90_000 });

const ownNamespace = testNamespace('edit-e2e');
const NAMESPACE = ownNamespace.name;
const createConfigMap = (name: string): void => {
  kubectlApply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: NAMESPACE },
    data: { color: 'blue' },
  });
};
const storedData = (name: string): unknown =>
  (JSON.parse(kubectl('get', 'configmap', name, '-n', NAMESPACE, '-o', 'json')) as { data?: unknown }).data;

const servers: WebModeServer[] = [];
let server: WebModeServer;

test.beforeAll(async () => {
  ownNamespace.create();
  server = await startKubeWebMode();
  servers.push(server);
});

test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  ownNamespace.remove();
});

/** The YAML tab of one of our ConfigMaps, values revealed, in the editor. */
async function editConfigMap(page: Page, name: string): Promise<{ details: Locator; editor: Locator }> {
  await page.goto(server.loginUrl);
  await page.goto(`${server.baseUrl}#/kubernetes?ctx=berth-a&kind=configmaps&ns=${NAMESPACE}`);
  await page
    .getByRole('grid', { name: 'ConfigMaps' })
    .getByRole('row')
    .filter({ hasText: name })
    .click({ timeout: 30_000 });
  const details = page.getByRole('complementary', { name: `Details of ConfigMap ${name}` });
  await details.getByRole('tab', { name: 'YAML' }).click();
  await details.getByRole('button', { name: 'Reveal' }).click();
  await expect(details.getByRole('region', { name: `YAML of ConfigMap ${name}` })).toContainText('color: blue');
  await details.getByRole('button', { name: 'Edit', exact: true }).click();
  const editor = details.getByRole('textbox', { name: `YAML of ConfigMap ${name} (editing)` });
  await expect(editor).toHaveValue(/color: blue/);
  return { details, editor };
}

async function addSize(editor: Locator): Promise<string> {
  const text = (await editor.inputValue()).replace('  color: blue\n', '  color: blue\n  size: large\n');
  await editor.fill(text);
  return text;
}

test('edit a ConfigMap: review shows the diff, apply writes it, the details show the new value', async ({ page }) => {
  createConfigMap('edit-me');
  const { details, editor } = await editConfigMap(page, 'edit-me');
  // A YAML mistake is shown with its place, and the text stays as typed.
  const broken = (await editor.inputValue()).replace('  color: blue\n', '  color: "blue\n');
  await editor.fill(broken);
  await details.getByRole('button', { name: 'Review' }).click();
  await expect(details.getByRole('alert')).toContainText(/The YAML does not parse at line \d+, column \d+/);
  await expect(editor).toHaveValue(broken);
  // The caret is put on the line the parser names.
  const named = /at line (\d+)/.exec((await details.getByRole('alert').textContent()) ?? '')?.[1];
  const caretLine = await editor.evaluate(
    (el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split('\n').length,
  );
  expect(caretLine).toBe(Number(named));
  await editor.fill(broken.replace('  color: "blue\n', '  color: blue\n'));
  await addSize(editor);

  await details.getByRole('button', { name: 'Review' }).click();
  const changes = details.getByRole('region', { name: 'Changes the server would store' });
  await expect(changes.locator('.diff-added')).toHaveText(['+   size: large']);
  // The dry run wrote nothing.
  expect(storedData('edit-me')).toEqual({ color: 'blue' });

  await details.getByRole('button', { name: 'Apply' }).click();
  await expect(details.getByRole('status').filter({ hasText: 'Applied' })).toBeVisible({ timeout: 15_000 });
  await expect(details.getByRole('region', { name: 'YAML of ConfigMap edit-me' })).toContainText('size: large', {
    timeout: 15_000,
  });
  expect(storedData('edit-me')).toEqual({ color: 'blue', size: 'large' });
});

test('a change made on the server meanwhile is shown as a conflict; the edit is kept and can be replayed', async ({
  page,
}) => {
  createConfigMap('conflict-me');
  const { details, editor } = await editConfigMap(page, 'conflict-me');
  const typed = await addSize(editor);
  kubectl('label', 'configmap', 'conflict-me', '-n', NAMESPACE, 'changed-by=someone-else');

  await details.getByRole('button', { name: 'Review' }).click();
  await expect(details.getByRole('alert')).toContainText('changed on the server since you started editing');
  await expect(editor).toHaveValue(typed);
  await expect(details.getByRole('button', { name: 'Apply' })).toBeDisabled();
  expect(storedData('conflict-me')).toEqual({ color: 'blue' });

  await details.getByRole('button', { name: 'Reload my edit on the new version' }).click();
  await expect(editor).toHaveValue(/changed-by: someone-else/);
  await expect(editor).toHaveValue(/size: large/);
  await details.getByRole('button', { name: 'Review' }).click();
  await expect(
    details.getByRole('region', { name: 'Changes the server would store' }).locator('.diff-added'),
  ).toHaveText(['+   size: large']);
  await details.getByRole('button', { name: 'Apply' }).click();
  await expect(details.getByRole('status').filter({ hasText: 'Applied' })).toBeVisible({ timeout: 15_000 });
  expect(storedData('conflict-me')).toEqual({ color: 'blue', size: 'large' });
});

test('set as default context writes current-context into a copy of the kubeconfig, and nothing else', async ({
  page,
}) => {
  const { file } = kubeconfigCopy();
  const before = readFileSync(file, 'utf8');
  expect(before).toMatch(/^current-context: berth-a$/m);
  const copyServer = await startKubeWebMode({ KUBECONFIG: file });
  servers.push(copyServer);

  await page.goto(copyServer.loginUrl);
  await page.goto(`${copyServer.baseUrl}#/kubernetes`);
  await page.getByRole('button', { name: /^Context berth-a/ }).click();
  const table = page.getByRole('table', { name: 'Contexts' });
  await expect(table.getByRole('row').filter({ hasText: 'berth-a-readonly' })).toBeVisible();
  await table.getByRole('button', { name: 'Set berth-b as the default context' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'kubectl’s default context is now berth-b' })).toBeVisible({
    timeout: 15_000,
  });
  expect(readFileSync(file, 'utf8')).toBe(before.replace(/^current-context: berth-a$/m, 'current-context: berth-b'));
  // The switcher follows the file: berth-b is now the default, berth-a can be made it again.
  await expect(table.getByRole('button', { name: 'Set berth-a as the default context' })).toBeVisible();
  await expect(table.getByRole('button', { name: 'Set berth-b as the default context' })).toHaveCount(0);
});
