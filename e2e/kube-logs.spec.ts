import { expect, test, type Locator, type Page } from '@playwright/test';
import { clusterSkipReason } from './cluster/testKubeconfig';
import { dockerSkipReason, specContainers } from './support/dockerFixtures';
import { hashParams, openKubeView, startKubeWebMode } from './support/kubeWebMode';
import type { WebModeServer } from './support/webMode';

/**
 * Pod and workload logs in Chromium through web mode, against the seeded test cluster,
 * whose kwok serves a canned log (40 lines a minute apart from 2025-01-01T00:00Z) and a
 * canned previous log (3 lines ending in FATAL).
 */
const skipReason = clusterSkipReason();
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

function logsPanel(scope: Page | Locator): Locator {
  return scope.getByRole('region', { name: 'Logs', exact: true });
}

function logRow(panel: Locator, text: string | RegExp): Locator {
  return panel.getByTestId('log-viewport').locator('.log-row', { hasText: text });
}

/** The controls of a log panel, by their accessible names: the same list means the same panel. */
async function panelControls(panel: Locator): Promise<string[]> {
  const names: string[] = [];
  for (const control of await panel.locator('input, select, button').all()) {
    if (!(await control.isVisible())) continue;
    const label =
      (await control.getAttribute('aria-label')) ??
      (await control.evaluate(
        (el) => (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? el.textContent?.trim() ?? '',
      ));
    names.push(label);
  }
  return names;
}

test('l opens the Logs tab of a pod: the canned log of the chosen container, init containers labelled, timestamps parsed', async ({
  page,
}) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=pods&ns=team-a&sel=team-a%2Fmulti-container-demo');
  const details = page.getByRole('complementary', { name: 'Details of Pod multi-container-demo' });
  await expect(details.getByRole('tab', { name: /Overview/ })).toHaveAttribute('aria-selected', 'true');
  // The key acts on a listed pod: wait for the table to have it.
  await expect(
    page.getByRole('grid', { name: 'Pods' }).getByRole('row').filter({ hasText: 'multi-container-demo' }),
  ).toBeVisible({ timeout: 30_000 });
  await page.locator('body').press('l');
  await expect(details.getByRole('tab', { name: /Logs/ })).toHaveAttribute('aria-selected', 'true');
  expect(hashParams(page).get('dtab')).toBe('logs');

  const panel = logsPanel(details);
  const picker = panel.getByLabel('Container');
  await expect(picker).toHaveValue('web');
  await expect(picker.locator('option')).toHaveText(['web', 'log-shipper', 'init-schema (init container)']);
  await expect(panel.getByRole('status').first()).toContainText('40 lines', { timeout: 20_000 });
  await expect(logRow(panel, 'request 39 handled')).toHaveCount(1);
  // The API server's timestamp is parsed off the line into the timestamp column.
  await expect(logRow(panel, 'request 39 handled').locator('.log-time')).toHaveAttribute(
    'title',
    '2025-01-01T00:39:00.000Z',
  );
  await expect(logRow(panel, 'request 39 handled').locator('.log-text')).toHaveText(
    '2025-01-01T00:39:00Z INFO berth-demo request 39 handled path=/api/items status=200 duration=3ms',
  );
  // No restarts: no previous log to offer.
  await expect(panel.getByRole('checkbox', { name: 'Previous container' })).toHaveCount(0);

  for (const container of ['init-schema', 'log-shipper']) {
    await picker.selectOption(container);
    await expect(panel.getByRole('status').first()).toContainText('40 lines', { timeout: 20_000 });
    await expect(logRow(panel, 'request 0 handled')).toHaveCount(1);
  }
  // A pod's log is one merged stream: no stdout/stderr filter to offer.
  await expect(panel.getByLabel('Streams')).toHaveCount(0);
});

test("a crash-looping pod's previous logs end with FATAL, and the stream says it ended", async ({ page }) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=pods&ns=team-a&sel=team-a%2Fcrashloop-demo&dtab=logs');
  const details = page.getByRole('complementary', { name: 'Details of Pod crashloop-demo' });
  const panel = logsPanel(details);
  await expect(panel.getByLabel('Container').locator('option')).toHaveText([/^app · \d+ restarts$/]);
  await panel.getByRole('checkbox', { name: 'Previous container' }).check();
  await expect(logRow(panel, 'FATAL exiting with code 1')).toHaveCount(1, { timeout: 20_000 });
  await expect(logRow(panel, 'ERROR failed to connect to database')).toHaveCount(1);
  await expect(panel.getByRole('status').filter({ hasText: 'Log stream ended' })).toContainText(
    'end of the previous container’s log',
  );
});

