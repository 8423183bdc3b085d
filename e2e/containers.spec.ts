import { expect, test, type Page } from '@playwright/test';
import { docker, dockerSkipReason, specContainers, TEST_IMAGE, uniqueName } from './support/dockerFixtures';
import { startWebMode, type WebModeServer } from './support/webMode';

/**
 * The Docker containers view against the real engine on this machine: containers started
 * with `docker run` show up live, actions in the UI change the engine, engine data is text.
 */
const skipReason = dockerSkipReason();
test.skip(skipReason !== null, skipReason ?? '');

let server: WebModeServer;
const { run, remember, removeAll } = specContainers();

/** A shell that exits with code 7 when stopped (SIGTERM), so `docker stop` is quick and its exit code known. */
const STOPPABLE = ['sh', '-c', "trap 'exit 7' TERM; while true; do sleep 0.2; done"];

async function openContainers(page: Page, query: Record<string, string> = {}): Promise<void> {
  await page.goto(server.loginUrl);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const params = new URLSearchParams(query).toString();
  await page.goto(`${server.baseUrl}#/containers${params ? `?${params}` : ''}`);
  await expect(page.getByRole('tablist', { name: 'Docker objects' })).toBeVisible();
}

function row(page: Page, name: string) {
  return page.getByRole('grid', { name: 'Containers' }).getByRole('row').filter({ hasText: name });
}

test.beforeAll(async () => {
  server = await startWebMode();
});

test.afterAll(async () => {
  await server?.stop();
  removeAll();
});

test('a container started with docker run appears live as running', async ({ page }) => {
  await openContainers(page);
  // The list is live (first snapshot in) before the container starts.
  await expect(page.getByRole('status').filter({ hasText: /^\d+ of \d+ containers$/ })).toBeVisible();
  const name = run('e2e-live', ['sleep', '600']);
  await expect(row(page, name)).toHaveCount(1, { timeout: 2_500 });
  await expect(row(page, name)).toContainText('running');
  await expect(row(page, name)).not.toContainText('exited');
  await expect(row(page, name)).toContainText(TEST_IMAGE);
});

