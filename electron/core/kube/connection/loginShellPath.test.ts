import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergePaths, readLoginShellPath } from './loginShellPath';

/** A fake login shell: a script that receives `-ilc <command>` as a real shell would. */
function fakeShell(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-shell-'));
  const path = join(dir, 'fake-shell');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('the login shell PATH', () => {
  it('is the shell PATH (its profile ran) before ours, with greeting noise around it ignored', async () => {
    const shell = fakeShell(
      [
        'echo "Welcome back! Last login: yesterday"',
        '[ "$1" = "-ilc" ] || exit 9',
        'export PATH="/opt/homebrew/bin:$HOME/.krew/bin:/usr/bin"',
        '/bin/sh -c "$2"',
        'echo "bye"',
      ].join('\n'),
    );
    const path = await readLoginShellPath({
      env: { SHELL: shell, PATH: '/usr/bin:/bin', HOME: '/home/u' },
      platform: 'linux',
    });
    expect(path).toBe('/opt/homebrew/bin:/home/u/.krew/bin:/usr/bin:/bin');
  });

  it('falls back to our PATH when the shell fails, hangs (killed with what it started), or is not there', async () => {
    const env = { PATH: '/usr/bin:/bin' };
    const failing = fakeShell('echo oops >&2; exit 1');
    expect(await readLoginShellPath({ env: { ...env, SHELL: failing }, platform: 'linux' })).toBe('/usr/bin:/bin');

    const pidFile = join(mkdtempSync(join(tmpdir(), 'berth-shell-')), 'pid');
    const hanging = fakeShell(`sleep 300 & echo $! > ${pidFile}; wait`);
    const started = Date.now();
    expect(await readLoginShellPath({ env: { ...env, SHELL: hanging }, platform: 'linux', timeoutMs: 500 })).toBe(
      '/usr/bin:/bin',
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect.poll(() => existsSync(pidFile)).toBe(true);
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    await expect.poll(() => isAlive(sleeper), { timeout: 10_000 }).toBe(false);

    expect(await readLoginShellPath({ env: { ...env, SHELL: '/nonexistent/zsh' }, platform: 'linux' })).toBe(
      '/usr/bin:/bin',
    );
  });

  it('is our PATH on Windows or without $SHELL, without running anything', async () => {
    const shell = fakeShell('exit 1');
    expect(await readLoginShellPath({ env: { SHELL: shell, PATH: 'C:\\bin' }, platform: 'win32' })).toBe('C:\\bin');
    expect(await readLoginShellPath({ env: { PATH: '/usr/bin' }, platform: 'linux' })).toBe('/usr/bin');
  });

  it('merges without duplicates, the first list first', () => {
    expect(mergePaths('/a:/b:/a', '/b:/c::')).toBe('/a:/b:/c');
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
