import { expect, test, type Page } from '@playwright/test';
import { kubectl, kubectlApply } from './cluster/clusterTestKit';
import { clusterSkipReason } from './cluster/testKubeconfig';
import { widgetKind } from './cluster/widgetKind';
import { hashParams, openKubeView, startKubeWebMode } from './support/kubeWebMode';
import type { WebModeServer } from './support/webMode';

/**
 * The Kubernetes view in Chromium through web mode, against the seeded test clusters:
 * tables per kind with health in words, the context switcher, the namespace selector,
 * details with links between related objects, and cluster data shown as text.
 */
const skipReason = clusterSkipReason();
test.skip(skipReason !== null, skipReason ?? '');

const HOSTILE = '<img src=x onerror=alert(1)>';

let server: WebModeServer;

test.beforeAll(async () => {
  kubectlApply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'e2e-hostile',
      namespace: 'team-a',
      labels: { 'berth.dev/e2e': 'kube-ui' },
      annotations: { 'berth.dev/note': HOSTILE },
    },
    data: { snippet: '<script>alert(2)</script>' },
  });
  server = await startKubeWebMode();
});

test.afterAll(async () => {
  await server?.stop();
  kubectl('delete', 'configmap', '-n', 'team-a', 'e2e-hostile', '--ignore-not-found');
});

const grid = (page: Page, name: string) => page.getByRole('grid', { name });
const row = (page: Page, gridName: string, text: string | RegExp) =>
  grid(page, gridName).getByRole('row').filter({ hasText: text });