test('Stop in the UI stops the container and the row shows its exit code; Remove asks first', async ({ page }) => {
  const name = run('e2e-stop', STOPPABLE);
  await openContainers(page, { q: name });
  await expect(row(page, name)).toContainText('running');

  await page.getByRole('button', { name: `Stop ${name}`, exact: true }).click();
  await expect(row(page, name)).toContainText('exited (7)', { timeout: 10_000 });
  expect(docker('inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', name)).toBe('exited 7');

  // Remove: a dialog naming the container; Cancel keeps it, confirming removes it.
  await page.getByRole('button', { name: `Remove ${name}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Remove container ${name}?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(row(page, name)).toHaveCount(1);

  await page.getByRole('button', { name: `Remove ${name}`, exact: true }).click();
  await dialog.getByRole('button', { name: `Remove ${name}`, exact: true }).click();
  await expect(row(page, name)).toHaveCount(0, { timeout: 5_000 });
  expect(docker('ps', '-aq', '--filter', `name=^/${name}$`)).toBe('');
});

test('keyboard: arrows select, Enter opens details, Esc closes, Delete asks to remove a running container with force', async ({
  page,
}) => {
  const name = run('e2e-keys', ['sleep', '600']);
  await openContainers(page, { q: name });
  await expect(row(page, name)).toContainText('running');
  const grid = page.getByRole('grid', { name: 'Containers' });
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await expect(row(page, name)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  const details = page.getByRole('complementary', { name: `Details of ${name}` });
  await expect(details).toBeVisible();
  await expect(details.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
  // The shortcuts are shown where the actions are.
  await expect(details.getByRole('tab', { name: 'Logs' })).toHaveAttribute('aria-keyshortcuts', 'L');
  await expect(details.getByRole('tab', { name: 'Logs' }).locator('kbd')).toBeVisible();
  await expect(details.getByRole('tab', { name: 'Terminal' })).toHaveAttribute('aria-keyshortcuts', 'S');
  const remove = details.getByRole('button', { name: `Remove ${name}`, exact: true });
  await expect(remove).toHaveAttribute('aria-keyshortcuts', 'Delete');
  await expect(remove.locator('kbd')).toHaveText('Del');
  // l opens the logs of the selected container; the tab lives in the URL.
  await grid.focus();
  await page.keyboard.press('l');
  await expect(details.getByRole('tab', { name: 'Logs' })).toHaveAttribute('aria-selected', 'true');
  expect(new URL(page.url()).hash).toContain('dtab=logs');
  await grid.focus();
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();

  await page.keyboard.press('Delete');
  const dialog = page.getByRole('dialog', { name: `Remove container ${name}?` });
  await expect(dialog.getByRole('checkbox', { name: /kill it first/ })).toBeChecked();
  await dialog.getByRole('button', { name: `Force remove ${name}`, exact: true }).click();
  await expect(row(page, name)).toHaveCount(0, { timeout: 10_000 });
});

test('labels and names from the engine are shown as text, never run as markup', async ({ page }) => {
  const evil = '<img src=x onerror=alert(1)>';
  const name = run('e2e-evil', ['sleep', '600'], { labels: { evil } });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openContainers(page, { q: name });
  await row(page, name).getByRole('gridcell').first().click();
  const details = page.getByRole('complementary', { name: `Details of ${name}` });
  const labels = details.getByRole('region', { name: 'Labels' });
  await expect(labels.getByRole('row', { name: /^evil/ })).toContainText(evil);
  await expect(details.locator('img')).toHaveCount(0);

  await details.getByRole('tab', { name: 'Inspect' }).click();
  await expect(details.getByLabel(`Inspect of ${name}`, { exact: true })).toContainText(evil);
  await expect(details.locator('img')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test('secret-looking environment values are masked until revealed', async ({ page }) => {
  const secret = `s3cret-${Date.now()}`;
  const name = uniqueName('e2e-env');
  remember(name);
  docker(
    'run',
    '-d',
    '--label',
    'berth.test=1',
    '--name',
    name,
    '-e',
    `API_TOKEN=${secret}`,
    '-e',
    'GREETING=hello',
    TEST_IMAGE,
    'sleep',
    '600',
  );
  await openContainers(page, { q: name, sel: '' });
  await row(page, name).getByRole('gridcell').first().click();
  const env = page
    .getByRole('complementary', { name: `Details of ${name}` })
    .getByRole('region', { name: 'Environment' });
  await expect(env.getByRole('row', { name: /GREETING/ })).toContainText('hello');
  await expect(env.getByRole('row', { name: /API_TOKEN/ })).toBeVisible();
  await expect(env).not.toContainText(secret);
  await env.getByRole('button', { name: 'Reveal API_TOKEN' }).click();
  await expect(env.getByRole('row', { name: /API_TOKEN/ })).toContainText(secret);
});

test('the text filter narrows the list and lives in the URL', async ({ page }) => {
  const alpha = run('e2e-filter-alpha', ['sleep', '600']);
  const beta = run('e2e-filter-beta', ['sleep', '600']);
  await openContainers(page);
  await page.getByRole('main').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  const filter = page.getByRole('searchbox', { name: 'Filter containers' });
  await expect(filter).toBeFocused();
  await filter.fill(alpha);
  await expect(row(page, alpha)).toHaveCount(1);
  await expect(row(page, beta)).toHaveCount(0);
  expect(new URL(page.url()).hash).toContain(`q=${alpha}`);

  // The state filter combines with it.
  await page.getByRole('combobox', { name: 'State' }).selectOption('exited');
  await expect(row(page, alpha)).toHaveCount(0);
  await page.getByRole('combobox', { name: 'State' }).selectOption('running');
  await expect(row(page, alpha)).toHaveCount(1);
});

test('containers of a Compose project are grouped, and the group collapses', async ({ page }) => {
  const project = uniqueName('e2e-proj');
  const compose = (service: string) => ({
    'com.docker.compose.project': project,
    'com.docker.compose.service': service,
  });
  const web = run(`${project}-web`, STOPPABLE, { labels: compose('web') });
  const db = run(`${project}-db`, STOPPABLE, { labels: compose('db') });
  await openContainers(page, { q: project });
  const grid = page.getByRole('grid', { name: 'Containers' });
  const group = grid.getByRole('row').filter({ has: page.getByRole('button', { name: `Collapse ${project}` }) });
  await expect(group).toContainText('2 containers');
  await expect(group).toContainText('2 running');
  await expect(row(page, web)).toHaveAttribute('aria-level', '2');
  await expect(row(page, db)).toHaveAttribute('aria-level', '2');

  // Group actions act on every container of the project.
  await page.getByRole('button', { name: `Stop all in ${project}`, exact: true }).click();
  await expect(row(page, web)).toContainText('exited (7)', { timeout: 10_000 });
  await expect(row(page, db)).toContainText('exited (7)', { timeout: 10_000 });
  await expect(group).toContainText('0 running');
  await page.getByRole('button', { name: `Start all in ${project}`, exact: true }).click();
  await expect(group).toContainText('2 running');

  await page.getByRole('button', { name: `Collapse ${project}` }).click();
  await expect(row(page, web)).toHaveCount(0);
  await expect(row(page, db)).toHaveCount(0);
  await page.getByRole('button', { name: `Expand ${project}` }).click();
  await expect(row(page, web)).toHaveCount(1);
});

test('the images tab lists the test image with its tag and users', async ({ page }) => {
  const name = run('e2e-img', ['sleep', '600']);
  await openContainers(page);
  await page.getByRole('tab', { name: 'Images' }).click();
  const images = page.getByRole('grid', { name: 'Images' });
  const [repository, tag] = TEST_IMAGE.split(':') as [string, string];
  const image = images.getByRole('row').filter({ hasText: repository });
  await expect(image).toHaveCount(1);
  await expect(image.getByRole('gridcell').nth(1)).toHaveText(tag);
  await expect(image).toContainText(name);
  expect(new URL(page.url()).hash).toContain('tab=images');
});

test('the overview card counts containers by state and links to the filtered list', async ({ page }) => {
  run('e2e-count', ['sleep', '600']);
  await page.goto(server.loginUrl);
  const running = page.getByRole('link', { name: /^\d+ running on / }).first();
  await expect(running).toBeVisible();
  const shown = Number((await running.getAttribute('aria-label'))!.split(' ')[0]);
  expect(shown).toBeGreaterThan(0);
  await running.click();
  await expect(page.getByRole('combobox', { name: 'State' })).toHaveValue('running');
  await expect(page.getByRole('grid', { name: 'Containers' }).getByText(/exited \(/)).toHaveCount(0);
});

test('Pause and Unpause change the row through the engine', async ({ page }) => {
  const name = run('e2e-pause', ['sleep', '600']);
  await openContainers(page, { q: name });
  await expect(row(page, name)).toContainText('running');
  await page.getByRole('button', { name: `Pause ${name}`, exact: true }).click();
  await expect(row(page, name)).toContainText('paused');
  expect(docker('inspect', '--format', '{{.State.Status}}', name)).toBe('paused');
  await page.getByRole('button', { name: `Unpause ${name}`, exact: true }).click();
  await expect(row(page, name)).toContainText('running');
  await expect(row(page, name)).not.toContainText('paused');
});

test('volumes: remove asks with the name, prune previews what would go', async ({ page }) => {
  const keep = uniqueName('e2e-vol-keep');
  const gone = uniqueName('e2e-vol-gone');
  docker('volume', 'create', '--label', 'berth.test=1', keep);
  docker('volume', 'create', '--label', 'berth.test=1', gone);
  try {
    await openContainers(page, { tab: 'volumes' });
    const volumes = page.getByRole('grid', { name: 'Volumes' });
    await expect(volumes.getByRole('row').filter({ hasText: gone })).toHaveCount(1);

    await page.getByRole('button', { name: `Remove ${gone}`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Remove volume ${gone}?` });
    await dialog.getByRole('button', { name: `Remove ${gone}`, exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(volumes.getByRole('row').filter({ hasText: gone })).toHaveCount(0);
    await expect(volumes.getByRole('row').filter({ hasText: keep })).toHaveCount(1);
    expect(docker('volume', 'ls', '-q', '--filter', `name=^${gone}$`)).toBe('');

    // Prune: the preview names the unused volume; cancelling deletes nothing.
    await page.getByRole('button', { name: 'Prune unused volumes…' }).click();
    const prune = page.getByRole('dialog', { name: 'Prune unused volumes?' });
    await expect(prune).toContainText(keep);
    await prune.getByRole('button', { name: 'Cancel' }).click();
    await expect(prune).toBeHidden();
    expect(docker('volume', 'ls', '-q', '--filter', `name=^${keep}$`)).toBe(keep);
  } finally {
    docker('volume', 'rm', '-f', keep, gone);
  }
});

test('sorting by a column header is reflected in aria-sort and the URL', async ({ page }) => {
  const prefix = uniqueName('e2e-sort');
  const first = run(`${prefix}-a`, ['sleep', '600']);
  const second = run(`${prefix}-b`, ['sleep', '600']);
  await openContainers(page, { q: prefix });
  const grid = page.getByRole('grid', { name: 'Containers' });
  const nameHeader = grid.getByRole('columnheader', { name: /Name/ });
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(row(page, first)).toHaveAttribute('aria-rowindex', '2');
  await nameHeader.getByRole('button').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(row(page, second)).toHaveAttribute('aria-rowindex', '2');
  await expect(row(page, first)).toHaveAttribute('aria-rowindex', '3');
  expect(new URL(page.url()).hash).toContain('sort=name%3Adesc');
});

test('rows do not jump under the pointer: a new row waits at the end until the pointer leaves', async ({ page }) => {
  const prefix = uniqueName('e2e-hold');
  const later = run(`${prefix}-m`, ['sleep', '600']);
  await openContainers(page, { q: prefix });
  await expect(row(page, later)).toHaveAttribute('aria-rowindex', '2');
  await row(page, later).hover();
  const earlier = run(`${prefix}-a`, ['sleep', '600']); // sorts before the hovered row
  await expect(row(page, earlier)).toHaveAttribute('aria-rowindex', '3');
  await expect(row(page, later)).toHaveAttribute('aria-rowindex', '2');
  await page.getByRole('heading', { name: 'Containers', level: 1 }).hover();
  await expect(row(page, earlier)).toHaveAttribute('aria-rowindex', '2');
  await expect(row(page, later)).toHaveAttribute('aria-rowindex', '3');
});

test('an engine that cannot be reached says so, with a hint, and can be hidden with the engine switcher', async ({
  page,
}) => {
  const socket = `/tmp/berth-e2e-missing-${Date.now()}.sock`;
  const broken = await startWebMode({ env: { DOCKER_HOST: `unix://${socket}` } });
  try {
    await page.goto(broken.loginUrl);
    await page.goto(`${broken.baseUrl}#/containers`);
    const problem = page.getByRole('alert', { name: /^Problem with / });
    await expect(problem).toContainText(socket);
    await expect(problem.locator('.hint')).not.toBeEmpty();
    // Technical detail is one click away, not the headline.
    await expect(problem.getByText(`endpoint: unix://${socket}`)).toBeHidden();
    await problem.getByText('Details').click();
    await expect(problem.getByText(`endpoint: unix://${socket}`)).toBeVisible();

    // The working engine is still listed beside it; hiding the broken one removes its banner.
    const switcher = page.getByRole('group', { name: 'Docker engines shown' });
    // Found by name: once hidden the engine has no connection, so its status badge goes.
    const toggle = switcher.getByRole('button', { name: /Docker \(DOCKER_HOST\)/ });
    await expect(toggle).toContainText('error');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(switcher.getByRole('button', { pressed: true })).toHaveCount(2);
    await toggle.click();
    await expect(problem).toHaveCount(0);
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect(toggle).not.toContainText('error');
  } finally {
    await broken.stop();
  }
});

test("a failed action shows the engine's reason where the user looks, and changes nothing", async ({ page }) => {
  // The image is used by a container, so the engine refuses to remove it without force.
  run('e2e-img-user', ['sleep', '600']);
  await openContainers(page, { tab: 'images' });
  const [repository] = TEST_IMAGE.split(':') as [string, string];
  await page.getByRole('button', { name: `Remove ${TEST_IMAGE}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Remove image ${TEST_IMAGE}?` });
  await expect(dialog.getByRole('checkbox')).not.toBeChecked();
  await dialog.getByRole('button', { name: `Remove ${TEST_IMAGE}`, exact: true }).click();
  await expect(dialog.getByRole('alert')).not.toBeEmpty();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('grid', { name: 'Images' }).getByRole('row').filter({ hasText: repository })).toHaveCount(
    1,
  );
  docker('image', 'inspect', TEST_IMAGE);
});
