import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerFrame } from '../../shared/bridge';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../../shared/bridge';
import { Backend } from '../core/backend';
import { Router } from '../core/router';
import { startWebServer, MAX_MESSAGE_BYTES, WS_PATH, type WebServer } from './webServer';
import { MAX_BUFFERED_BYTES, MAX_CALLS_IN_FLIGHT } from './wsConnection';
import type { KubeRow } from '../../shared/kube/types';

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

/** The subprotocols a browser page offers: ours, and the token. */
const protocols = (token: string): string[] => [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${token}`];

/** A client as the page is one: the token in the handshake. */
async function openClient(port = server.port): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${WS_PATH}`, protocols(TOKEN));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opened. */
function upgrade(
  query: string,
  headers: Record<string, string>,
  offered: string[] = [],
  path: string = WS_PATH,
): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}${query}`, offered, { headers });
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

  it('serves the page without any secret and sets no cookie, with a strict CSP', async () => {
    for (const path of ['/', `/?token=${TOKEN}`, '/index.html']) {
      const page = await get(path);
      expect(page.status).toBe(200);
      expect(page.headers['set-cookie']).toBeUndefined();
      expect(page.body).toContain('<title>Berth</title>');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-eval/);
    }
  });

  it('answers 400 to request targets that are not a path, and keeps serving', async () => {
    for (const path of ['//[', '//evil.example/', '/%E0%A4%A', '/%', 'http://evil.example/', '*']) {
      expect((await get(path)).status, path).toBe(400);
    }
    expect(await upgrade('', {}, protocols(TOKEN), '//[')).toBe(400);
    expect((await get('/')).status).toBe(200);
  });

  it('says whether a token is still accepted, for a page whose socket will not open', async () => {
    expect((await get(WS_PATH, { Authorization: `Bearer ${TOKEN}` })).status).toBe(426);
    expect((await get(WS_PATH, { Authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    expect((await get(WS_PATH)).status).toBe(401);
  });

  it('refuses a Host header that is not ours (DNS rebinding)', async () => {
    expect((await get('/', { Host: `evil.example:${server.port}` })).status).toBe(421);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await get('/..%2f..%2f..%2fetc%2fpasswd');
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('root:');
  });

  it('refuses WebSocket upgrades without the token or from a foreign Origin', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    expect(await upgrade('', { Origin: origin })).toBe(401);
    expect(await upgrade('', { Origin: origin }, [WS_PROTOCOL])).toBe(401);
    expect(await upgrade('', { Origin: origin }, protocols('wrong-token-0123456789'))).toBe(401);
    // The URL and cookies no longer carry the secret: neither is accepted.
    expect(await upgrade(`?token=${TOKEN}`, { Origin: origin })).toBe(401);
    expect(await upgrade('', { Origin: origin, Cookie: `berth_token_${server.port}=${TOKEN}` })).toBe(401);
    expect(await upgrade('', { Origin: 'http://evil.example' }, protocols(TOKEN))).toBe(403);
    expect(await upgrade('', { Origin: `http://localhost.evil.example:${server.port}` }, protocols(TOKEN))).toBe(403);
    expect(await upgrade('', { Origin: 'null' }, protocols(TOKEN))).toBe(403);
    expect(await upgrade('', { Origin: origin }, protocols(TOKEN))).toBe(101);
    expect(await upgrade('', { Origin: origin, Authorization: `Bearer ${TOKEN}` })).toBe(101);
  });

  it('answers the handshake with the plain subprotocol, never the token', async () => {
    const ws = await openClient();
    expect(ws.protocol).toBe(WS_PROTOCOL);
    ws.close();
  });

  it('answers API calls over the WebSocket, with typed errors for bad input', async () => {
    const ws = await openClient();
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
    const ws = await openClient();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{not json');
    expect(await closed).toBe(1003);
    expect((await get('/')).status).toBe(200);
  });

  it('closes only that socket on a frame over the size limit or with invalid UTF-8', async () => {
    const cases: Array<[Buffer | string, number]> = [
      ['x'.repeat(MAX_MESSAGE_BYTES + 1), 1009],
      [Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 1007],
    ];
    for (const [payload, code] of cases) {
      const ws = await openClient();
      ws.on('error', () => {}); // the server's close is expected
      const closed = new Promise<number>((resolve) => ws.once('close', (c) => resolve(c)));
      ws.send(payload, { binary: false });
      expect(await closed).toBe(code);
    }
    const ws = await openClient();
    const answer = new Promise<ServerFrame>((resolve) =>
      ws.once('message', (data) => resolve(JSON.parse(data.toString()) as ServerFrame)),
    );
    ws.send(JSON.stringify({ t: 'invoke', id: 1, method: 'app.info', input: {} }));
    expect(await answer).toMatchObject({ t: 'result', id: 1, result: { ok: true } });
    ws.close();
  });
});

