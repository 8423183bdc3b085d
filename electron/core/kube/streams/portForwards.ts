import net from 'node:net';
import { BerthFailure } from '../../../../shared/errors';
import type { KubeObject } from '../../../../shared/kube/object';
import type { PortForwardRow, PortForwardTarget } from '../../../../shared/kube/portForward';
import { LiveCollection } from '../../streams/liveCollection';
import { ChannelSocket, PORT_FORWARD_PROTOCOLS } from '../connection/channelSocket';
import { KubeApiError } from '../connection/kubeApiError';
import type { ClusterRuntime } from '../clusterRuntime';
import type { ContextStream } from './contextStreams';

/** Forwards listen on loopback only: nothing on the network can reach a pod through Berth. */
export const FORWARD_HOST = '127.0.0.1';
/** Row counters (bytes) change often: the list is refreshed at most this often. */
const ROWS_FLUSH_MS = 250;

export interface PortForwardRequest {
  namespace: string;
  target: PortForwardTarget;
  /** A number, or the name of a port the pod (or the Service) declares. */
  remotePort: number | string;
  /** 0: a free port. */
  localPort: number;
}

interface Forward {
  row: PortForwardRow;
  runtime: ClusterRuntime;
  stream: ContextStream;
  server: net.Server;
  connections: Set<net.Socket>;
  /** Releases what the forward holds (the pods watch, the context). */
  release: () => void;
}

interface PodSpecPort {
  name?: string;
  containerPort: number;
}
type PodObject = KubeObject & {
  metadata: { uid?: string; deletionTimestamp?: string };
  spec?: { containers?: Array<{ ports?: PodSpecPort[] }> };
  status?: { phase?: string; conditions?: Array<{ type: string; status: string }> };
};
type ServiceObject = KubeObject & {
  spec?: {
    selector?: Record<string, string>;
    ports?: Array<{ name?: string; port: number; targetPort?: number | string }>;
  };
};

/**
 * Every port-forward of the backend, whatever view started it: a local listener on
 * 127.0.0.1 whose every TCP connection gets its own port-forward WebSocket to the pod (the
 * API server's WebSocket protocol carries one connection's stream pair per socket). A
 * forward belongs to the backend, not to a subscriber, so it outlives a reloaded renderer;
 * it ends when stopped, when its pod is deleted, when its context stops being the current
 * one or is closed, and when the app quits. Ended forwards stay listed with the reason
 * until the user dismisses them.
 */
export class PortForwards {
  readonly rows = new LiveCollection<PortForwardRow>(ROWS_FLUSH_MS);
  private readonly forwards = new Map<string, Forward>();

  /** Starts a forward; `release` is called once it ends (to give back the context it holds). */
  async start(runtime: ClusterRuntime, request: PortForwardRequest, release: () => void): Promise<PortForwardRow> {
    let stream: ContextStream;
    try {
      stream = runtime.streams.reserve('forward', undefined);
    } catch (error) {
      release();
      throw error;
    }
    const releases: Array<() => void> = [release];
    const releaseAll = (): void => {
      for (const fn of releases.splice(0)) fn();
    };
    try {
      const { pod, remotePort } = await resolveTarget(runtime, request, stream.signal);
      const server = await listen(request.localPort);
      const address = server.address() as net.AddressInfo;
      const row: PortForwardRow = {
        id: stream.id,
        context: runtime.name,
        namespace: request.namespace,
        target: request.target,
        pod: pod.metadata.name,
        remotePort,
        localAddress: FORWARD_HOST,
        localPort: address.port,
        connections: 0,
        totalConnections: 0,
        bytesIn: 0,
        bytesOut: 0,
        state: 'active',
        startedAt: Date.now(),
      };
      const forward: Forward = { row, runtime, stream, server, connections: new Set(), release: releaseAll };
      this.forwards.set(row.id, forward);
      this.rows.upsert({ ...row });
      server.on('connection', (socket) => this.connect(forward, socket));
      stream.signal.addEventListener('abort', () => this.end(forward, stream.reason ?? 'stopped'), { once: true });
      const uid = pod.metadata.uid;
      if (uid) {
        // The pod going away ends the forward: nothing behind it will answer any more. A context
        // that may not watch pods still forwards; it just cannot tell.
        const pods = await runtime.acquire('pods').catch(() => undefined);
        if (pods) {
          releases.push(pods.release);
          releases.push(
            pods.cache.rows.subscribe(
              (event) => {
                if (event.type === 'delta' && event.deletes.includes(uid)) stream.close('ended: pod deleted');
              },
              (podRow) => podRow.id === uid,
            ),
          );
        }
        if (stream.signal.aborted) releaseAll();
      }
      return { ...forward.row };
    } catch (error) {
      stream.close();
      releaseAll();
      throw error;
    }
  }

