import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { serveCommand, startWebMode } from './support/webMode';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

test('npm run serve prints one line with the loopback URL and a random token', async () => {
  const first = await startWebMode();
  const second = await startWebMode();
  try {
    expect(first.loginUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    expect(first.token).not.toBe(second.token);
    expect(first.output().trim().split('\n')).toEqual([`Berth web mode: ${first.loginUrl}`]);
  } finally {
    await Promise.all([first.stop(), second.stop()]);
  }
});

test('stopped the moment it prints its URL, web mode still shuts down cleanly', async () => {
  // A supervisor (or a script) that waits for the line and stops it at once; a few times,
  // since the window it must not have is short.
  for (let i = 0; i < 5; i++) {
    const server = await startWebMode();
    expect(await server.stop(), server.output()).toEqual({ code: 0, signal: null });
  }
});

test('--port and --token are honoured', async ({ request }) => {
  const port = await freePort();
  const server = await startWebMode({ args: ['--port', String(port), '--token', 'my-own-token-123'] });
  try {
    expect(server.loginUrl).toBe(`http://127.0.0.1:${port}/?token=my-own-token-123`);
    // The page itself holds no secret; the API socket takes only this token.
    const page = await request.get(`http://127.0.0.1:${port}/`, { maxRedirects: 0 });
    expect(page.status()).toBe(200);
    expect(page.headers()['set-cookie']).toBeUndefined();
    const api = (token: string) =>
      request.get(`http://127.0.0.1:${port}/api/ws`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await api('my-own-token-123')).status()).toBe(426);
    expect((await api('someone-elses-token')).status()).toBe(401);
  } finally {
    await server.stop();
  }
});

test('the token can come from BERTH_TOKEN or --token-file, off the command line', async ({ request }) => {
  const fromEnv = await startWebMode({ env: { BERTH_TOKEN: 'token-from-the-env' } });
  const file = join(mkdtempSync(join(tmpdir(), 'berth-token-')), 'token');
  writeFileSync(file, 'token-from-a-file\n', { mode: 0o600 });
  const fromFile = await startWebMode({ args: ['--token-file', file] });
  try {
    expect(fromEnv.token).toBe('token-from-the-env');
    expect(fromFile.token).toBe('token-from-a-file');
    for (const server of [fromEnv, fromFile]) {
      const status = (
        await request.get(`${server.baseUrl}api/ws`, { headers: { Authorization: `Bearer ${server.token}` } })
      ).status();
      expect(status).toBe(426);
    }
  } finally {
    await Promise.all([fromEnv.stop(), fromFile.stop()]);
  }
});

test('binding beyond loopback prints a warning', async () => {
  const server = await startWebMode({ args: ['--host', '0.0.0.0'] });
  try {
    expect(server.output()).toMatch(/WARNING: binding to 0\.0\.0\.0, not loopback/);
  } finally {
    await server.stop();
  }
});

test('bad options fail with a clear message', () => {
  const serve = serveCommand();
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [...serve.nodeArgs, serve.entry, ...args], { encoding: 'utf8', timeout: 10_000 });
  const shortToken = run('--token', 'abc');
  expect(shortToken.status).toBe(1);
  expect(shortToken.stderr).toContain('--token must be 8 to 512 characters');
  const missingFile = run('--token-file', '/nonexistent/token');
  expect(missingFile.status).toBe(1);
  expect(missingFile.stderr).toContain('Could not read --token-file /nonexistent/token');
  const badPort = run('--port', 'http');
  expect(badPort.status).toBe(1);
  expect(badPort.stderr).toContain('--port must be 0..65535');
  const noBuild = run('--static-dir', '/nonexistent');
  expect(noBuild.status).toBe(1);
  expect(noBuild.stderr).toContain('Run `npm run build` first');
});
