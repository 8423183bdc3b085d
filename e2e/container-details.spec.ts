import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { busyCpuThreshold, docker, dockerSkipReason, specContainers } from './support/dockerFixtures';
import { startWebMode, type WebModeServer } from './support/webMode';

/**
 * The container details tabs (Logs, Terminal, Stats) in real Chromium, in web mode,
 * against the real engine on this machine: select the row, open the tab, check what a
 * user sees.
 */
const skipReason = dockerSkipReason();
test.skip(skipReason !== null, skipReason ?? '');

let server: WebModeServer;
/**
 * Labelled test containers that this file removes afterwards. No network: these tabs need
 * none, and the tests then do not depend on the engine's bridge.
 */
const { run, removeAll } = specContainers({ network: 'none' });

/** Opens the containers view filtered to one container, selects its row and opens a details tab. */
async function openTab(page: Page, name: string, tab: 'Logs' | 'Terminal' | 'Stats'): Promise<void> {
  await page.goto(server.loginUrl);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.goto(`${server.baseUrl}#/containers?q=${encodeURIComponent(name)}`);
  const row = page.getByRole('grid', { name: 'Containers' }).getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1, { timeout: 5_000 });
  await row.click();
  const details = page.getByRole('complementary', { name: `Details of ${name}` });
  await expect(details).toBeVisible();
  await details.getByRole('tab', { name: tab }).click();
}

function logRow(page: Page, text: string | RegExp) {
  return page.getByTestId('log-viewport').locator('.log-row', { hasText: text });
}

test.beforeAll(async () => {
  server = await startWebMode();
});

test.afterAll(async () => {
  await server?.stop();
  removeAll();
});