  /** Where the running forwards listen (their links may be opened). */
  activeLocalPorts(): Set<number> {
    return new Set([...this.forwards.values()].map((forward) => forward.row.localPort));
  }

  /** Stops an active forward; removes an ended one from the list. */
  stop(id: string): void {
    const forward = this.forwards.get(id);
    if (forward && forward.row.state === 'active') forward.stream.close('stopped');
    else if (this.rows.get(id)) this.rows.delete(id);
    else throw new BerthFailure({ code: 'not_found', message: 'This port-forward is no longer listed.' });
  }

  /** The current context changed: forwards of every other context end. */
  currentChanged(current: string | null): void {
    for (const forward of [...this.forwards.values()]) {
      if (forward.row.context !== current) forward.stream.close('ended: context switched');
    }
  }

  dispose(): void {
    for (const forward of [...this.forwards.values()]) forward.stream.close('ended: Berth quit');
  }

  private connect(forward: Forward, tcp: net.Socket): void {
    const { row, runtime, stream } = forward;
    forward.connections.add(tcp);
    row.connections += 1;
    row.totalConnections += 1;
    this.publish(forward);
    tcp.pause();
    const abort = new AbortController();
    const onEnd = (): void => abort.abort();
    stream.signal.addEventListener('abort', onEnd, { once: true });
    // Each channel's first message starts with the port (two bytes) before any payload.
    const seen = new Set<number>();
    let errorText = '';
    let socket: ChannelSocket | undefined;
    const done = (): void => {
      stream.signal.removeEventListener('abort', onEnd);
      if (!forward.connections.delete(tcp)) return;
      row.connections -= 1;
      if (errorText) row.message = errorText.trim();
      this.publish(forward);
      tcp.destroy();
      socket?.close();
    };
    tcp.once('close', done);
    tcp.on('error', () => undefined);
    ChannelSocket.open(runtime.client, {
      path: `/api/v1/namespaces/${encodeURIComponent(row.namespace)}/pods/${encodeURIComponent(row.pod)}/portforward`,
      query: [['ports', String(row.remotePort)]],
      protocols: PORT_FORWARD_PROTOCOLS,
      signal: abort.signal,
      onData: (channel, data) => {
        let payload = data;
        if (!seen.has(channel)) {
          seen.add(channel);
          payload = data.subarray(2);
        }
        if (payload.length === 0) return;
        if (channel === 0) {
          row.bytesIn += payload.length;
          this.publish(forward);
          // A local client slower than the pod: stop reading the socket until it catches up.
          if (!tcp.write(payload) && socket) {
            const paused = socket;
            paused.pause();
            tcp.once('drain', () => paused.resume());
          }
        } else if (channel === 1) errorText += payload.toString('utf8');
      },
    }).then(
      (opened) => {
        socket = opened;
        void opened.closed.then(() => {
          if (errorText) row.message = errorText.trim();
          tcp.end();
        });
        tcp.on('data', (chunk: Buffer) => {
          row.bytesOut += chunk.length;
          this.publish(forward);
          // One chunk at a time: the pod's side sets the pace.
          tcp.pause();
          opened.send(0, chunk).then(
            () => tcp.resume(),
            () => tcp.destroy(),
          );
        });
        tcp.once('end', () => opened.close());
        tcp.resume();
      },
      (error: unknown) => {
        row.message = describeConnectFailure(runtime, error, row);
        done();
      },
    );
  }

  private end(forward: Forward, reason: string): void {
    if (forward.row.state === 'ended') return;
    forward.row.state = 'ended';
    forward.row.message = reason;
    forward.server.close();
    for (const tcp of forward.connections) tcp.destroy();
    forward.connections.clear();
    forward.row.connections = 0;
    this.forwards.delete(forward.row.id);
    this.rows.upsert({ ...forward.row });
    forward.release();
  }

  private publish(forward: Forward): void {
    if (forward.row.state === 'active') this.rows.upsert({ ...forward.row });
  }
}

