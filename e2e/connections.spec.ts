import { chownSync, mkdtempSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dockerSkipReason } from './support/dockerFixtures';
import { startWebMode } from './support/webMode';

const skipReason = dockerSkipReason();
test.skip(skipReason !== null, skipReason ?? '');

test.setTimeout(60_000);

test('the status bar says why an engine is down, and "Retry now" connects as soon as it is back', async ({ page }) => {
  const socket = join(mkdtempSync(join(tmpdir(), 'berth-e2e-')), 'docker.sock');
  const server = await startWebMode({ env: { DOCKER_HOST: `unix://${socket}`, KUBECONFIG: '/nonexistent' } });
  try {
    await page.goto(server.loginUrl);
    const bar = page.getByRole('status', { name: 'Connections' });
    const retry = bar.getByRole('button', { name: /^Retry .* now$/ });
    await expect(retry).toBeVisible();
    const state = bar.getByText(/error|reconnecting/).first();
    await expect(state).toHaveAttribute('title', new RegExp(`${socket} is not running`));
    // Wait until the next automatic attempt is seconds away, so only the button can explain a quick recovery.
    await expect(state).toHaveText(/in ([6-9]|\d\d)s$/, { timeout: 25_000 });

    symlinkSync(process.env.BERTH_TEST_DOCKER_SOCKET ?? '/var/run/docker.sock', socket);
    await retry.click();
    await expect(bar.locator('.status-item').first()).toContainText('● live', { timeout: 1_500 });
    await expect(retry).toBeHidden();
  } finally {
    await server.stop();
  }
});

test('a user who may not open the Docker socket is told why and how to fix it, and the app still works', async ({
  page,
}) => {
  const socket = process.env.BERTH_TEST_DOCKER_SOCKET ?? '/var/run/docker.sock';
  const reason = unprivilegedSkipReason(socket);
  test.skip(reason !== null, reason ?? '');
  // The server runs as `nobody`, who is not in the docker group: the kernel refuses the socket.
  const home = mkdtempSync(join(tmpdir(), 'berth-e2e-home-'));
  chownSync(home, NOBODY.uid, NOBODY.gid);
  const server = await startWebMode({
    user: NOBODY,
    env: { DOCKER_HOST: `unix://${socket}`, HOME: home, KUBECONFIG: '/nonexistent' },
  });
  try {
    await page.goto(server.loginUrl);
    await page.goto(`${server.baseUrl}#/containers`);
    const problem = page.getByRole('alert', { name: /^Problem with / });
    await expect(problem).toContainText(`Permission denied on the Docker socket`);
    await expect(problem).toContainText(socket);
    await expect(problem.locator('.hint')).toContainText('docker group');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Kubernetes' }).click();
    await expect(page.getByRole('main', { name: 'Kubernetes' })).toBeVisible();
  } finally {
    await server.stop();
  }
});

const NOBODY = { uid: 65534, gid: 65534 };

/** Why the permission test cannot run here: it needs root to start the server as another user. */
function unprivilegedSkipReason(socket: string): string | null {
  let reason: string | null = null;
  if (process.getuid?.() !== 0) reason = 'starting the server as another user needs root';
  else if ((statSync(socket).mode & 0o006) !== 0) reason = `${socket} is open to every user, so nobody is refused`;
  if (reason && process.env.CI === 'true') throw new Error(`CI requires the permission test to run: ${reason}`);
  return reason;
}