test('pods are listed with their health in words: a crash loop with its restarts and last exit, a pending pod with why', async ({
  page,
}) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=pods&ns=team-a');
  await expect(page.getByRole('navigation', { name: 'Kinds' }).getByRole('link', { name: 'Pods' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  const crash = row(page, 'Pods', 'crashloop-demo');
  await expect(crash).toContainText('Failing', { timeout: 30_000 });
  await expect(crash).toContainText(/CrashLoopBackOff: last exit Error \(1\), \d+ restarts/);
  // Its Status reads whole, not "CrashLoop…", whatever else shares the row.
  const crashStatus = crash.getByRole('gridcell', { name: 'CrashLoopBackOff', exact: true });
  await expect(crashStatus).toBeVisible();
  expect(await crashStatus.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  // And the table still fits a 1280 px window, with no scrolling sideways.
  expect(await grid(page, 'Pods').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  const pending = row(page, 'Pods', 'pending-demo');
  await expect(pending).toContainText('Warning');
  await expect(pending).toContainText(/Pending: 0\/\d+ nodes are available/);
  await expect(page.getByRole('status', { name: 'Watch of Pods' })).toContainText('Live');

  // Keyboard: arrows move, Enter opens the details, Esc closes them.
  await grid(page, 'Pods').focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 50 && (await crash.getAttribute('aria-selected')) !== 'true'; i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  const details = page.getByRole('complementary', { name: 'Details of Pod crashloop-demo' });
  await expect(details).toBeVisible();
  expect(hashParams(page).get('sel')).toBe('team-a/crashloop-demo');
  // All eight of a pod's tabs are on screen beside the list, none cut off at the panel's edge.
  const panel = (await details.boundingBox())!;
  const tabs = await details.getByRole('tab').all();
  expect(tabs.length).toBe(8);
  for (const tab of tabs) {
    const box = (await tab.boundingBox())!;
    expect(box.x + box.width, `${await tab.textContent()} ends inside the panel`).toBeLessThanOrEqual(
      panel.x + panel.width,
    );
  }
  const containers = details.getByRole('region', { name: 'Containers', exact: true });
  await expect(containers).toContainText('ghcr.io/berth/crashy:0.1.0');
  await expect(containers).toContainText('Error, exit code 1');
  await expect(containers).toContainText(/Waiting: CrashLoopBackOff|Terminated: Error/);
  const [podIp, qos] = kubectl(
    'get',
    'pod',
    '-n',
    'team-a',
    'crashloop-demo',
    '-o',
    'jsonpath={.status.podIP} {.status.qosClass}',
  ).split(' ');
  // The list's columns, hidden beside the panel, are in it (IP from the wide set); then the pod's facts.
  const status = details.getByRole('region', { name: 'Status' });
  await expect(status).toContainText(`IP${podIp}`);
  await expect(status).toContainText(/Restarts\d+/);
  // Its phase says what its Status does not: the pod runs, between crashes.
  await expect(status).toContainText('PhaseRunning');
  await expect(details.getByRole('region', { name: 'Pod', exact: true })).toContainText(`QoS class${qos}`);
  await expect(details.getByRole('list', { name: 'Tolerations' })).toContainText(
    'node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
  );
  await details.getByRole('tab', { name: 'Events' }).click();
  await expect(details.getByRole('list', { name: 'Events' })).toContainText('BackOff');
  await expect(details.getByRole('list', { name: 'Events' })).toContainText('Warning');
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  expect(hashParams(page).get('sel')).toBeNull();
});

test("a running pod's health says Healthy once, without repeating its Status beside it", async ({ page }) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=pods&ns=team-a');
  const running = row(page, 'Pods', 'multi-container-demo');
  await expect(running.getByRole('gridcell', { name: 'Running', exact: true })).toBeVisible({ timeout: 30_000 });
  const health = running.locator('.health-cell');
  await expect(health).toContainText('Healthy');
  await expect(health).not.toContainText('Running');
  await running.click();
  const details = page.getByRole('complementary', { name: 'Details of Pod multi-container-demo' });
  const status = details.getByRole('region', { name: 'Status' });
  await expect(status).toContainText('StatusRunning');
  await expect(status.locator('dt', { hasText: /^Health$/ }).locator('+ dd')).toHaveText('Healthy');
  await expect(status.locator('dt', { hasText: /^Phase$/ })).toHaveCount(0);
});

test("a declared kind's table fills without waiting for discovery; the cluster's other kinds join the picker when it answers", async ({
  page,
}) => {
  // Discovery (one request per API group) is slow on a big or busy cluster: hold its answer
  // back until the pods are listed, and let everything else through.
  let releaseKinds: () => void = () => {};
  const kindsHeld = new Promise<void>((resolve) => (releaseKinds = resolve));
  await page.routeWebSocket(/\/api\/ws$/, (ws) => {
    const backend = ws.connectToServer();
    const kindSubscriptions = new Set<number>();
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { t: string; id: number; topic?: string };
      if (frame.t === 'sub' && frame.topic === 'kube.kinds') kindSubscriptions.add(frame.id);
      backend.send(message);
    });
    backend.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { t: string; id: number };
      if (frame.t === 'event' && kindSubscriptions.has(frame.id)) void kindsHeld.then(() => ws.send(message));
      else ws.send(message);
    });
  });
  await openKubeView(page, server, 'ctx=berth-a&kind=pods&ns=team-a');
  const kinds = page.getByRole('navigation', { name: 'Kinds' });
  await expect(row(page, 'Pods', 'crashloop-demo')).toContainText('CrashLoopBackOff');
  await expect(page.getByRole('status').filter({ hasText: /^\d+ of \d+ Pods$/ })).toBeVisible();
  await expect(kinds.getByRole('link', { name: 'Deployments', exact: true })).toBeVisible();
  await expect(kinds.getByRole('link', { name: 'Leases', exact: true })).toHaveCount(0);
  releaseKinds();
  await expect(kinds.getByRole('link', { name: 'Leases', exact: true })).toBeVisible();
  await expect(row(page, 'Pods', 'crashloop-demo')).toBeVisible();
});

