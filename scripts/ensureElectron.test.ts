import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { electronPackage, executableInDist } from './electronBinary.mjs';

/**
 * What `npm start` does on a fresh clone, for real: scripts/ensure-electron.mjs in a copy of
 * the project whose `electron` package has no binary yet, Electron's own installer, an empty
 * download cache, and a mirror of ours on 127.0.0.1 that records what it is asked for.
 */

const scriptsDir = dirname(fileURLToPath(import.meta.url));
const real = electronPackage();
const { version } = real;
// @electron/get's names: Node's `arm` is Electron's `armv7l`.
const arch = process.arch === 'arm' ? 'armv7l' : process.arch;
const zipName = `electron-v${version}-${process.platform}-${arch}.zip`;
const zipPath = `/v${version}/${zipName}`;
const executable = executableInDist();

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `berth-${name}-`));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function packageRoot(file: string): string {
  let dir = dirname(file);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/**
 * A project folder as `npm install` leaves it since Electron 42: the `electron` package
 * without `dist/` or `path.txt`; its installer's dependencies are linked from ours.
 */
function freshProject(): { root: string; electronDir: string } {
  const root = tempDir('project');
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fresh-clone', private: true }));
  for (const file of ['ensure-electron.mjs', 'electronBinary.mjs', 'electronInstallProbe.mjs']) {
    cpSync(join(scriptsDir, file), join(root, 'scripts', file));
  }
  const electronDir = join(root, 'node_modules', 'electron');
  cpSync(real.dir, electronDir, {
    recursive: true,
    filter: (source) => !['dist', 'path.txt', 'node_modules'].includes(relative(real.dir, source).split(sep)[0]!),
  });
  const fromElectron = createRequire(join(real.dir, 'package.json'));
  for (const dependency of ['@electron/get', '@electron-internal/extract-zip']) {
    const link = join(root, 'node_modules', dependency);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(packageRoot(fromElectron.resolve(dependency)), link, 'junction');
  }
  return { root, electronDir };
}

/** A zip as Electron's releases are: stored entries with Unix modes (the executable keeps its x bit). */
function zip(entries: Array<{ name: string; data: Buffer; mode: number }>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data, mode } of entries) {
    const fileName = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE((3 << 8) | 20, 4); // made on Unix: the external attributes hold the mode
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x21, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(fileName.length, 28);
    entry.writeUInt32LE((mode << 16) >>> 0, 38);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, fileName, data);
    central.push(entry, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** A stand-in Electron release: an executable that says what it is, and its version file. */
function release(folder = `v${version}`): Map<string, Buffer> {
  const archive = zip([
    { name: executable, data: Buffer.from('#!/bin/sh\necho "stand-in electron $*"\n'), mode: 0o100755 },
    { name: 'version', data: Buffer.from(`v${version}`), mode: 0o100644 },
  ]);
  const sha256 = createHash('sha256').update(archive).digest('hex');
  return new Map([
    [`/${folder}/${zipName}`, archive],
    [`/${folder}/SHASUMS256.txt`, Buffer.from(`${sha256} *${zipName}\n`)],
  ]);
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as AddressInfo).port;
}

