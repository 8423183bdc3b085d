import { expect, test } from '@playwright/test';
import { dockerSkipReason, removeContainersNamed, runContainer, uniqueName } from './support/dockerFixtures';
import { startWebMode, type WebModeServer } from './support/webMode';

/** The topology map against the real engine: what runs where, grouped by Compose project, live. */
const skipReason = dockerSkipReason();
test.skip(skipReason !== null, skipReason ?? '');

let server: WebModeServer;
const created: string[] = [];

test.beforeAll(async () => {
  server = await startWebMode();
});

test.afterAll(async () => {
  await server?.stop();
  removeContainersNamed(created);
});

test('containers appear on their engine under their Compose project, and open in the list', async ({ page }) => {
  const project = uniqueName('topo');
  const web = uniqueName('topo-web');
  created.push(web);
  await page.goto(server.loginUrl);
  await page.getByRole('link', { name: 'Topology' }).click();
  const engine = page.getByRole('region', { name: /^Engine / }).first();
  await expect(engine).toBeVisible();

  runContainer(web, ['sleep', '600'], {
    labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': 'web' },
  });
  const group = engine.locator('details', { hasText: `Compose project ${project}` });
  await expect(group).toBeVisible({ timeout: 5_000 });
  await expect(group.getByRole('listitem').filter({ hasText: web })).toContainText('running');

  await group.getByRole('button', { name: web }).click();
  await expect(page.getByRole('main', { name: 'Containers' })).toBeVisible();
  await expect(page.getByRole('complementary', { name: `Details of ${web}` })).toBeVisible();
});
