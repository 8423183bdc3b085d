import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { electronPackage } from '../scripts/electronBinary.mjs';

/**
 * `npm run dist` for real, as far as a machine without internet access allows: electron-builder
 * with our electron-builder.yml packs the built app (`out/`) into its Linux folder target, around
 * a stand-in for the Electron binary that carries Electron's fuse wire in its stock state. What
 * the packaged binary's wire says afterwards is what a user's copy of Berth would enforce.
 */

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** The V1 wire in the order Electron defines it; '1' on, '0' off. */
const FUSES = [
  'runAsNode',
  'cookieEncryption',
  'nodeOptionsEnvironmentVariable',
  'nodeCliInspectArguments',
  'embeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'browserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;
/** How Electron 45 ships them. */
const STOCK = '10110001';

function fuseWire(file: string): Record<(typeof FUSES)[number], string> {
  const binary = readFileSync(file);
  const at = binary.indexOf(SENTINEL);
  expect(at, `no fuse wire in ${file}`).toBeGreaterThanOrEqual(0);
  const version = binary[at + SENTINEL.length];
  const length = binary[at + SENTINEL.length + 1]!;
  expect([version, length]).toEqual([1, FUSES.length]);
  const start = at + SENTINEL.length + 2;
  const wire = binary.subarray(start, start + length).toString('latin1');
  return Object.fromEntries(FUSES.map((name, i) => [name, wire[i]])) as Record<(typeof FUSES)[number], string>;
}

const work = mkdtempSync(join(tmpdir(), 'berth-packaging-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packaged app (npm run dist)', () => {
  it('has its fuses set: no running as Node, no NODE_OPTIONS, no --inspect, only its own integrity-checked app.asar', async () => {
    if (!existsSync('out/main/main.js')) throw new Error('The app is not built: run `npm run build` first.');
    const stock = join(work, 'electron-dist');
    mkdirSync(stock);
    const wire = Buffer.from(STOCK, 'latin1');
    writeFileSync(
      join(stock, 'electron'),
      Buffer.concat([Buffer.from(`#!/bin/sh\n# ${SENTINEL}`), Buffer.from([1, wire.length]), wire, Buffer.from('\n')]),
      { mode: 0o755 },
    );
    writeFileSync(join(stock, 'version'), `v${electronPackage().version}`);
    expect(fuseWire(join(stock, 'electron')).runAsNode).toBe('1');

    const builder = join(dirname(createRequire(import.meta.url).resolve('electron-builder/package.json')), 'cli.js');
    const output = join(work, 'dist');
    const child = spawn(
      process.execPath,
      [builder, '--linux', 'dir', '--x64', `-c.electronDist=${stock}`, `-c.directories.output=${output}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let log = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, log).toBe(0);

    const app = join(output, 'linux-unpacked');
    expect(existsSync(join(app, 'resources', 'app.asar'))).toBe(true);
    expect(existsSync(join(app, 'resources', 'app'))).toBe(false);
    expect(fuseWire(join(app, 'berth'))).toEqual({
      runAsNode: '0',
      cookieEncryption: '0',
      nodeOptionsEnvironmentVariable: '0',
      nodeCliInspectArguments: '0',
      embeddedAsarIntegrityValidation: '1',
      onlyLoadAppFromAsar: '1',
      // Left as Electron ships them.
      browserProcessSpecificV8Snapshot: '0',
      grantFileProtocolExtraPrivileges: '1',
    });
  }, 300_000);
});
