import { findElectron } from '../../scripts/electronBinary.mjs';

/**
 * The Electron executable, found the way `npm start` finds it (ELECTRON_EXEC_PATH,
 * ELECTRON_OVERRIDE_DIST_PATH, or what Electron's installer unpacked), without downloading it:
 * where it cannot be downloaded (these CI machines), the reason is returned instead.
 */
export function electronBinary(): { path: string } | { missing: string } {
  const found = findElectron();
  return 'path' in found
    ? { path: found.path }
    : { missing: `${found.missing} (\`npm start\` installs it, where it can be downloaded)` };
}
