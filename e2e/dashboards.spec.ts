import { expect, test } from '@playwright/test';
import { clusterSkipReason } from './cluster/testKubeconfig';
import { testNamespace } from './cluster/clusterTestKit';
import { dockerSkipReason, specContainers } from './support/dockerFixtures';
import { recordWarning } from './support/kubeWarning';
import { startKubeWebMode } from './support/kubeWebMode';
import type { WebModeServer } from './support/webMode';

/**
 * Dashboards and timelines in real Chromium, in web mode, against the real engine and the
 * test cluster: the history the backend records shows as charts with data, and a container's
 * Timeline tab shows its exit with its code.
 */
const skipReason = dockerSkipReason() ?? clusterSkipReason();
test.skip(skipReason !== null, skipReason ?? '');

let server: WebModeServer;
/** No network: these containers need none, and the tests then do not depend on the engine's bridge. */
const { run, removeAll } = specContainers({ network: 'none' });
const ownNamespace = testNamespace('dashboards');
const NAMESPACE = ownNamespace.name;

test.beforeAll(async () => {
  ownNamespace.create();
  recordWarning(NAMESPACE);
  server = await startKubeWebMode();
});
test.afterAll(async () => {
  await server?.stop();
  removeAll();
  ownNamespace.remove();
});

test('the engine dashboard draws CPU, memory, states and incidents, each leading to its containers', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const busy = run('dash-busy', ['sh', '-c', 'while :; do :; done']);
  await page.goto(server.loginUrl);
  // Reachable from the Overview card of the engine.
  await page
    .getByRole('link', { name: /^Dashboard: the last hours of / })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: 'Dashboards', level: 1 })).toBeVisible();
  await page.getByRole('radio', { name: '5 m', exact: true }).click();
  // CPU comes from each running container's stats stream every second: the busy one soon tops the list.
  const cpuLinks = page.getByRole('list', { name: 'CPU: open the objects' });
  await expect(cpuLinks.getByRole('link', { name: busy })).toBeVisible({ timeout: 45_000 });
  await expect(cpuLinks.getByRole('link', { name: 'total' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'CPU' })).toBeVisible();
  const states = page.getByRole('list', { name: 'Containers by state: open the objects' });
  await expect(states.getByRole('link', { name: 'running' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^In this window: \d+ restarts/ })).toBeVisible();
  // A consumer opens its container, on its Timeline tab.
  await cpuLinks.getByRole('link', { name: busy }).click();
  const details = page.getByRole('complementary', { name: `Details of ${busy}` });
  await expect(details.getByRole('tab', { name: 'Timeline', selected: true })).toBeVisible();
  await expect(details.getByRole('list', { name: 'Events, newest first' })).toContainText('started');
});

test('a context dashboard draws pods by state and recent warnings', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(server.loginUrl);
  await page.goto(`${server.baseUrl}#/dashboards?ctx=berth-a&window=3600000`);
  await expect(page.getByRole('heading', { name: 'Kubernetes context berth-a' })).toBeVisible();
  const states = page.getByRole('list', { name: 'Pods by state: open the objects' });
  await expect(states.getByRole('link', { name: 'running' })).toBeVisible({ timeout: 30_000 });
  await expect(states.getByRole('link', { name: 'crash-looping' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /[1-9]\d* warnings\.$/ })).toBeVisible({ timeout: 30_000 });
  // The crash-looping series leads to the crash-looping pods.
  await states.getByRole('link', { name: 'crash-looping' }).click();
  await expect(page).toHaveURL(/#\/kubernetes\?.*q=CrashLoopBackOff/);
});

test('a container’s Timeline tab shows its exit with its code', async ({ page }) => {
  const name = run('dash-exit', ['sh', '-c', 'sleep 1; exit 3']);
  await page.goto(server.loginUrl);
  await page.goto(`${server.baseUrl}#/containers?q=${encodeURIComponent(name)}`);
  const row = page.getByRole('grid', { name: 'Containers' }).getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1, { timeout: 10_000 });
  await row.click();
  const details = page.getByRole('complementary', { name: `Details of ${name}` });
  await details.getByRole('tab', { name: 'Timeline' }).click();
  const events = details.getByRole('list', { name: 'Events, newest first' });
  await expect(events.getByRole('button', { name: /exited \(code 3\)/ })).toBeVisible({ timeout: 20_000 });
  await events.getByRole('button', { name: /exited \(code 3\)/ }).click();
  await expect(details.getByRole('region', { name: 'Event details' })).toContainText('exited (code 3)');
  await expect(details.getByRole('button', { name: /exited \(code 3\)$/ }).first()).toBeVisible();
});

test('a crash-looping pod’s Timeline tab shows its restarts and the previous container’s exit', async ({ page }) => {
  await page.goto(server.loginUrl);
  await page.goto(
    `${server.baseUrl}#/kubernetes?ctx=berth-a&kind=pods&ns=team-a&sel=team-a/crashloop-demo&dtab=timeline`,
  );
  const details = page.getByRole('complementary', { name: 'Details of Pod crashloop-demo' });
  // The seed made it crash-loop when the cluster came up: within the last six hours.
  await details.getByRole('radio', { name: '6 h' }).click();
  const events = details.getByRole('list', { name: 'Events, newest first' });
  await expect(events.getByRole('button', { name: /app restarted \(5 restarts in all\)/ })).toBeVisible({
    timeout: 20_000,
  });
  await events.getByRole('button', { name: /app restarted/ }).click();
  await expect(details.getByRole('region', { name: 'Event details' })).toContainText('Previous container: app');
  await expect(details.getByRole('region', { name: 'Event details' })).toContainText('exit code 1');
});