/** A local port free right now: `preferred` when it is, else one the system picks. */
export async function freeLocalPort(preferred?: number): Promise<number> {
  for (const candidate of preferred ? [preferred, 0] : [0]) {
    try {
      const server = await listen(candidate);
      const { port } = server.address() as net.AddressInfo;
      await new Promise((resolve) => server.close(resolve));
      return port;
    } catch {
      // taken (or privileged): let the system pick
    }
  }
  throw new BerthFailure({ code: 'unavailable', message: 'No free local port was found on 127.0.0.1.' });
}

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new BerthFailure({
            code: 'conflict',
            message: `Port ${port} on ${FORWARD_HOST} is already in use. Choose another local port.`,
          }),
        );
      } else if (error.code === 'EACCES') {
        reject(
          new BerthFailure({
            code: 'permission_denied',
            message: `Berth may not listen on port ${port}: ports below 1024 need privileges. Choose a port above 1024.`,
          }),
        );
      } else reject(error);
    });
    server.listen({ host: FORWARD_HOST, port }, () => resolve(server));
  });
}

/** The pod and its port number: the pod itself, or a ready pod selected by the Service (targetPort mapped). */
export async function resolveTarget(
  runtime: ClusterRuntime,
  request: Pick<PortForwardRequest, 'namespace' | 'target' | 'remotePort'>,
  signal: AbortSignal,
): Promise<{ pod: PodObject; remotePort: number }> {
  const ns = encodeURIComponent(request.namespace);
  const what = `${request.target.kind === 'pod' ? 'pod' : 'Service'} ${request.namespace}/${request.target.name}`;
  try {
    if (request.target.kind === 'pod') {
      const pod = await runtime.client.json<PodObject>({
        path: `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(request.target.name)}`,
        signal,
      });
      return { pod, remotePort: podPort(pod, request.remotePort, what) };
    }
    const service = await runtime.client.json<ServiceObject>({
      path: `/api/v1/namespaces/${ns}/services/${encodeURIComponent(request.target.name)}`,
      signal,
    });
    const servicePort = (service.spec?.ports ?? []).find((p) =>
      typeof request.remotePort === 'number' ? p.port === request.remotePort : p.name === request.remotePort,
    );
    if (!servicePort) {
      const declared = (service.spec?.ports ?? []).map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port)));
      throw new BerthFailure({
        code: 'invalid_input',
        message: `${what} has no port ${request.remotePort}${declared.length ? `; it declares ${declared.join(', ')}` : ''}.`,
      });
    }
    const selector = service.spec?.selector ?? {};
    if (Object.keys(selector).length === 0) {
      throw new BerthFailure({
        code: 'invalid_input',
        message: `${what} has no selector, so no pod to forward to. Forward to a pod instead.`,
      });
    }
    const pods = await runtime.client.json<{ items: PodObject[] }>({
      path: `/api/v1/namespaces/${ns}/pods`,
      query: {
        labelSelector: Object.entries(selector)
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
      },
      signal,
    });
    const ready = pods.items
      .filter((pod) => isReady(pod))
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const pod = ready[0];
    if (!pod) throw new BerthFailure({ code: 'unavailable', message: `${what} has no ready pod behind it right now.` });
    const targetPort = servicePort.targetPort ?? servicePort.port;
    return { pod, remotePort: podPort(pod, targetPort, `pod ${request.namespace}/${pod.metadata.name}`) };
  } catch (error) {
    if (error instanceof KubeApiError && error.statusCode === 404) {
      throw new BerthFailure({ code: 'not_found', message: `${what} no longer exists in “${runtime.name}”.` });
    }
    if (error instanceof KubeApiError && error.statusCode === 403) {
      throw new BerthFailure({
        code: 'permission_denied',
        message: `You are not allowed to read ${what} in “${runtime.name}”.`,
        detail: error.message,
      });
    }
    throw runtime.failure(error, what);
  }
}

function podPort(pod: PodObject, port: number | string, what: string): number {
  if (typeof port === 'number') return port;
  const declared = (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
  const found = declared.find((p) => p.name === port);
  if (found) return found.containerPort;
  throw new BerthFailure({
    code: 'invalid_input',
    message: `${what} declares no port named “${port}”${
      declared.length
        ? `; its ports: ${declared.map((p) => (p.name ? `${p.containerPort} (${p.name})` : p.containerPort)).join(', ')}`
        : ''
    }.`,
  });
}

function isReady(pod: PodObject): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function describeConnectFailure(runtime: ClusterRuntime, error: unknown, row: PortForwardRow): string {
  if (error instanceof KubeApiError && error.statusCode === 403) {
    return `Not allowed to port-forward to pod ${row.namespace}/${row.pod} in “${runtime.name}”.`;
  }
  if (error instanceof KubeApiError && error.statusCode === 404) {
    return `The pod ${row.namespace}/${row.pod} no longer exists.`;
  }
  return `A connection failed: ${runtime.failure(error, `pod ${row.namespace}/${row.pod}`).message}`;
}