test('a custom resource kind installed while the view is open joins the picker, with its own columns and YAML', async ({
  page,
}) => {
  // Berth reads discovery again every 30 s while the view is open.
  test.setTimeout(90_000);
  const widgets = widgetKind();
  try {
    await openKubeView(page, server, 'ctx=berth-a&kind=pods&ns=team-a');
    const kinds = page.getByRole('navigation', { name: 'Kinds' });
    await expect(kinds.getByRole('link', { name: 'Leases', exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(kinds.getByRole('link', { name: 'Widgets', exact: true })).toHaveCount(0);

    widgets.install();
    widgets.addWidget('team-a', 'gear', 42);
    const link = kinds.getByRole('link', { name: 'Widgets', exact: true });
    await expect(link).toBeVisible({ timeout: 45_000 });
    await link.click();
    expect(hashParams(page).get('kind')).toBe(widgets.key);
    // The server's Table columns: its printer column, Size.
    await expect(grid(page, 'Widgets').getByRole('columnheader', { name: /^Size/ })).toBeVisible();
    const gear = row(page, 'Widgets', 'gear');
    await expect(gear.getByRole('gridcell', { name: '42', exact: true })).toBeVisible({ timeout: 15_000 });
    await gear.click();
    const details = page.getByRole('complementary', { name: 'Details of Widget gear' });
    await details.getByRole('tab', { name: 'YAML' }).click();
    await expect(details.getByRole('region', { name: 'YAML of Widget gear' })).toContainText('size: 42');
  } finally {
    widgets.remove();
  }
});

test('the context switcher lists every context with its connection and switches the view', async ({ page }) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=nodes');
  await expect(row(page, 'Nodes', 'kwok-a-node-0')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: /^Context berth-a/ }).click();
  const contexts = page.getByRole('table', { name: 'Contexts' });
  await expect(contexts.getByRole('row')).toHaveCount(5);
  await expect(contexts.getByRole('row').filter({ hasText: 'berth-a' }).first()).toContainText('live');
  await contexts.getByRole('button', { name: 'Switch to berth-b' }).click();
  await expect(page.getByRole('button', { name: /^Context berth-b/ })).toBeVisible();
  await expect(row(page, 'Nodes', 'kwok-b-node-0')).toBeVisible({ timeout: 30_000 });
  await expect(row(page, 'Nodes', 'kwok-a-node-0')).toHaveCount(0);
  expect(hashParams(page).get('ctx')).toBe('berth-b');

  // A link names its context: opening it switches back.
  await page.goto(`${server.baseUrl}#/kubernetes?ctx=berth-a&kind=nodes`);
  await expect(page.getByRole('button', { name: /^Context berth-a/ })).toBeVisible();
  await expect(row(page, 'Nodes', 'kwok-a-node-0')).toBeVisible({ timeout: 30_000 });
});

test('a pinned context stays connected beside the current one, shown in the status bar', async ({ page }) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=nodes');
  await page.getByRole('button', { name: /^Context berth-a/ }).click();
  const pin = page.getByRole('checkbox', { name: 'Connect berth-b when Berth starts' });
  await pin.check();
  await expect(pin).toBeChecked();
  const statusBar = page.getByRole('status', { name: 'Connections' });
  await expect(statusBar).toContainText('berth-b', { timeout: 30_000 });
  await pin.uncheck();
  await expect(pin).not.toBeChecked();
});

test('the namespace selector shows one, several or all namespaces and is remembered per context', async ({ page }) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=pods&ns=team-a');
  await expect(row(page, 'Pods', 'crashloop-demo')).toBeVisible({ timeout: 30_000 });
  await expect(row(page, 'Pods', /^frontend-/)).toHaveCount(0);

  await page.getByRole('button', { name: 'Namespaces: team-a' }).click();
  const chooser = page.getByRole('dialog', { name: 'Choose namespaces' });
  await chooser.getByRole('checkbox', { name: 'shop' }).check();
  await expect(row(page, 'Pods', /frontend-/).first()).toBeVisible({ timeout: 30_000 });
  await expect(row(page, 'Pods', 'crashloop-demo')).toBeVisible();
  expect(hashParams(page).get('ns')).toBe('shop,team-a');

  await chooser.getByRole('checkbox', { name: 'All namespaces' }).check();
  await expect(page.getByRole('button', { name: 'Namespaces: All namespaces' })).toBeVisible();
  expect(hashParams(page).get('ns')).toBe('*');
  await chooser.getByRole('checkbox', { name: 'team-b' }).check();
  await expect(row(page, 'Pods', /worker-/).first()).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('Escape');
  await expect(chooser).toBeHidden();
  await expect(row(page, 'Pods', 'crashloop-demo')).toHaveCount(0);

  // Coming back to the context without namespaces in the link shows what was chosen last.
  await page.goto(`${server.baseUrl}#/kubernetes?ctx=berth-a&kind=pods`);
  await expect(page.getByRole('button', { name: 'Namespaces: team-b' })).toBeVisible();
  await expect(row(page, 'Pods', /worker-/).first()).toBeVisible({ timeout: 30_000 });
});