/** A loopback port nothing listens on (any more). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A mirror of Electron releases on loopback, serving `files` (or refusing everything with 403). */
async function mirror(
  files: Map<string, Buffer> | 'refuse',
): Promise<{ url: string; port: number; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = files === 'refuse' ? undefined : files.get(req.url ?? '');
    res.statusCode = files === 'refuse' ? 403 : body ? 200 : 404;
    res.end(body);
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/`, port, requests };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the project's ensure-electron.mjs with only the settings given (and an empty cache). */
function launch(root: string, env: Record<string, string>, command: string[] = []) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^(electron_|npm_config_electron|npm_package_config_electron|(https?|no|all)_proxy$|debug$)/i.test(name),
    ),
  );
  const child = spawn(process.execPath, [join(root, 'scripts', 'ensure-electron.mjs'), ...command], {
    cwd: root,
    env: { ...inherited, electron_config_cache: tempDir('electron-cache'), ...env },
  });
  const run: Run = { code: null, stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (run.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (run.stderr += chunk));
  const ended = new Promise<Run>((resolve) =>
    child.on('close', (code) => {
      run.code = code;
      resolve(run);
    }),
  );
  return { child, run, ended };
}

const ensureElectron = (root: string, env: Record<string, string>, command: string[] = []): Promise<Run> =>
  launch(root, env, command).ended;

/** An unpacked Electron of the user's own, elsewhere (a stand-in). */
function ownElectron(): string {
  const own = tempDir('own-electron');
  mkdirSync(dirname(join(own, executable)), { recursive: true });
  writeFileSync(join(own, executable), '#!/bin/sh\n', { mode: 0o755 });
  return own;
}

const printEnv = [process.execPath, '-e', 'console.log(process.env.ELECTRON_EXEC_PATH)'];

function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at /m);
}

describe('npm start on a fresh clone: the Electron binary', () => {
  it("is fetched by Electron's installer from ELECTRON_MIRROR, for this platform and version, then the command runs with it", async () => {
    const { root, electronDir } = freshProject();
    const server = await mirror(release());
    // The stand-in release is not in the package's checksums: the mirror's SHASUMS256.txt vouches for it.
    const env = { ELECTRON_MIRROR: server.url, electron_use_remote_checksums: '1' };

    const first = await ensureElectron(root, env, printEnv);
    expect(first.stderr).toContain(`Electron ${version} installed from ${server.url}v${version}/${zipName}`);
    expect(first.code).toBe(0);
    expect(server.requests).toEqual([zipPath, `/v${version}/SHASUMS256.txt`]);
    const installed = join(electronDir, 'dist', executable);
    expect(readFileSync(join(electronDir, 'path.txt'), 'utf8')).toBe(executable);
    expect(first.stdout.trim()).toBe(installed);
    if (process.platform !== 'win32') {
      expect(spawnSync(installed, ['--version'], { encoding: 'utf8' }).stdout).toBe('stand-in electron --version\n');
    }

    // Installed: the next start asks nobody for anything, and says nothing.
    const second = await ensureElectron(root, env, printEnv);
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdout.trim()).toBe(installed);
    expect(server.requests).toHaveLength(2);
  });

  it('is fetched through the HTTP proxy set in HTTPS_PROXY/HTTP_PROXY, from a mirror with its own folder names', async () => {
    const { root } = freshProject();
    // Mirrors that name release folders without the "v" (ELECTRON_CUSTOM_DIR).
    const server = await mirror(release(version));
    const tunnels: string[] = [];
    const proxy = createServer((_req, res) => res.writeHead(405).end());
    // Electron's downloader tunnels through the proxy (CONNECT), even to an http:// mirror.
    proxy.on('connect', (req, socket, head) => {
      tunnels.push(req.url ?? '');
      const upstream = connect(server.port, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    const proxyPort = await listen(proxy);

    // A host name that resolves nowhere: only the proxy can reach it.
    const run = await ensureElectron(root, {
      ELECTRON_MIRROR: 'http://electron-mirror.invalid/',
      ELECTRON_CUSTOM_DIR: '{{ version }}',
      electron_use_remote_checksums: '1',
      HTTP_PROXY: `http://127.0.0.1:${proxyPort}`,
    });
    expect(run.stderr).toContain('installed from http://electron-mirror.invalid/');
    expect(run.code).toBe(0);
    expect(tunnels).toContain('electron-mirror.invalid:80');
    expect(server.requests).toContain(`/${version}/${zipName}`);
  });

  it('cannot be fetched from a refusing mirror: one clear message with the address and the error, and exit code 1', async () => {
    const { root, electronDir } = freshProject();
    const server = await mirror('refuse');
    const run = await ensureElectron(root, { ELECTRON_MIRROR: server.url }, printEnv);
    expect(run.code).toBe(1);
    expect(server.requests).toEqual([zipPath]);
    expect(run.stderr).toContain(`Berth could not install the Electron ${version} binary`);
    expect(run.stderr).toContain(`It tried:  ${server.url}v${version}/${zipName}`);
    expect(run.stderr).toContain('Error:     HTTP 403 Forbidden');
    for (const remedy of ['ELECTRON_MIRROR=', 'HTTPS_PROXY=', 'ELECTRON_OVERRIDE_DIST_PATH=', 'ELECTRON_EXEC_PATH=']) {
      expect(run.stderr).toContain(remedy);
    }
    expect(run.stderr).toContain('npm run build && npm run serve');
    expectNoStackTrace(run.stderr);
    // The command was not started, and nothing half-installed is left to mislead the next start.
    expect(run.stdout).toBe('');
    expect(existsSync(join(electronDir, 'path.txt'))).toBe(false);
  });

  it('never prints the credentials of a mirror or a proxy', async () => {
    const { root } = freshProject();
    const closed = await freePort();
    const run = await ensureElectron(root, {
      ELECTRON_MIRROR: `http://mirror-user:mirror-secret@127.0.0.1:${closed}/`,
      HTTPS_PROXY: `http://proxy-user:proxy-secret@127.0.0.1:${closed}`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`It tried:  http://127.0.0.1:${closed}/v${version}/${zipName}`);
    expect(run.stderr).toContain(`Proxy:     http://127.0.0.1:${closed}`);
    expect(run.stderr).not.toMatch(/secret|-user/);
  });

  it('cannot be fetched when nothing answers at the mirror: the network error is named', async () => {
    const { root } = freshProject();
    const closed = await freePort();
    const run = await ensureElectron(root, { ELECTRON_MIRROR: `http://127.0.0.1:${closed}/` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`It tried:  http://127.0.0.1:${closed}/v${version}/${zipName}`);
    expect(run.stderr).toContain(`Error:     connect ECONNREFUSED 127.0.0.1:${closed}`);
    expectNoStackTrace(run.stderr);
  });

  it('is taken from ELECTRON_OVERRIDE_DIST_PATH or ELECTRON_EXEC_PATH without any download; a wrong one is reported', async () => {
    const { root } = freshProject();
    const server = await mirror('refuse');
    const own = ownElectron();
    const given: Array<Record<string, string>> = [
      { ELECTRON_OVERRIDE_DIST_PATH: own },
      { ELECTRON_EXEC_PATH: join(own, executable) },
    ];
    for (const env of given) {
      const run = await ensureElectron(root, { ELECTRON_MIRROR: server.url, ...env }, printEnv);
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(join(own, executable));
    }

    const nowhere = join(own, 'nothing-here');
    for (const [name, env] of [
      ['ELECTRON_OVERRIDE_DIST_PATH', { ELECTRON_OVERRIDE_DIST_PATH: nowhere }],
      ['ELECTRON_EXEC_PATH', { ELECTRON_EXEC_PATH: nowhere }],
    ] as const) {
      const wrong = await ensureElectron(root, { ELECTRON_MIRROR: server.url, ...env }, printEnv);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain(`Berth cannot start Electron: ${name} is set to ${nowhere}`);
      expect(wrong.stdout).toBe('');
      expectNoStackTrace(wrong.stderr);
    }
    expect(server.requests).toEqual([]);
    expect(readdirSync(join(root, 'node_modules', 'electron'))).not.toContain('dist');
  });

  it('is handed to the command, which runs as a child: its exit code is ours, and SIGTERM reaches it', async () => {
    const { root } = freshProject();
    const env = { ELECTRON_OVERRIDE_DIST_PATH: ownElectron() };
    expect((await ensureElectron(root, env, [process.execPath, '-e', 'process.exit(3)'])).code).toBe(3);

    const started = launch(root, env, [
      process.execPath,
      '-e',
      "process.on('SIGTERM', () => { console.log('stopping'); process.exit(0); }); console.log('ready'); setTimeout(() => process.exit(9), 60_000);",
    ]);
    await expect.poll(() => started.run.stdout, { timeout: 20_000 }).toContain('ready');
    started.child.kill('SIGTERM');
    const run = await Promise.race([
      started.ended,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('still running 20 s after SIGTERM')), 20_000).unref(),
      ),
    ]);
    expect(run.stdout).toContain('stopping');
    expect(run.code).toBe(0);
  });
});
