import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../shared/kube/object';

/**
 * A stand-in API server on 127.0.0.1 that serves recorded pods (10,000 of them without a scale
 * cluster): `/version`, the pod list in pages (`limit`/`continue`) exactly as the real one
 * writes it, and watches that stay open and quiet. Everything else is 404, as for a kind the
 * server does not serve. Plain HTTP with a token: what the backend's client does with the
 * bytes is what is measured, not TLS.
 */
export interface RecordedApiServer {
  /** A kubeconfig (in `dir`) whose context `replay` points here. */
  kubeconfig: string;
  context: string;
  close(): Promise<void>;
}

const RESOURCE_VERSION = '5000000';

export async function startRecordedApiServer(pods: KubeObject[], dir: string): Promise<RecordedApiServer> {
  const items = pods.map((pod) => JSON.stringify({ kind: 'Pod', apiVersion: 'v1', ...pod }));
  const watches = new Set<ServerResponse>();
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://replay');
    const json = (status: number, body: string) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(body);
    };
    if (url.pathname === '/version') return json(200, '{"major":"1","minor":"34","gitVersion":"v1.34.0-replay"}');
    if (url.pathname !== '/api/v1/pods') {
      return json(404, '{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}');
    }
    if (url.searchParams.get('watch')) {
      response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      response.flushHeaders();
      watches.add(response);
      response.on('close', () => watches.delete(response));
      return;
    }
    const limit = Number(url.searchParams.get('limit') ?? items.length) || items.length;
    const from = Number(url.searchParams.get('continue') ?? 0);
    const to = Math.min(items.length, from + limit);
    const next = to < items.length ? String(to) : '';
    json(
      200,
      `{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"${RESOURCE_VERSION}"${next ? `,"continue":"${next}"` : ''}},"items":[${items.slice(from, to).join(',')}]}`,
    );
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: replay',
      'clusters:',
      '- name: replay',
      `  cluster: { server: "http://127.0.0.1:${port}" }`,
      'users:',
      '- name: replay',
      '  user: { token: replay }',
      'contexts:',
      '- name: replay',
      '  context: { cluster: replay, user: replay }',
      '',
    ].join('\n'),
  );
  return {
    kubeconfig,
    context: 'replay',
    close: async () => {
      for (const watch of watches) watch.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