test("a Deployment's details link to its ReplicaSet and pods, and back up the owner chain", async ({ page }) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=deployments.apps&ns=team-a&sel=team-a/api');
  const deployment = page.getByRole('complementary', { name: 'Details of Deployment api' });
  const owns = deployment.getByRole('list', { name: 'Owns' });
  await expect(owns.getByRole('link', { name: /^ReplicaSet api-/ })).toHaveCount(1, { timeout: 30_000 });
  await expect(owns.getByRole('link', { name: /^Pod api-/ })).toHaveCount(2);
  // Its list's columns, which the list hides beside the panel, are in the panel.
  const ready = kubectl(
    'get',
    'deployment',
    '-n',
    'team-a',
    'api',
    '-o',
    'jsonpath={.status.readyReplicas}/{.spec.replicas}',
  );
  const status = deployment.getByRole('region', { name: 'Status' });
  await expect(status).toContainText(`Ready${ready}`);
  await expect(status).toContainText('Selectorapp=api');

  const rsName = ((await owns.getByRole('link', { name: /^ReplicaSet api-/ }).textContent()) ?? '').replace(
    'ReplicaSet ',
    '',
  );
  await owns.getByRole('link', { name: /^ReplicaSet api-/ }).click();
  expect(hashParams(page).get('kind')).toBe('replicasets.apps');
  expect(hashParams(page).get('sel')).toBe(`team-a/${rsName}`);
  const replicaSet = page.getByRole('complementary', { name: `Details of ReplicaSet ${rsName}` });
  await expect(replicaSet.getByRole('list', { name: 'Owner chain' }).getByRole('link')).toHaveText(['Deployment api']);
  await expect(row(page, 'ReplicaSets', rsName)).toHaveAttribute('aria-selected', 'true');

  await replicaSet
    .getByRole('list', { name: 'Owns' })
    .getByRole('link', { name: /^Pod api-/ })
    .first()
    .click();
  expect(hashParams(page).get('kind')).toBeNull(); // pods is the default kind
  const pod = page.getByRole('complementary', { name: /^Details of Pod api-/ });
  await expect(pod.getByRole('list', { name: 'Owner chain' }).getByRole('link')).toHaveText([
    `ReplicaSet ${rsName}`,
    'Deployment api',
  ]);
  await expect(pod.getByRole('list', { name: 'Uses' })).toContainText('ConfigMap api-config');
  await page.goBack();
  await expect(page.getByRole('complementary', { name: `Details of ReplicaSet ${rsName}` })).toBeVisible();
});

test('events start newest first, and keep that order when one is opened beside them', async ({ page }) => {
  // Three events of our own, last seen 3, 1 and 2 minutes ago, named so that by name they sort otherwise.
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const seen = { 'e2e-order-a': 3, 'e2e-order-b': 1, 'e2e-order-c': 2 };
  for (const [name, ago] of Object.entries(seen)) {
    kubectlApply({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: 'team-b', labels: { 'berth.dev/e2e': 'kube-ui' } },
      involvedObject: { kind: 'ConfigMap', name: 'worker-config', namespace: 'team-b' },
      type: 'Normal',
      reason: 'E2EOrder',
      message: `last seen ${ago} minutes ago`,
      firstTimestamp: minutesAgo(5),
      lastTimestamp: minutesAgo(ago),
      count: 1,
      source: { component: 'berth-e2e' },
    });
  }
  try {
    await openKubeView(page, server, 'ctx=berth-a&kind=events&ns=team-b');
    const events = grid(page, 'Events');
    await expect(events.getByRole('columnheader', { name: /^Last seen/ })).toHaveAttribute('aria-sort', 'descending');
    // In the order shown (rows are placed by their index, not by their order in the DOM).
    const names = () =>
      events.evaluate((el) =>
        [...el.querySelectorAll('.vgrid-body [role="row"]')]
          .map(
            (r) =>
              [
                Number(r.getAttribute('aria-rowindex')),
                r.querySelector('[aria-colindex="1"]')?.textContent ?? '',
              ] as const,
          )
          .filter(([, name]) => name.startsWith('e2e-order-'))
          .sort((a, b) => a[0] - b[0])
          .map(([, name]) => name),
      );
    await expect.poll(names, { timeout: 30_000 }).toEqual(['e2e-order-b', 'e2e-order-c', 'e2e-order-a']);
    expect(hashParams(page).get('sort')).toBeNull();
    // A Normal event reads Normal, as kubectl says it, not Healthy.
    const health = row(page, 'Events', 'e2e-order-c').locator('.health-cell');
    await expect(health).toContainText('Normal');
    await expect(health).not.toContainText('Healthy');

    await row(page, 'Events', 'e2e-order-c').click();
    const details = page.getByRole('complementary', { name: 'Details of Event e2e-order-c' });
    await expect(details).toBeVisible();
    await expect(details.getByRole('region', { name: 'Status' })).toContainText('HealthNormal: E2EOrder');
    await expect(events.getByRole('columnheader', { name: /^Last seen/ })).toHaveCount(0);
    expect(await names()).toEqual(['e2e-order-b', 'e2e-order-c', 'e2e-order-a']);
  } finally {
    kubectl('delete', 'events', '-n', 'team-b', '-l', 'berth.dev/e2e=kube-ui', '--ignore-not-found');
  }
});

