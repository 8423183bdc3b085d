import {
  chmodSync,
  copyFileSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterSkipReason, TEST_KUBECONFIG } from '../../../../e2e/cluster/testKubeconfig';
import { setDefaultContext } from './defaultContext';

const skip = clusterSkipReason();

/** The copy's bytes with its `current-context:` line replaced: what the file must become. */
function withCurrentContext(text: string, name: string): string {
  return text.replace(/^current-context:.*$/m, `current-context: ${name}`);
}

describe.skipIf(skip)('set as default context, on copies of the test kubeconfig', () => {
  it('changes current-context and no other byte, keeping the file mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-default-'));
    const path = join(dir, 'config');
    copyFileSync(TEST_KUBECONFIG, path);
    chmodSync(path, 0o640);
    const before = readFileSync(path, 'utf8');
    expect(before).toMatch(/^current-context: berth-a$/m);

    await expect(setDefaultContext([path], 'berth-b')).resolves.toBe(path);

    expect(readFileSync(path, 'utf8')).toBe(withCurrentContext(before, 'berth-b'));
    expect(statSync(path).mode & 0o777).toBe(0o640);
    // No temporary file left beside it.
    expect(readdirSync(dir)).toEqual(['config']);
  });

  it('with several files, writes the first that sets current-context, and only it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-default-'));
    const first = join(dir, 'extra');
    const second = join(dir, 'config');
    const firstText = '# no current-context here\napiVersion: v1\nkind: Config\ncontexts: []\n';
    writeFileSync(first, firstText);
    copyFileSync(TEST_KUBECONFIG, second);
    const secondBefore = readFileSync(second, 'utf8');

    await expect(setDefaultContext([join(dir, 'missing'), first, second], 'berth-a-readonly')).resolves.toBe(second);

    expect(readFileSync(first, 'utf8')).toBe(firstText);
    expect(readFileSync(second, 'utf8')).toBe(withCurrentContext(secondBefore, 'berth-a-readonly'));
  });

  it('with several files and none setting it, adds the line to the first existing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-default-'));
    const first = join(dir, 'first');
    const second = join(dir, 'second');
    const copy = readFileSync(TEST_KUBECONFIG, 'utf8').replace(/^current-context:.*\n/m, '');
    writeFileSync(first, copy);
    writeFileSync(second, 'kind: Config\n');

    await setDefaultContext([first, second], 'berth-b');

    expect(readFileSync(first, 'utf8')).toBe(`${copy}current-context: berth-b\n`);
    expect(readFileSync(second, 'utf8')).toBe('kind: Config\n');
  });

  it('writes through a symlink: the link stays a link and its target changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-default-'));
    const target = join(dir, 'real-config');
    const link = join(dir, 'config');
    copyFileSync(TEST_KUBECONFIG, target);
    symlinkSync(target, link);
    const before = readFileSync(target, 'utf8');

    await expect(setDefaultContext([link], 'berth-b')).resolves.toBe(target);

    expect(readFileSync(target, 'utf8')).toBe(withCurrentContext(before, 'berth-b'));
    expect(readdirSync(dir).sort()).toEqual(['config', 'real-config']);
    expect(readFileSync(link, 'utf8')).toBe(readFileSync(target, 'utf8'));
  });

  it('refuses a JSON kubeconfig with a message and leaves it as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-default-'));
    const path = join(dir, 'config.json');
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Config', contexts: [], 'current-context': 'a' }, null, 2);
    writeFileSync(path, json);

    await expect(setDefaultContext([path], 'berth-b')).rejects.toThrow(/kubectl config use-context berth-b/);
    expect(readFileSync(path, 'utf8')).toBe(json);
  });
});
