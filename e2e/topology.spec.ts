import { expect, test, type Locator, type Page } from '@playwright/test';
import { clusterSkipReason } from './cluster/testKubeconfig';
import { dockerSkipReason, removeContainersNamed, runContainer, uniqueName } from './support/dockerFixtures';
import { startKubeWebMode } from './support/kubeWebMode';
import type { WebModeServer } from './support/webMode';

/** The topology map against the real test cluster and engine, in Chromium through web mode. */
const skipReason = clusterSkipReason() ?? dockerSkipReason();
test.skip(skipReason !== null, skipReason ?? '');

let server: WebModeServer;
const created: string[] = [];

test.beforeAll(async () => {
  server = await startKubeWebMode();
});

test.afterAll(async () => {
  await server?.stop();
  removeContainersNamed(created);
});

async function openMap(page: Page, query: string): Promise<Locator> {
  await page.setViewportSize({ width: 1400, height: 820 });
  await page.goto(server.loginUrl);
  await page.goto(`${server.baseUrl}#/topology?${query}`);
  await expect(page.getByRole('heading', { name: 'Topology', level: 1 })).toBeVisible();
  return page.getByRole('application', { name: 'Topology map' });
}

const object = (map: Locator, label: RegExp): Locator => map.getByRole('button', { name: label });

test('the map shows the seeded Deployment → ReplicaSets → Pods, and a pod opens its details', async ({ page }) => {
  const map = await openMap(page, 'ctx=berth-a&eng=,&ns=shop&q=frontend');
  const deployment = object(map, /^Deployment shop\/frontend: /);
  const replicaSet = object(map, /^ReplicaSet shop\/frontend-/).first();
  const pods = object(map, /^Pod shop\/frontend-/);
  await expect(deployment).toBeVisible({ timeout: 20_000 });
  await expect(pods).toHaveCount(4, { timeout: 20_000 });
  await expect(object(map, /^ReplicaSet shop\/frontend-/)).toHaveCount(2);
  // Laid out in layers along the edges: owner, then what it owns.
  const x = async (l: Locator): Promise<number> => (await l.boundingBox())!.x;
  await expect.poll(async () => (await x(deployment)) < (await x(replicaSet))).toBe(true);
  expect(await x(replicaSet)).toBeLessThan(await x(pods.first()));
  // The v2 pod held unready mid rollout says so on the map.
  await expect(object(map, /^Pod shop\/frontend-.*: (Warning|Failing)/)).toHaveCount(1);

  await pods.first().click();
  const details = page.getByRole('complementary', { name: /^Details of Pod frontend-/ });
  await expect(details).toBeVisible();
  await expect(details.getByRole('tab', { name: 'Events' })).toBeVisible();
  // The neighbourhood stays lit, the rest dims.
  await expect(map.locator('.topology-edge.lit')).not.toHaveCount(0);
  await page.screenshot({ path: 'docs/screenshots/topology.png' });
});

test('“Show on map” from a crash-looping pod’s details selects it on the map, marked failing', async ({ page }) => {
  await page.goto(server.loginUrl);
  await page.goto(`${server.baseUrl}#/kubernetes?ctx=berth-a&kind=pods&ns=team-a&sel=team-a/crashloop-demo`);
  const panel = page.getByRole('complementary', { name: 'Details of Pod crashloop-demo' });
  await panel.getByRole('button', { name: 'Show on map' }).click();
  const map = page.getByRole('application', { name: 'Topology map' });
  const pod = object(map, /^Pod team-a\/crashloop-demo: Failing/);
  await expect(pod).toBeVisible({ timeout: 20_000 });
  await expect(pod).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('complementary', { name: 'Details of Pod crashloop-demo' })).toBeVisible();
  // Failing objects carry a ring that keeps its size on screen at any zoom.
  await expect(map.locator('.topology-failing-ring')).not.toHaveCount(0);
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await expect(map.locator('.topology-failing-ring').first()).toBeVisible();
});

test('a container of a Compose project shows in its project group, healthy while running', async ({ page }) => {
  const project = uniqueName('topo');
  const web = uniqueName('topo-web');
  created.push(web);
  runContainer(web, ['sleep', '600'], {
    labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': 'web' },
  });
  const map = await openMap(page, `ctx=,&group=compose&q=${web}`);
  await expect(object(map, new RegExp(`^Container ${web}: Healthy`))).toBeVisible({ timeout: 20_000 });
  await expect(map.getByRole('button', { name: `Collapse Compose ${project}` })).toBeVisible();
});
