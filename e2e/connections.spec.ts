import { mkdtempSync, symlinkSync } from 'node:fs';
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