test('Logs of a non-TTY container show stdout and stderr, stderr marked in words', async ({ page }) => {
  const name = run('e2e-logs', ['sh', '-c', 'echo to-stdout; echo to-stderr >&2; sleep 600']);
  await openTab(page, name, 'Logs');
  const out = logRow(page, 'to-stdout');
  const err = logRow(page, 'to-stderr');
  await expect(out).toHaveCount(1);
  await expect(err).toHaveCount(1);
  // Marked by a word, not by colour alone.
  await expect(err.locator('.log-stream-badge')).toHaveText('err');
  await expect(err.locator('.log-stream-badge')).toBeVisible();
  await expect(err).toHaveClass(/log-row-err/);
  await expect(out.locator('.log-stream-badge')).toHaveCount(0);
  await expect(out).not.toHaveClass(/log-row-err/);

  // Search counts matches, and only stderr shows when asked.
  const panel = page.getByRole('region', { name: 'Logs' });
  await panel.getByLabel('Search logs').fill('TO-STD');
  await expect(panel.getByTestId('log-match-count')).toHaveText('1 of 2');
  await expect(page.locator('mark.log-match')).toHaveCount(2);
  await panel.getByLabel('Streams').selectOption('stderr');
  await expect(out).toHaveCount(0);
  await expect(err).toHaveCount(1);
  await expect(panel.getByTestId('log-match-count')).toHaveText('1 of 1');

  // Download writes the lines shown, as text.
  await panel.getByLabel('Streams').selectOption('all');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Download' }).click(),
  ]);
  // Named after the container (its short id when the panel is not told the name).
  const id = docker('inspect', '-f', '{{.Id}}', name).slice(0, 12);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^(${name}|${id})-\\d{8}-\\d{6}\\.log$`));
  const text = await readFile((await download.path())!, 'utf8');
  expect(text).toMatch(/^\S+Z to-stdout$/m);
  expect(text).toMatch(/^\S+Z \[stderr\] to-stderr$/m);
});

test('Logs of a TTY container are its terminal output, colours rendered, no stray carriage returns', async ({
  page,
}) => {
  const name = run(
    'e2e-tty',
    ['sh', '-c', 'printf "tty-plain\\n"; printf "\\033[32mtty-green\\033[0m done\\n"; sleep 600'],
    { tty: true },
  );
  await openTab(page, name, 'Logs');
  await expect(logRow(page, 'tty-plain').locator('.log-text')).toHaveText('tty-plain');
  const green = logRow(page, 'tty-green');
  await expect(green.locator('.log-text')).toHaveText('tty-green done');
  await expect(green.locator('span.ansi-fg-2')).toHaveText('tty-green');
  // A TTY has one stream: nothing is marked stderr.
  await expect(page.locator('.log-row-err')).toHaveCount(0);
});

test('a log line with HTML and ANSI is shown as literal text with the red span, and runs nothing', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const name = run('e2e-html', [
    'sh',
    '-c',
    "printf '\\033[31mred\\033[0m <b>bold</b> <img src=x onerror=alert(1)>\\n'; sleep 600",
  ]);
  await openTab(page, name, 'Logs');
  const line = logRow(page, 'bold');
  await expect(line.locator('.log-text')).toHaveText('red <b>bold</b> <img src=x onerror=alert(1)>');
  await expect(line.locator('span.ansi-fg-1')).toHaveText('red');
  const color = await line.locator('span.ansi-fg-1').evaluate((el) => getComputedStyle(el).color);
  const [r, g, b] = color.match(/\d+/g)!.map(Number);
  expect(r).toBeGreaterThan(g! + 60);
  expect(r).toBeGreaterThan(b! + 60);
  await expect(page.locator('.logs-panel img, .logs-panel b')).toHaveCount(0);

  // Copy puts the plain text on the clipboard: escapes stripped, markup as typed.
  await page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.baseUrl).origin });
  await page.getByRole('region', { name: 'Logs' }).getByRole('checkbox', { name: 'Timestamps' }).uncheck();
  await page.getByRole('region', { name: 'Logs' }).getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByRole('region', { name: 'Logs' })).toContainText('Copied 1 line');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    'red <b>bold</b> <img src=x onerror=alert(1)>\n',
  );

  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
});

test('Logs follow new lines, pause when the reader scrolls up, and jump back to the latest', async ({ page }) => {
  const name = run('e2e-follow', [
    'sh',
    '-c',
    'seq 1 3000; i=0; while :; do echo "tick $i"; i=$((i+1)); sleep 0.2; done',
  ]);
  await openTab(page, name, 'Logs');
  const panel = page.getByRole('region', { name: 'Logs' });
  const viewport = page.getByTestId('log-viewport');
  const follow = panel.getByRole('checkbox', { name: 'Follow' });
  // "tick 3" itself, not "tick 30" and later, which a busy machine may print before the check.
  const TICK_3 = /tick 3(?!\d)/;
  await expect(logRow(page, TICK_3)).toHaveCount(1, { timeout: 10_000 });
  await expect(follow).toBeChecked();
  // The last 1,000 lines by default; 10,000 when asked.
  const count = async (): Promise<number> =>
    Number(
      ((await panel.getByRole('status').first().textContent()) ?? '')
        .match(/([\d,]+) lines?/)?.[1]
        ?.replace(/,/g, '') ?? 0,
    );
  const first = await count();
  expect(first).toBeGreaterThanOrEqual(1000);
  expect(first).toBeLessThan(1100);
  await panel.getByLabel('Lines from the end').selectOption('10000');
  await expect.poll(count).toBeGreaterThan(3000);
  // Thousands of lines, but only the visible window is in the DOM.
  await expect(logRow(page, TICK_3)).toHaveCount(1);
  expect(await viewport.locator('.log-row').count()).toBeLessThan(150);
  const atBottom = (): Promise<boolean> =>
    viewport.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 20);
  await expect.poll(atBottom).toBe(true);

  // The reader scrolls up: following pauses and the view stays put while lines arrive.
  await viewport.hover();
  await page.mouse.wheel(0, -2000);
  await expect(follow).not.toBeChecked();
  const jump = panel.getByRole('button', { name: /Jump to latest/ });
  await expect(jump).toBeVisible();
  await expect(jump).toContainText(/\d+ new/, { timeout: 5_000 });
  expect(await atBottom()).toBe(false);

  await jump.click();
  await expect(follow).toBeChecked();
  await expect(jump).toHaveCount(0);
  await expect.poll(atBottom).toBe(true);
});

test('Terminal runs a shell: typed commands run in the container, and the end is explained', async ({ page }) => {
  const name = run('e2e-term', ['sleep', '600']);
  await openTab(page, name, 'Terminal');
  const panel = page.getByRole('region', { name: 'Terminal' });
  await expect(panel.getByTestId('terminal-status')).toContainText('Connected', { timeout: 10_000 });
  await expect(panel.getByTestId('terminal-status')).toContainText('/bin/sh');
  await panel.locator('.xterm').click();
  // The typed line contains "berth-$((40+2))", never "berth-42": only the shell's answer does.
  await page.keyboard.type('echo berth-$((40+2))');
  await page.keyboard.press('Enter');
  await expect(panel.locator('.xterm-rows')).toContainText('berth-42', { timeout: 10_000 });

  await page.keyboard.type('exit 3');
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('alert')).toContainText('exited with code 3', { timeout: 10_000 });
  await expect(panel.getByRole('button', { name: 'Reconnect' }).first()).toBeVisible();

  // A new session works again.
  await panel.getByRole('button', { name: 'Reconnect' }).first().click();
  await expect(panel.getByTestId('terminal-status')).toContainText('Connected', { timeout: 10_000 });
  await panel.locator('.xterm').click();
  await page.keyboard.type('echo again-$((1+1))');
  await page.keyboard.press('Enter');
  await expect(panel.locator('.xterm-rows')).toContainText('again-2', { timeout: 10_000 });
});

test('closing the Terminal tab ends its exec session in the container', async ({ page }) => {
  const name = run('e2e-term-close', ['sleep', '600']);
  await openTab(page, name, 'Terminal');
  const panel = page.getByRole('region', { name: 'Terminal' });
  await expect(panel.getByTestId('terminal-status')).toContainText('Connected', { timeout: 10_000 });
  const shells = (): number =>
    docker('top', name, '-o', 'pid,args')
      .split('\n')
      .filter((l) => /\/bin\/sh\s*$/.test(l)).length;
  await expect.poll(shells, { timeout: 5_000 }).toBe(1);
  await page
    .getByRole('complementary', { name: `Details of ${name}` })
    .getByRole('tab', { name: 'Logs' })
    .click();
  await expect.poll(shells, { timeout: 10_000 }).toBe(0);
});

test('Terminal says so for a container that is not running', async ({ page }) => {
  const name = run('e2e-term-exited', ['sh', '-c', 'exit 0']);
  await expect.poll(() => docker('inspect', '-f', '{{.State.Status}}', name)).toBe('exited');
  await openTab(page, name, 'Terminal');
  await expect(page.getByRole('region', { name: 'Terminal' })).toContainText('not running');
  await expect(page.locator('.xterm')).toHaveCount(0);
});

test('Stats of a busy container show CPU above 50 % in the text readout, with charts', async ({ page }) => {
  // Four busy loops: more demand than the machine's CPUs, so > 50 % even when other work shares them.
  const loop = 'while :; do :; done';
  const name = run('e2e-busy', ['sh', '-c', `${loop} & ${loop} & ${loop} & ${loop}`]);
  await openTab(page, name, 'Stats');
  const panel = page.getByRole('region', { name: 'Stats' });
  await expect
    .poll(async () => parseFloat((await panel.getByTestId('stat-cpu').textContent()) ?? ''), { timeout: 25_000 })
    .toBeGreaterThan(busyCpuThreshold(50));
  await expect(panel.getByRole('img', { name: /CPU usage over time/ })).toBeVisible();
  await expect(panel.getByRole('img', { name: /Memory usage/ })).toBeVisible();
  await expect(panel.getByTestId('stat-pids')).toHaveText(/^[1-9]\d*$/);
});
