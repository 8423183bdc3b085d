import { expect, test } from '@playwright/test';
import { docker, dockerSkipReason, removeContainersNamed, runContainer, uniqueName } from './support/dockerFixtures';
import { startWebMode, type WebModeServer } from './support/webMode';

/**
 * What happened before Berth was started, in Chromium through web mode against the real
 * engine: a container that crashed before the server ran is among the Overview's latest
 * warnings and in the Events view as soon as the page is open.
 */
const skipReason = dockerSkipReason();
test.skip(skipReason !== null, skipReason ?? '');

let server: WebModeServer;
const crashed = uniqueName('e2e-crashed-before');

test.beforeAll(async () => {
  runContainer(crashed, ['sh', '-c', 'exit 7']);
  docker('wait', crashed);
  server = await startWebMode();
});

test.afterAll(async () => {
  await server?.stop();
  removeContainersNamed([crashed]);
});

test('a container that crashed before Berth started is among the latest warnings and in the events', async ({
  page,
}) => {
  await page.goto(server.loginUrl);
  const card = page
    .getByRole('article', { name: /^Docker engine / })
    .filter({ hasText: 'unix:///var/run/docker.sock' });
  const warnings = card.getByRole('region', { name: /^Latest warnings on / });
  await expect(warnings.getByRole('link', { name: `${crashed} exited with code 7` })).toBeVisible();

  await page.goto(`${server.baseUrl}#/containers?tab=events&events.q=${encodeURIComponent(crashed)}`);
  const events = page.getByRole('grid', { name: 'Events' }).getByRole('row').filter({ hasText: crashed });
  await expect(events).toHaveCount(3);
  for (const action of ['create', 'start', 'die']) {
    await expect(events.filter({ has: page.getByRole('gridcell', { name: action, exact: true }) })).toHaveCount(1);
  }
});
