import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerFrame } from '../../shared/bridge';
import { Backend } from '../core/backend';
import { startWebServer, WS_PATH, type WebServer } from './webServer';

let server: WebServer;
let backend: Backend;
const TOKEN = 'test-token-0123456789';

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opened. */
function upgrade(query: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}${query}`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

beforeAll(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'berth-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Berth</title>');
  backend = new Backend({ mode: 'web', version: 'test', env: { KUBECONFIG: '/nonexistent' } });
  server = await startWebServer({ router: backend.router, staticDir, token: TOKEN });
});

afterAll(async () => {
  await server.close();
  await backend.dispose();
});

describe('web mode server', () => {
  it('binds to loopback by default and prints a URL with the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.loginUrl).toBe(`${server.url}?token=${TOKEN}`);
  });

  it('refuses requests without the token with 401', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/index.html')).status).toBe(401);
    expect((await get('/?token=wrong-token-0123456789')).status).toBe(401);
    expect((await get('/', { Authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('trades the token in the URL for an HttpOnly cookie, then serves with a strict CSP', async () => {
    const login = await get(`/?token=${TOKEN}`);
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe('/');
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await get('/', { Cookie: cookie.split(';')[0]! });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Berth</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-eval/);
  });

  it('refuses a Host header that is not ours (DNS rebinding)', async () => {
    expect((await get(`/?token=${TOKEN}`, { Host: `evil.example:${server.port}` })).status).toBe(421);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await get('/..%2f..%2f..%2fetc%2fpasswd', { Authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('root:');
  });

  it('refuses WebSocket upgrades without the token or from a foreign Origin', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    expect(await upgrade('', { Origin: origin })).toBe(401);
    expect(await upgrade(`?token=${TOKEN}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade(`?token=${TOKEN}`, { Origin: `http://localhost.evil.example:${server.port}` })).toBe(403);
    expect(await upgrade(`?token=${TOKEN}`, { Origin: 'null' })).toBe(403);
    expect(await upgrade(`?token=${TOKEN}`, { Origin: origin })).toBe(101);
  });

  it('answers API calls over the WebSocket, with typed errors for bad input', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}?token=${TOKEN}`);
    await new Promise((resolve) => ws.once('open', resolve));
    const frames: ServerFrame[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as ServerFrame));
    ws.send(JSON.stringify({ t: 'invoke', id: 1, method: 'app.info', input: {} }));
    ws.send(JSON.stringify({ t: 'invoke', id: 2, method: 'kube.context.select', input: { name: 7 } }));
    ws.send(JSON.stringify({ t: 'sub', id: 3, topic: 'app.state', params: {} }));
    await expect.poll(() => frames.length).toBeGreaterThanOrEqual(3);
    expect(frames.find((f) => f.t === 'result' && f.id === 1)).toMatchObject({
      result: { ok: true, value: { name: 'Berth', mode: 'web' } },
    });
    expect(frames.find((f) => f.t === 'result' && f.id === 2)).toMatchObject({
      result: { ok: false, error: { code: 'invalid_input' } },
    });
    expect(frames.find((f) => f.t === 'event' && f.id === 3)).toMatchObject({ payload: { kube: { contexts: [] } } });
    ws.close();
  });

  it('closes the socket on a malformed frame instead of crashing', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}?token=${TOKEN}`);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{not json');
    expect(await closed).toBe(1003);
    expect((await get('/', { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });
});