test("a node's details say where it is, what it offers the scheduler, what runs it and its taints", async ({
  page,
}) => {
  const field = (path: string) => kubectl('get', 'node', 'kwok-a-node-2', '-o', `jsonpath={${path}}`);
  const allocatableMemory = field('.status.allocatable.memory');
  const kubelet = field('.status.nodeInfo.kubeletVersion');
  const internalIp = field('.status.addresses[?(@.type=="InternalIP")].address');
  // NoSchedule leaves the pods already there alone.
  kubectl('taint', 'node', 'kwok-a-node-2', 'berth.dev/e2e=taint:NoSchedule');
  try {
    await openKubeView(page, server, 'ctx=berth-a&kind=nodes&sel=kwok-a-node-2');
    const details = page.getByRole('complementary', { name: 'Details of Node kwok-a-node-2' });
    const memory = details.getByRole('table', { name: 'Resources' }).getByRole('row', { name: /^memory/ });
    await expect(memory.getByRole('cell').nth(1)).toHaveText(allocatableMemory);
    const node = details.getByRole('region', { name: 'Node', exact: true });
    await expect(node).toContainText(`Kubelet${kubelet}`);
    await expect(node).toContainText(`InternalIP${internalIp}`);
    await expect(node).toContainText('SchedulableYes');
    await expect(details.getByRole('list', { name: 'Taints' })).toHaveText('berth.dev/e2e=taint:NoSchedule');
  } finally {
    kubectl('taint', 'node', 'kwok-a-node-2', 'berth.dev/e2e-');
  }
});

test('labels, annotations and values from the cluster are shown as text, never as markup', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs += 1;
    void dialog.dismiss();
  });
  await openKubeView(page, server, 'ctx=berth-a&kind=configmaps&ns=team-a');
  await page.getByRole('searchbox', { name: 'Label filter' }).fill('berth.dev/e2e=kube-ui');
  await expect(grid(page, 'ConfigMaps').getByRole('row')).toHaveCount(2, { timeout: 30_000 });
  await row(page, 'ConfigMaps', 'e2e-hostile').click();
  const details = page.getByRole('complementary', { name: 'Details of ConfigMap e2e-hostile' });
  await expect(details.getByRole('list', { name: 'Labels' })).toHaveText('berth.dev/e2e=kube-ui');
  await expect(details.getByRole('table', { name: 'Annotations' }).getByRole('cell', { name: HOSTILE })).toBeVisible();

  await details.getByRole('tab', { name: 'YAML' }).click();
  const yaml = details.getByRole('region', { name: 'YAML of ConfigMap e2e-hostile' });
  await expect(yaml).toContainText(`berth.dev/note: "${HOSTILE}"`);
  await expect(yaml).toContainText('snippet: null');
  await expect(details.getByRole('note')).toContainText('Values withheld: snippet');
  await details.getByRole('button', { name: 'Reveal' }).click();
  await expect(yaml).toContainText('snippet: "<script>alert(2)</script>"');

  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('.content script')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('a user who may only read one namespace sees the fallback said once, and "not allowed" for what is refused', async ({
  page,
}) => {
  await openKubeView(page, server, 'ctx=berth-a-readonly&kind=pods&ns=*');
  await expect(page.getByText('Listing across all namespaces is not allowed: showing namespace team-a')).toBeVisible({
    timeout: 30_000,
  });
  await expect(row(page, 'Pods', 'crashloop-demo')).toBeVisible();
  await page.getByRole('navigation', { name: 'Kinds' }).getByRole('link', { name: 'Nodes', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not allowed for this user' })).toBeVisible({
    timeout: 30_000,
  });
});

