import type { IncomingMessage } from 'node:http';
import WebSocket, { type RawData } from 'ws';
import { withDeadline } from '../../net/deadline';
import type { ClusterClient } from './clusterClient';
import { errorFromStatus, type KubeStatus } from './kubeApiError';

/**
 * Exec and attach: v5 adds a "close this channel" message (EOF on stdin), v4 is what older
 * API servers speak. Both carry stdin 0, stdout 1, stderr 2, status 3, resize 4.
 */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;
/**
 * Port-forward, proxied by the API server to the kubelet: per requested port a data channel
 * (2·i) and an error channel (2·i+1), each opening with the port as two little-endian bytes.
 */
export const PORT_FORWARD_PROTOCOLS = ['v4.channel.k8s.io'] as const;

export const EXEC_CHANNEL = { stdin: 0, stdout: 1, stderr: 2, status: 3, resize: 4 } as const;
/** v5 only: `[255, channel]` tells the other side that nothing more comes on that channel. */
const CLOSE_CHANNEL = 255;
/** Opening the socket (TLS, credentials, upgrade) answers at once on a healthy server. */
export const CONNECT_TIMEOUT_MS = 15_000;
const MAX_ERROR_BODY = 64 * 1024;

export interface ChannelSocketRequest {
  /** API path, e.g. `/api/v1/namespaces/team-a/pods/web/exec`. */
  path: string;
  /** Query parameters, repeated keys allowed (`command` once per argument). */
  query: ReadonlyArray<readonly [string, string]>;
  protocols: readonly string[];
  /** Closing it closes the socket (the stream's slot closed, the context went away). */
  signal: AbortSignal;
  onData: (channel: number, data: Buffer) => void;
  connectTimeoutMs?: number;
}

/**
 * One WebSocket to the API server speaking the Kubernetes channel protocols, for terminals
 * and port-forwards alike: TLS and credentials of the context's client, the subprotocol the
 * server picks among those offered, every binary message split into (channel, bytes). The
 * upgrade has a deadline; a refusal comes back as the server's Status (403, 404…) so callers
 * can say what went wrong.
 */
export class ChannelSocket {
  /** Resolves once the socket is closed, from either side. */
  readonly closed: Promise<void>;

  private constructor(
    private readonly socket: WebSocket,
    signal: AbortSignal,
  ) {
    this.closed = new Promise((resolve) => {
      const onAbort = (): void => this.close();
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('close', () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
      if (signal.aborted) onAbort();
    });
    // After the upgrade an error (reset, TLS) is followed by 'close'; nothing else to do.
    socket.on('error', () => undefined);
  }

  static async open(client: ClusterClient, request: ChannelSocketRequest): Promise<ChannelSocket> {
    const socket = await withDeadline(
      request.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
      async (signal) => {
        try {
          return await connect(client, request, signal);
        } catch (error) {
          if (!(error instanceof UpgradeRefused) || error.statusCode !== 401) throw error;
          // A fetched credential the server no longer takes: fetch a fresh one once.
          client.credentialRejected();
          return connect(client, request, signal);
        }
      },
      request.signal,
    ).catch((error: unknown) => {
      throw error instanceof UpgradeRefused ? error.apiError : error;
    });
    return new ChannelSocket(socket, request.signal);
  }

  /** The subprotocol the server chose. */
  get protocol(): string {
    return this.socket.protocol;
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Bytes handed to the socket and not yet written to the network. */
  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  /** Sends bytes on a channel; resolves once they are written (so a sender can go at the network's pace). */
  send(channel: number, data: Buffer | string): Promise<void> {
    const payload = Buffer.concat([Buffer.of(channel), typeof data === 'string' ? Buffer.from(data, 'utf8') : data]);
    return new Promise((resolve, reject) => {
      if (!this.isOpen) return reject(new Error('the connection to the API server is closed'));
      this.socket.send(payload, { binary: true }, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Stops reading from the server until `resume` (the local side is not taking what it gets). */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  /** Ends one direction of a channel (EOF on stdin) where the protocol can say so (v5). */
  closeChannel(channel: number): void {
    if (this.protocol.startsWith('v5.') && this.isOpen) {
      this.socket.send(Buffer.of(CLOSE_CHANNEL, channel), { binary: true });
    }
  }

  close(): void {
    if (this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN) {
      this.socket.close(1000);
      // A server that does not answer the close handshake is not waited for.
      const timer = setTimeout(() => this.socket.terminate(), 2000);
      timer.unref?.();
      this.socket.once('close', () => clearTimeout(timer));
    }
  }
}

/** The server answered the upgrade with an HTTP error instead of switching protocols. */
class UpgradeRefused extends Error {
  constructor(
    readonly statusCode: number,
    readonly apiError: Error,
  ) {
    super(apiError.message);
  }
}

async function connect(client: ClusterClient, request: ChannelSocketRequest, signal: AbortSignal): Promise<WebSocket> {
  const target = await client.upgradeTarget(request.path, signal);
  const url = target.url;
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  for (const [key, value] of request.query) url.searchParams.append(key, value);
  const socket = new WebSocket(url, [...request.protocols], {
    headers: target.headers,
    ...target.tls,
    perMessageDeflate: false,
  });
  // Listening from the start: the server may send right after switching protocols, before
  // whoever awaits the open runs again.
  socket.on('message', (raw: RawData) => {
    const data = toBuffer(raw);
    if (data.length > 0) request.onData(data[0]!, data.subarray(1));
  });
  return new Promise<WebSocket>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void =>
      settle(() => {
        socket.terminate();
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('open', () => settle(() => resolve(socket)));
    socket.once('unexpected-response', (req, response: IncomingMessage) => {
      // The body is the server's Status (403 Forbidden, 404 pod not found): read it, then drop the request.
      void refusal(response).then((error) =>
        settle(() => {
          req.destroy();
          reject(error);
        }),
      );
    });
    socket.on('error', (error) => settle(() => reject(error)));
  });
}

async function refusal(response: IncomingMessage): Promise<UpgradeRefused> {
  const status = response.statusCode ?? 0;
  const chunks: Buffer[] = [];
  let length = 0;
  await new Promise<void>((resolve) => {
    response.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length <= MAX_ERROR_BODY) chunks.push(chunk);
    });
    response.once('end', resolve);
    response.once('error', () => resolve());
    response.once('close', resolve);
  });
  const body = Buffer.concat(chunks).toString('utf8');
  let parsed: KubeStatus;
  try {
    parsed = JSON.parse(body) as KubeStatus;
  } catch {
    parsed = { message: body.slice(0, 500) || `HTTP ${status}` };
  }
  return new UpgradeRefused(status, errorFromStatus(parsed, status));
}

function toBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.from(raw);
}
