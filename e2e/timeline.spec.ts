import { expect, test, type Locator, type Page } from '@playwright/test';
import { clusterSkipReason } from './cluster/testKubeconfig';
import { dockerSkipReason, specContainers } from './support/dockerFixtures';
import { startKubeWebMode, hashParams } from './support/kubeWebMode';
import type { WebModeServer } from './support/webMode';

/**
 * Timeline points lead somewhere, in real Chromium through web mode: a crash-looping pod's
 * restart opens its previous container's logs (the seeded kwok pod, whose canned previous
 * log ends in FATAL), a Kubernetes Event opens that Event, and a Docker container's exit opens
 * its logs (the real engine keeps them after the exit).
 */
const skipReason = dockerSkipReason() ?? clusterSkipReason();
test.skip(skipReason !== null, skipReason ?? '');

let server: WebModeServer;
/** No network: these containers need none, and the tests then do not depend on the engine's bridge. */
const { run, removeAll } = specContainers({ network: 'none' });

test.beforeAll(async () => {
  server = await startKubeWebMode();
});

test.afterAll(async () => {
  await server?.stop();
  removeAll();
});

const CRASHLOOP_TIMELINE = 'ctx=berth-a&kind=pods&ns=team-a&sel=team-a%2Fcrashloop-demo&dtab=timeline';

function crashloopDetails(page: Page): Locator {
  return page.getByRole('complementary', { name: 'Details of Pod crashloop-demo' });
}

/** The crash-looping pod's Timeline tab over six hours (the seed made it crash when the cluster came up). */
async function openCrashloopTimeline(page: Page): Promise<Locator> {
  await page.goto(server.loginUrl);
  await page.goto(`${server.baseUrl}#/kubernetes?${CRASHLOOP_TIMELINE}`);
  const details = crashloopDetails(page);
  await details.getByRole('radio', { name: '6 h' }).click();
  const axis = details.getByRole('group', { name: 'Events on the time axis' });
  const restart = axis.getByRole('button', { name: /app restarted \(\d+ restarts in all\): Previous logs of app$/ });
  await expect(restart).toBeVisible({ timeout: 20_000 });
  return restart;
}

/** The pod's Logs tab shows app's previous run, ending with the seeded FATAL line. */
async function expectPreviousLogs(page: Page): Promise<void> {
  const details = crashloopDetails(page);
  await expect(details.getByRole('tab', { name: /Logs/ })).toHaveAttribute('aria-selected', 'true');
  expect(hashParams(page).get('dtab')).toBe('logs');
  expect(hashParams(page).get('ctr')).toBe('app');
  expect(hashParams(page).get('prev')).toBe('1');
  const panel = details.getByRole('region', { name: 'Logs', exact: true });
  await expect(panel.getByLabel('Container', { exact: true })).toHaveValue('app');
  await expect(panel.getByRole('checkbox', { name: 'Previous container' })).toBeChecked();
  const rows = panel.getByTestId('log-viewport').locator('.log-row');
  await expect(rows.last()).toContainText('FATAL exiting with code 1', { timeout: 20_000 });
  await expect(rows.filter({ hasText: 'ERROR failed to connect to database' })).toHaveCount(1);
}

test('a crash-looping pod’s restart point, clicked, opens the previous container’s logs ending in FATAL', async ({
  page,
}) => {
  const restart = await openCrashloopTimeline(page);
  await restart.click();
  await expectPreviousLogs(page);
  // Back returns to the timeline the point was on.
  await page.goBack();
  await expect(crashloopDetails(page).getByRole('tab', { name: 'Timeline', selected: true })).toBeVisible();
});

test('the same point, from the keyboard, opens the same logs', async ({ page }) => {
  const restart = await openCrashloopTimeline(page);
  await restart.focus();
  await expect(restart).toBeFocused();
  await page.keyboard.press('Enter');
  await expectPreviousLogs(page);
});

test('the event list offers the same way out, and a Kubernetes Event point opens that Event', async ({ page }) => {
  await openCrashloopTimeline(page);
  const details = crashloopDetails(page);
  const events = details.getByRole('list', { name: 'Events, newest first' });
  // A back-off is a Kubernetes Event about the pod: its point opens the Event object.
  const backOff = details
    .getByRole('group', { name: 'Events on the time axis' })
    .getByRole('button', { name: /back-off restarting.*: Open the event$/ })
    .first();
  await expect(backOff).toBeVisible({ timeout: 20_000 });
  await events
    .getByRole('button', { name: /app restarted/ })
    .first()
    .click();
  const about = details.getByRole('region', { name: 'Event details' });
  await expect(about).toContainText('Previous container: app');
  await expect(about.getByRole('button', { name: 'Previous logs of app' })).toBeVisible();

  await backOff.click();
  await expect(page.getByRole('complementary', { name: /^Details of Event crashloop-demo\./ })).toBeVisible({
    timeout: 20_000,
  });
  expect(hashParams(page).get('kind')).toBe('events');
});

test('a Docker container’s exit point opens its logs, which the engine kept after the exit', async ({ page }) => {
  const name = run('timeline-exit', ['sh', '-c', 'echo last words; sleep 1; exit 3']);
  await page.goto(server.loginUrl);
  await page.goto(`${server.baseUrl}#/containers?q=${encodeURIComponent(name)}`);
  const row = page.getByRole('grid', { name: 'Containers' }).getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1, { timeout: 10_000 });
  await row.click();
  const details = page.getByRole('complementary', { name: `Details of ${name}` });
  await details.getByRole('tab', { name: 'Timeline' }).click();
  const exit = details
    .getByRole('group', { name: 'Events on the time axis' })
    .getByRole('button', { name: /exited \(code 3\): Open the logs$/ });
  await expect(exit).toBeVisible({ timeout: 20_000 });
  await exit.click();
  await expect(details.getByRole('tab', { name: /Logs/ })).toHaveAttribute('aria-selected', 'true');
  const panel = details.getByRole('region', { name: 'Logs', exact: true });
  await expect(panel.getByTestId('log-viewport').locator('.log-row', { hasText: 'last words' })).toHaveCount(1, {
    timeout: 20_000,
  });
});
