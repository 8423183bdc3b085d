import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Electron executable, if one is installed, found without triggering the
 * download that `require('electron')` attempts (it cannot reach the internet here).
 */
export function electronBinary(): { path: string } | { missing: string } {
  const dir = join(process.cwd(), 'node_modules', 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(dir, 'path.txt');
  if (!override && !existsSync(pathFile)) {
    return {
      missing:
        'no Electron binary is installed (node_modules/electron/path.txt absent: its download is not possible on this machine)',
    };
  }
  const executable = override
    ? join(override, readFileSync(pathFile, 'utf8').trim() || 'electron')
    : join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? { path: executable } : { missing: `Electron binary not found at ${executable}` };
}