test('a pod whose container has not started says so in words', async ({ page }) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=pods&ns=team-a&sel=team-a%2Fpending-demo&dtab=logs');
  const panel = logsPanel(page.getByRole('complementary', { name: 'Details of Pod pending-demo' }));
  await expect(panel.getByRole('alert')).toContainText(
    'Container “trainer” has not started yet (Pending). Its logs appear once it runs',
    { timeout: 20_000 },
  );
});

test('a hostile log line with markup is shown as text and runs nothing', async ({ page }) => {
  const hostile = '<img src=x onerror="window.__pwned=1"><b>bold</b><script>window.__pwned=2</script>';
  // The cluster's canned log has no markup: the first chunk of the pod's log gets one more
  // line on its way to the page. Everything else is the real stream.
  await page.routeWebSocket(/\/ws/, (ws) => {
    const upstream = ws.connectToServer();
    const logSubs = new Set<number>();
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { t: string; id: number; topic?: string };
      if (frame.t === 'sub' && frame.topic === 'kube.pod.logs') logSubs.add(frame.id);
      upstream.send(message);
    });
    upstream.onMessage((message) => {
      const frame = JSON.parse(String(message)) as {
        t: string;
        id: number;
        payload?: { seq: number; items: unknown[] };
      };
      if (frame.t === 'event' && logSubs.has(frame.id) && frame.payload?.seq === 0) {
        frame.payload.items.push({ t: Date.UTC(2025, 0, 1, 1), stream: 'stdout', text: hostile });
        ws.send(JSON.stringify(frame));
      } else ws.send(message);
    });
  });
  await openKubeView(page, server, 'ctx=berth-a&kind=pods&ns=team-a&sel=team-a%2Fmulti-container-demo&dtab=logs');
  const panel = logsPanel(page.getByRole('complementary', { name: 'Details of Pod multi-container-demo' }));
  const line = logRow(panel, 'bold');
  await expect(line.locator('.log-text')).toHaveText(hostile, { timeout: 20_000 });
  await expect(panel.locator('img, b, script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("a Deployment's Logs tab merges its pods' logs, each line with its pod", async ({ page }) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=deployments.apps&ns=team-a&sel=team-a%2Fapi&dtab=logs');
  const details = page.getByRole('complementary', { name: 'Details of Deployment api' });
  const panel = logsPanel(details);
  await panel.getByLabel('Lines from the end').selectOption('100');
  const sources = panel.getByTestId('log-viewport').locator('.log-source');
  await expect(sources.first()).toHaveText(/^api-[a-z0-9]+-[a-z0-9]+$/, { timeout: 20_000 });
  await expect(panel.getByRole('status').first()).toContainText('80 lines', { timeout: 20_000 });
  await expect(panel).toContainText('All pods, up to 10 at once');
});

test('containers and pods show their logs in the same panel', async ({ page }) => {
  test.skip(dockerSkipReason() !== null, dockerSkipReason() ?? '');
  const name = run('e2e-kube-logs', ['sh', '-c', 'echo hi; sleep 600']);

  await openKubeView(page, server, 'ctx=berth-a&kind=pods&ns=team-a&sel=team-a%2Fmulti-container-demo&dtab=logs');
  const podPanel = logsPanel(page.getByRole('complementary', { name: 'Details of Pod multi-container-demo' }));
  await expect(logRow(podPanel, 'request 39 handled')).toHaveCount(1, { timeout: 20_000 });
  const podControls = await panelControls(podPanel);

  await page.goto(`${server.baseUrl}#/containers?q=${encodeURIComponent(name)}`);
  const row = page.getByRole('grid', { name: 'Containers' }).getByRole('row').filter({ hasText: name });
  await row.click();
  const details = page.getByRole('complementary', { name: `Details of ${name}` });
  await details.getByRole('tab', { name: /Logs/ }).click();
  const containerPanel = logsPanel(details);
  await expect(logRow(containerPanel, 'hi')).toHaveCount(1, { timeout: 20_000 });
  const containerControls = await panelControls(containerPanel);

  // The pod adds its source's choice (the container); the container adds its stream filter. The rest is one panel.
  expect(podControls.filter((c) => c !== 'Container')).toEqual(containerControls.filter((c) => c !== 'Streams'));
  expect(podControls).toContain('Search logs');
  expect(containerControls).toContain('Search logs');
});