test('an address may name the kind as kubectl takes it; the view opens that kind and writes its key', async ({
  page,
}) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=Deployment&ns=team-a');
  await expect(row(page, 'Deployments', /^api/)).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => hashParams(page).get('kind')).toBe('deployments.apps');
});

test("the nodes table shows each node's memory without scrolling sideways, where no node is cordoned", async ({
  page,
}) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=nodes');
  const nodes = grid(page, 'Nodes');
  await expect(row(page, 'Nodes', 'kwok-a-node-0').getByRole('gridcell', { name: 'Ready', exact: true })).toBeVisible({
    timeout: 30_000,
  });
  // Laptops' windows, the nav and the kind picker beside the table: the nav is icons only at 1280.
  for (const width of [1280, 1366, 1400]) {
    await page.setViewportSize({ width, height: 900 });
    const memory = nodes.getByRole('columnheader', { name: /^Memory/ });
    const [gridBox, memoryBox] = [(await nodes.boundingBox())!, (await memory.boundingBox())!];
    expect(memoryBox.x + memoryBox.width, `Memory in view at ${width} px`).toBeLessThanOrEqual(
      gridBox.x + gridBox.width,
    );
    expect(await nodes.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  }
});

test("a Service's cluster IP is shown whole, not cut off", async ({ page }) => {
  const clusterIp = kubectl('get', 'service', '-n', 'shop', 'cart', '-o', 'jsonpath={.spec.clusterIP}');
  await openKubeView(page, server, 'ctx=berth-a&kind=services&ns=shop');
  const cell = row(page, 'Services', /^cart/).getByRole('gridcell', { name: clusterIp });
  await expect(cell).toBeVisible({ timeout: 30_000 });
  expect(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
});

test('a column too narrow for its label ends it in an ellipsis and keeps the sort mark in view', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await openKubeView(page, server, 'ctx=berth-a&kind=persistentvolumeclaims&ns=*');
  const header = grid(page, 'PersistentVolumeClaims').getByRole('columnheader', { name: /^Access modes/ });
  await expect(header).toHaveAttribute('title', /^Access modes/, { timeout: 30_000 });
  await header.getByRole('button').click();
  const mark = header.locator('.sort-mark');
  await expect(mark).toHaveText(' ▲');
  const [cell, shown] = await Promise.all([header.boundingBox(), mark.boundingBox()]);
  expect(shown!.x + shown!.width).toBeLessThanOrEqual(cell!.x + cell!.width);
  const label = header.locator('.sort-label');
  // At 1400 px the label does not fit: it is cut with an ellipsis, whole in the title.
  expect(await label.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
});

test('the command palette jumps to a kind and switches contexts', async ({ page }) => {
  await openKubeView(page, server, 'ctx=berth-a&kind=pods&ns=team-a');
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.getByRole('combobox').fill('Deployments');
  await expect(palette.getByRole('option').first()).toContainText('Deployments');
  await page.keyboard.press('Enter');
  await expect(row(page, 'Deployments', /^api/)).toBeVisible({ timeout: 30_000 });
  expect(hashParams(page).get('ns')).toBe('team-a');

  await page.keyboard.press('Control+k');
  await palette.getByRole('combobox').fill('switch to context berth-b');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /^Context berth-b/ })).toBeVisible();
  // Cluster B may hold the scale fixture's hundred Deployments: find the seeded one by name.
  await page.getByRole('searchbox', { name: 'Filter Deployments' }).fill('worker');
  await expect(row(page, 'Deployments', /^worker/)).toBeVisible({ timeout: 30_000 });
});

