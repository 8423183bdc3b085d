#!/usr/bin/env node
/**
 * `npm start`, `npm run dev` and `npm run dist` begin here:
 *
 *   node scripts/ensure-electron.mjs [command [args...]]
 *
 * Since Electron 42 the `electron` package downloads its binary only when first asked, and
 * electron-vite does not ask: it reads `node_modules/electron/path.txt` and stops with
 * "Electron uninstall" when the file is missing. So this makes sure the binary is there,
 * running Electron's own installer (which honours ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR,
 * electron_config_cache, proxies...) only when it is not, then runs the command with
 * ELECTRON_EXEC_PATH set to the binary (which is how electron-vite also finds an Electron
 * given with ELECTRON_OVERRIDE_DIST_PATH). When the binary cannot be had, it says why and how
 * to get it, and exits with 1.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';

import { electronPackage, findElectron } from './electronBinary.mjs';

// A URL, not a path: `--import` takes module specifiers (a Windows path is not one).
const PROBE = new URL('./electronInstallProbe.mjs', import.meta.url).href;

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** Text without the credentials an address in it may carry (a mirror's, a proxy's). */
const withoutCredentials = (text) => text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1');

function fail(lines) {
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
  process.exit(1);
}

const remedies = (version) => [
  'To fix it, set one of these, then run the command again:',
  '  ELECTRON_MIRROR=https://mirror.example/electron/   a mirror of Electron releases',
  `      (with ELECTRON_CUSTOM_DIR="{{ version }}" if its folders are not named v${version})`,
  '  HTTPS_PROXY=http://proxy.example:3128              your HTTP proxy',
  `  ELECTRON_OVERRIDE_DIST_PATH=/folder/of/electron    an Electron ${version.split('.')[0]} you already have`,
  '  ELECTRON_EXEC_PATH=/path/to/electron               the same, naming its executable',
  'Meanwhile the same app runs in your browser:  npm run build && npm run serve',
];

/** Runs Electron's installer; resolves with what it requested and how it ended. */
function runInstaller(pkg) {
  const env = { ...process.env };
  // Electron's downloader uses a proxy only when asked to: someone who set one means it.
  const proxy = PROXY_VARIABLES.map((name) => env[name]).find(Boolean);
  if (proxy && !env.ELECTRON_GET_USE_PROXY) env.ELECTRON_GET_USE_PROXY = '1';
  const child = spawn(process.execPath, ['--import', PROBE, join(pkg.dir, 'install.js')], {
    env,
    stdio: ['ignore', 'inherit', 'pipe', 'pipe'],
  });
  let stderr = '';
  let requestLog = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  child.stdio[3].setEncoding('utf8').on('data', (chunk) => (requestLog += chunk));
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: null, error: error.message, stderr, requests: [], proxy }));
    child.on('close', (code, signal) => {
      const requests = requestLog
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
      resolve({ code, signal, stderr, requests, proxy });
    });
  });
}

/** The installer's own words: the first line of its error, without the stack under it. */
const installerError = (stderr) =>
  stderr
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line && !line.startsWith('at '))
    ?.replace(/^Error: /, '') ?? '';

async function install(pkg) {
  const started = performance.now();
  process.stderr.write(
    `Electron ${pkg.version} is not installed yet: fetching it with Electron's installer (once)...\n`,
  );
  const result = await runInstaller(pkg);
  const artifact = result.requests.find((r) => r.url.endsWith('.zip')) ?? result.requests[0];
  if (result.code === 0) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `Electron ${pkg.version} installed${artifact ? ` from ${withoutCredentials(artifact.url)}` : ''} in ${seconds} s.\n`,
    );
    return;
  }
  const failed = result.requests.findLast((r) => r.error || r.status >= 400);
  const tried = failed ?? artifact;
  const error = failed
    ? (failed.error ?? `HTTP ${failed.status} ${failed.statusText}`.trim())
    : result.error ||
      installerError(result.stderr) ||
      (result.signal ? `stopped by ${result.signal}` : `exit code ${result.code}`);
  if (process.env.DEBUG) process.stderr.write(result.stderr);
  fail([
    `Berth could not install the Electron ${pkg.version} binary it runs in.`,
    `  It tried:  ${tried ? withoutCredentials(tried.url) : '(no address: the installer failed before downloading)'}`,
    `  Error:     ${withoutCredentials(error)}`,
    ...(result.proxy ? [`  Proxy:     ${withoutCredentials(result.proxy)}`] : []),
    ...remedies(pkg.version),
  ]);
}

let pkg;
try {
  pkg = electronPackage();
} catch {
  fail(['The electron package is not installed: run `npm install` first.']);
}
let electron = findElectron(pkg);
// An Electron named by the user is never replaced by a download.
if ('missing' in electron && electron.source === 'installer') {
  await install(pkg);
  electron = findElectron(pkg);
}
if ('missing' in electron) {
  fail([`Berth cannot start Electron: ${electron.missing}.`, ...remedies(pkg.version)]);
}

const [command, ...args] = process.argv.slice(2);
if (command) {
  const env = { ...process.env, ELECTRON_EXEC_PATH: electron.path };
  // npm's bin shims on Windows are .cmd files, which only a shell runs.
  const child =
    process.platform === 'win32'
      ? spawn([command, ...args].join(' '), { stdio: 'inherit', env, shell: true })
      : spawn(command, args, { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => fail([`Could not run ${command}: ${error.message}`]));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
}