describe('web mode limits per connection', () => {
  it(`answers calls beyond ${MAX_CALLS_IN_FLIGHT} in flight with a clear error, then serves again`, async () => {
    const router = new Router();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    router.method('app.info', async () => {
      await gate;
      return { name: 'Berth', version: 'test', mode: 'web' as const, platform: 'linux' };
    });
    const staticDir = mkdtempSync(join(tmpdir(), 'berth-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Berth</title>');
    const limited = await startWebServer({ router, staticDir, token: TOKEN });
    try {
      const ws = await openClient(limited.port);
      const results = new Map<number, ServerFrame>();
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as ServerFrame;
        results.set(frame.id, frame);
      });
      const extra = 10;
      for (let id = 1; id <= MAX_CALLS_IN_FLIGHT + extra; id++) {
        ws.send(JSON.stringify({ t: 'invoke', id, method: 'app.info', input: {} }));
      }
      await expect.poll(() => results.size).toBe(extra);
      for (let id = MAX_CALLS_IN_FLIGHT + 1; id <= MAX_CALLS_IN_FLIGHT + extra; id++) {
        expect(results.get(id)).toMatchObject({
          result: { ok: false, error: { code: 'unavailable', message: expect.stringContaining('Too many calls') } },
        });
      }
      release();
      await expect.poll(() => results.size).toBe(MAX_CALLS_IN_FLIGHT + extra);
      expect(results.get(1)).toMatchObject({ result: { ok: true } });
      ws.send(JSON.stringify({ t: 'invoke', id: 1000, method: 'app.info', input: {} }));
      await expect.poll(() => results.get(1000)).toMatchObject({ result: { ok: true } });
      ws.close();
    } finally {
      await limited.close();
    }
  });

  it('delivers a snapshot bigger than the backlog bound (a tab reloading on 10,000 pods) instead of cutting the client off', async () => {
    const router = new Router();
    // About 12 MB of rows in one snapshot, then one change.
    const rows: KubeRow[] = Array.from({ length: 12_000 }, (_, i) => ({
      id: `uid-${i}`,
      kind: 'Pod',
      name: `pod-${i}`,
      namespace: 'scale',
      createdAt: 0,
      resourceVersion: String(i),
      cells: { status: 'Running', node: 'n'.repeat(900) },
      health: { level: 'ok' },
    }));
    router.topic('kube.resources', (_params, sink) => {
      sink.emit({ type: 'snapshot', seq: 1, rows });
      const later = setTimeout(() => sink.emit({ type: 'delta', seq: 2, upserts: [rows[0]!], deletes: [] }), 50);
      return () => clearTimeout(later);
    });
    const staticDir = mkdtempSync(join(tmpdir(), 'berth-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Berth</title>');
    const big = await startWebServer({ router, staticDir, token: TOKEN });
    try {
      const ws = await openClient(big.port);
      const received: Array<{ bytes: number; frame: ServerFrame }> = [];
      let closed = false;
      ws.on('close', () => (closed = true));
      ws.on('message', (data: Buffer) => received.push({ bytes: data.length, frame: JSON.parse(data.toString()) }));
      ws.send(JSON.stringify({ t: 'sub', id: 1, topic: 'kube.resources', params: { context: 'big', kind: 'pods' } }));
      await expect.poll(() => received.length, { timeout: 20_000 }).toBe(2);
      expect(received[0]!.bytes).toBeGreaterThan(MAX_BUFFERED_BYTES);
      expect(received.map((r) => r.frame.t === 'event' && (r.frame.payload as { type: string }).type)).toEqual([
        'snapshot',
        'delta',
      ]);
      expect(closed).toBe(false);
      ws.close();
    } finally {
      await big.close();
    }
  });
});
