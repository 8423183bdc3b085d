import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX, type ClientFrame, type ServerFrame } from '../../shared/bridge';
import type { KubeRow } from '../../shared/kube/types';
import { kubectl } from '../../e2e/cluster/clusterTestKit';
import { kubeBackend } from '../../e2e/cluster/kubeBackend';
import { clusterSkipReason, TEST_KUBECONFIG } from '../../e2e/cluster/testKubeconfig';
import type { Backend } from '../core/backend';
import { startWebServer, WS_PATH, type WebServer } from './webServer';

const skip = clusterSkipReason();
const TOKEN = 'wire-test-token-0123456789';

/** Every secret the backend holds that must never reach a renderer unasked: credentials and Secret values. */
function secretsToLookFor(): string[] {
  const values = new Set<string>();
  const kubeconfig = readFileSync(TEST_KUBECONFIG, 'utf8');
  for (const match of kubeconfig.matchAll(/(client-key-data|client-certificate-data|token):\s*(\S+)/g)) {
    const value = match[2]!;
    values.add(value);
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    // A line from inside the PEM body, in case it were sent decoded.
    for (const line of decoded.split('\n')) if (line.length > 40 && !line.startsWith('-----')) values.add(line);
  }
  const secrets = JSON.parse(kubectl('get', 'secrets', '-A', '-o', 'json')) as {
    items: Array<{ data?: Record<string, string> }>;
  };
  for (const secret of secrets.items) {
    for (const value of Object.values(secret.data ?? {})) {
      if (value.length < 8) continue;
      values.add(value);
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      if (decoded.length >= 8) values.add(decoded);
    }
  }
  return [...values];
}

describe.skipIf(skip !== null)(
  `no credential and no Secret value crosses the transport unless revealed${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let backend: Backend;
    let server: WebServer;
    let ws: WebSocket;
    const frames: string[] = [];
    let nextId = 1;
    const pending = new Map<number, (frame: ServerFrame) => void>();
    const send = (frame: ClientFrame): void => ws.send(JSON.stringify(frame));
    const invoke = (method: string, input: unknown): Promise<ServerFrame> =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        send({ t: 'invoke', id, method, input });
      });
    const subscribe = (topic: string, params: unknown): number => {
      const id = nextId++;
      send({ t: 'sub', id, topic, params });
      return id;
    };

    beforeAll(async () => {
      const staticDir = mkdtempSync(join(tmpdir(), 'berth-static-'));
      writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Berth</title>');
      backend = kubeBackend();
      server = await startWebServer({ router: backend.router, staticDir, token: TOKEN });
      ws = new WebSocket(
        `ws://127.0.0.1:${server.port}${WS_PATH}`,
        [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${TOKEN}`],
        {
          headers: { Origin: server.url.replace(/\/$/, '') },
        },
      );
      ws.on('message', (data: Buffer) => {
        const text = data.toString('utf8');
        frames.push(text);
        const frame = JSON.parse(text) as ServerFrame;
        if (frame.t === 'result') pending.get(frame.id)?.(frame);
      });
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
    });

    afterAll(async () => {
      ws?.close();
      await server?.close();
      await backend?.dispose();
    });

    it('sends rows, statuses and details of every kind without a token, a client key or a Secret value', async () => {
      for (const topic of ['app.state', 'app.connections']) subscribe(topic, {});
      for (const context of ['berth-a', 'berth-a-readonly', 'berth-unreachable']) {
        for (const kind of ['secrets', 'configmaps', 'pods', 'events', 'serviceaccounts']) {
          subscribe('kube.resources', { context, kind });
          subscribe('kube.kind.status', { context, kind });
        }
      }
      // Wait for the secrets of berth-a to be listed, then open each one without revealing it.
      let secretRows: KubeRow[] = [];
      for (let i = 0; i < 100 && secretRows.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 200));
        secretRows = frames
          .map((f) => JSON.parse(f) as ServerFrame)
          .flatMap((f) => (f.t === 'event' ? [f.payload] : []))
          .flatMap((p) => {
            const event = p as { type?: string; rows?: KubeRow[]; upserts?: KubeRow[] };
            return event.type === 'snapshot' ? (event.rows ?? []) : event.type === 'delta' ? (event.upserts ?? []) : [];
          })
          .filter((row) => row.kind === 'Secret');
      }
      expect(secretRows.length).toBeGreaterThan(0);
      for (const row of secretRows) {
        const result = await invoke('kube.object.get', {
          context: 'berth-a',
          kind: 'secrets',
          namespace: row.namespace,
          name: row.name,
        });
        expect(result.t === 'result' && result.result.ok).toBe(true);
      }
      await new Promise((r) => setTimeout(r, 500));

      const wire = frames.join('\n');
      const leaks = secretsToLookFor().filter((secret) => wire.includes(secret));
      expect(leaks.map((l) => `${l.slice(0, 12)}… (${l.length} chars)`)).toEqual([]);

      // Revealing is the one way a value crosses, and only the one asked for.
      const revealed = await invoke('kube.object.get', {
        context: 'berth-a',
        kind: 'secrets',
        namespace: 'team-a',
        name: 'api-credentials',
        reveal: true,
      });
      expect(revealed.t === 'result' && revealed.result.ok).toBe(true);
    });
  },
);