test("pods and nodes show CPU and memory with a sparkline, and a pod's Metrics tab charts them over time", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openKubeView(page, server, 'ctx=berth-a&kind=pods&ns=team-a');
  const api = row(page, 'Pods', /api-/).first();
  // metrics-server samples kwok's usage every 15 s; the backend polls it as often.
  const spark = api.getByRole('img', { name: /^CPU of api-.+, recent samples$/ });
  await expect(spark).toBeVisible({ timeout: 90_000 });
  // The next poll sends the new sample alone: the page appends it to the sparkline it holds.
  const points = async (): Promise<number> => Number(await spark.getAttribute('data-points'));
  const first = await points();
  await expect.poll(points, { timeout: 45_000, intervals: [1000] }).toBe(first + 1);
  await expect(api).toContainText(/\d+m/);
  await expect(api).toContainText(/\d+(\.\d)? MiB/);
  await expect(page.getByRole('status', { name: 'Watch of Pods' })).not.toContainText('CPU and memory');

  await api.click();
  const details = page.getByRole('complementary', { name: /^Details of Pod api-/ });
  await details.getByRole('tab', { name: 'Metrics' }).click();
  await expect(details.getByTestId('kube-usage-now')).toHaveText(/^CPU \d+m · memory \d+(\.\d)? MiB$/);
  await expect(details.getByRole('img', { name: 'CPU usage over time, millicores' })).toBeVisible();
  await expect(details.getByRole('img', { name: 'Memory usage over time, MiB' })).toBeVisible();
  await details.getByRole('radio', { name: '1 h' }).click();
  await expect(details.getByRole('radio', { name: '1 h' })).toHaveAttribute('aria-checked', 'true');

  await page.getByRole('navigation', { name: 'Kinds' }).getByRole('link', { name: 'Nodes', exact: true }).click();
  const node = row(page, 'Nodes', 'kwok-a-node-0');
  await expect(node.getByRole('img', { name: /^CPU of kwok-a-node-0, recent samples$/ })).toBeVisible({
    timeout: 60_000,
  });
  await expect(node).toContainText(/(\d+m|[\d.]+ cores?)/);
});

test('a long list draws only the rows in view as it scrolls, and the keyboard brings any row fully into view', async ({
  page,
}) => {
  const names = Array.from({ length: 80 }, (_, i) => `e2e-many-${String(i).padStart(3, '0')}`);
  kubectlApply({
    apiVersion: 'v1',
    kind: 'List',
    items: names.map((name) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'team-a', labels: { 'berth.dev/e2e': 'many' } },
    })),
  });
  try {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openKubeView(page, server, 'ctx=berth-a&kind=configmaps&ns=team-a&label=berth.dev%2Fe2e%3Dmany');
    const list = grid(page, 'ConfigMaps');
    await expect(page.getByText(/^80 of \d+ ConfigMaps$/)).toBeVisible({ timeout: 30_000 });
    await expect(list).toHaveAttribute('aria-rowcount', '81');
    const drawn = list.locator('.vgrid-body [role="row"]');
    // A screen of rows and a few either side, not all 80.
    await expect(row(page, 'ConfigMaps', names[0]!)).toBeVisible();
    expect(await drawn.count()).toBeLessThan(45);
    await expect(row(page, 'ConfigMaps', names[79]!)).toHaveCount(0);

    // A row is fully shown when it is inside the grid and below its header, which stays on top.
    const fullyShown = async (name: string): Promise<boolean> => {
      const box = await row(page, 'ConfigMaps', name).boundingBox();
      const view = await list.boundingBox();
      const head = await list.locator('.vgrid-head').boundingBox();
      return (
        !!box && !!view && !!head && box.y >= head.y + head.height - 1 && box.y + box.height <= view.y + view.height + 1
      );
    };

    await list.focus();
    await page.keyboard.press('End');
    await expect(row(page, 'ConfigMaps', names[79]!)).toHaveAttribute('aria-selected', 'true');
    expect(await fullyShown(names[79]!)).toBe(true);
    await expect(row(page, 'ConfigMaps', names[0]!)).toHaveCount(0);
    // Back up past the top of the screen, one row at a time: the selected row stays clear of the header.
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowUp');
    await expect(row(page, 'ConfigMaps', names[49]!)).toHaveAttribute('aria-selected', 'true');
    expect(await fullyShown(names[49]!)).toBe(true);
    await page.keyboard.press('Home');
    await expect(row(page, 'ConfigMaps', names[0]!)).toHaveAttribute('aria-selected', 'true');
    expect(await fullyShown(names[0]!)).toBe(true);
    // Down a row at a time past the bottom of the screen.
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowDown');
    await expect(row(page, 'ConfigMaps', names[30]!)).toHaveAttribute('aria-selected', 'true');
    expect(await fullyShown(names[30]!)).toBe(true);

    // Scrolled by the reader to the middle, the rows there are drawn.
    await list.evaluate((el) => (el.scrollTop = 40 * 28));
    await expect(row(page, 'ConfigMaps', names[45]!)).toBeInViewport();
    expect(await drawn.count()).toBeLessThan(45);
  } finally {
    kubectl('delete', 'configmap', '-n', 'team-a', '-l', 'berth.dev/e2e=many', '--ignore-not-found');
  }
});
