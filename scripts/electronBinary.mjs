/**
 * Where the Electron executable of this project is, found without running anything:
 * `require('electron')` would start a download, and electron-vite only reads
 * `node_modules/electron/path.txt`, which exists once Electron's installer has run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The `electron` package this project resolves to: its folder and version. */
export function electronPackage(from = import.meta.url) {
  const manifest = createRequire(from).resolve('electron/package.json');
  return { dir: dirname(manifest), version: JSON.parse(readFileSync(manifest, 'utf8')).version };
}

/** The executable's path inside an unpacked Electron, as Electron's installer names it. */
export function executableInDist(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

const readTrimmed = (file) => {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
};

/**
 * The Electron to run, in the order Electron and electron-vite look: `ELECTRON_EXEC_PATH`
 * (electron-vite's own), `ELECTRON_OVERRIDE_DIST_PATH` (an unpacked Electron elsewhere),
 * then what the installer put in the package's `dist/`. `source` says which, for messages.
 */
export function findElectron(pkg = electronPackage(), env = process.env) {
  if (env.ELECTRON_EXEC_PATH) {
    const path = env.ELECTRON_EXEC_PATH;
    return existsSync(path)
      ? { path, source: 'ELECTRON_EXEC_PATH' }
      : { missing: `ELECTRON_EXEC_PATH is set to ${path}, which does not exist`, source: 'ELECTRON_EXEC_PATH' };
  }
  const pathTxt = readTrimmed(join(pkg.dir, 'path.txt'));
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(env.ELECTRON_OVERRIDE_DIST_PATH, pathTxt || executableInDist());
    return existsSync(path)
      ? { path, source: 'ELECTRON_OVERRIDE_DIST_PATH' }
      : {
          missing: `ELECTRON_OVERRIDE_DIST_PATH is set to ${env.ELECTRON_OVERRIDE_DIST_PATH}, but ${path} does not exist`,
          source: 'ELECTRON_OVERRIDE_DIST_PATH',
        };
  }
  if (!pathTxt) {
    return {
      missing: `the Electron ${pkg.version} binary is not installed (no ${join(pkg.dir, 'path.txt')})`,
      source: 'installer',
    };
  }
  // After an upgrade of the package, an older unpacked binary does not count.
  const installed = readTrimmed(join(pkg.dir, 'dist', 'version')).replace(/^v/, '');
  const path = join(pkg.dir, 'dist', pathTxt);
  if (installed !== pkg.version || !existsSync(path)) {
    return {
      missing: `the Electron ${pkg.version} binary is not installed (${path} missing or another version)`,
      source: 'installer',
    };
  }
  return { path, source: 'installer' };
}
