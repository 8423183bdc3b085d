import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from './support/electronBinary';

const binary = electronBinary();

test.describe('Electron app', () => {
  // Where no Electron binary can be installed (these CI machines), this reports itself skipped, with the reason.
  test.skip('missing' in binary, 'missing' in binary ? binary.missing : '');

  test('launches one locked-down window showing the shell', async () => {
    if (!('path' in binary)) return;
    const app = await electron.launch({ executablePath: binary.path, args: ['out/main/main.js'] });
    const window = await app.firstWindow();
    await expect(window.getByRole('navigation', { name: 'Main' })).toBeVisible();
    // Isolated and sandboxed: the page sees neither Node nor Electron's internals.
    expect(
      await window.evaluate(() => [
        typeof (globalThis as Record<string, unknown>).require,
        typeof (globalThis as Record<string, unknown>).process,
      ]),
    ).toEqual(['undefined', 'undefined']);
    expect(await window.evaluate(() => Object.keys((window as unknown as { berth: object }).berth).sort())).toEqual([
      'invoke',
      'subscribe',
    ]);
    await app.close();
  });
});
