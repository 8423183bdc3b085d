import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { ChannelSocket, EXEC_PROTOCOLS } from './channelSocket';
import { ClusterClient } from './clusterClient';
import { KubeApiError } from './kubeApiError';
import type { ResolvedContext } from './resolvedContext';

/**
 * The channel socket against a real WebSocket server on 127.0.0.1 playing the API server:
 * subprotocol choice, channels both ways, refusals with a Status, the connect deadline and
 * the stream's signal.
 */
const servers: Server[] = [];
const sockets = new Set<Socket>();

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

function clientFor(server: Server, token = 'secret-token'): ClusterClient {
  const { port } = server.address() as AddressInfo;
  const context: ResolvedContext = {
    name: 'test',
    cluster: 'c',
    user: 'u',
    server: `http://127.0.0.1:${port}`,
    tls: {},
    auth: { token },
  };
  return new ClusterClient(context, { get: async () => ({}), invalidate: () => undefined });
}

async function listening(server: Server): Promise<Server> {
  servers.push(server);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** An API server that speaks only `protocols`, checks the token, and hands each socket to `onSocket`. */
async function apiServer(
  protocols: string[],
  onSocket: (socket: WebSocket, url: URL) => void,
): Promise<{ server: Server; seenAuth: string[] }> {
  const seenAuth: string[] = [];
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => protocols.find((p) => offered.has(p)) ?? false,
  });
  const server = createServer();
  server.on('upgrade', (request, socket, head) => {
    seenAuth.push(request.headers.authorization ?? '');
    if (request.url?.includes('/forbidden')) {
      const body = JSON.stringify({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'pods "x" is forbidden' });
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => onSocket(ws, new URL(request.url ?? '/', 'http://x')));
  });
  return { server: await listening(server), seenAuth };
}

describe('ChannelSocket', () => {
  it('takes v5 when offered, falls back to v4, and carries channels both ways', async () => {
    let query: URLSearchParams | undefined;
    const { server, seenAuth } = await apiServer(['v4.channel.k8s.io'], (ws, url) => {
      query = url.searchParams;
      ws.on('message', (data: Buffer) =>
        ws.send(Buffer.concat([Buffer.of(1), Buffer.from('echo:'), data.subarray(1)])),
      );
      ws.send(Buffer.concat([Buffer.of(3), Buffer.from('{"status":"Success"}')]));
    });
    const received: Array<[number, string]> = [];
    const socket = await ChannelSocket.open(clientFor(server), {
      path: '/api/v1/namespaces/a/pods/p/exec',
      query: [
        ['command', 'sh'],
        ['command', '-c'],
        ['stdin', 'true'],
      ],
      protocols: EXEC_PROTOCOLS,
      signal: new AbortController().signal,
      onData: (channel, data) => received.push([channel, data.toString()]),
    });
    expect(socket.protocol).toBe('v4.channel.k8s.io');
    expect(seenAuth).toEqual(['Bearer secret-token']);
    expect(query?.getAll('command')).toEqual(['sh', '-c']);
    await socket.send(0, 'hi');
    await expect
      .poll(() => received)
      .toEqual([
        [3, '{"status":"Success"}'],
        [1, 'echo:hi'],
      ]);
    socket.close();
    await socket.closed;
  });

  it('turns a refused upgrade into the server’s Status', async () => {
    const { server } = await apiServer(['v5.channel.k8s.io'], () => undefined);
    const opening = ChannelSocket.open(clientFor(server), {
      path: '/forbidden',
      query: [],
      protocols: EXEC_PROTOCOLS,
      signal: new AbortController().signal,
      onData: () => undefined,
    });
    await expect(opening).rejects.toBeInstanceOf(KubeApiError);
    await expect(opening).rejects.toMatchObject({ statusCode: 403, message: 'pods "x" is forbidden' });
  });

  it('gives up at the connect deadline when the server never answers the upgrade', async () => {
    // Accepts the TCP connection and says nothing: a frozen API server.
    const server = await listening(createServer());
    server.on('upgrade', () => undefined);
    const started = Date.now();
    await expect(
      ChannelSocket.open(clientFor(server), {
        path: '/x',
        query: [],
        protocols: EXEC_PROTOCOLS,
        signal: new AbortController().signal,
        onData: () => undefined,
        connectTimeoutMs: 300,
      }),
    ).rejects.toThrow(/no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('closes when the stream’s signal is aborted', async () => {
    let serverSide: WebSocket | undefined;
    const { server } = await apiServer(['v5.channel.k8s.io'], (ws) => (serverSide = ws));
    const abort = new AbortController();
    const socket = await ChannelSocket.open(clientFor(server), {
      path: '/x',
      query: [],
      protocols: EXEC_PROTOCOLS,
      signal: abort.signal,
      onData: () => undefined,
    });
    expect(socket.protocol).toBe('v5.channel.k8s.io');
    const serverClosed = new Promise<number>((resolve) => serverSide!.once('close', resolve));
    abort.abort(new Error('context closed'));
    await socket.closed;
    expect(await serverClosed).toBe(1000);
    expect(socket.isOpen).toBe(false);
  });
});
