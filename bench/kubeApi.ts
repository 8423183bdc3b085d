import http2 from 'node:http2';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ClusterClient } from '../electron/core/kube/connection/clusterClient';
import { staticCredentials } from '../electron/core/kube/connection/contextResolver';
import { loadKubeconfig } from '../electron/core/kube/connection/kubeconfigLoader';
import type { KubeTarget } from './peers';

/**
 * A bench's own line to a context's API server, outside Berth: the address, TLS material and
 * auth header from the kubeconfig (resolved as Berth resolves them), over one HTTP/2
 * connection that carries many requests at once.
 */
export interface ApiEndpoint {
  /** The server's base URL (the kubeconfig's `server`). */
  href: string;
  headers: Record<string, string>;
  tls: { ca?: string; cert?: string; key?: string; rejectUnauthorized?: boolean; servername?: string };
}

export function clusterClient(target: KubeTarget): ClusterClient {
  const context = loadKubeconfig([target.kubeconfig]).resolve(target.context);
  if (!context) throw new Error(`no context ${target.context} in ${target.kubeconfig}`);
  return new ClusterClient(context, staticCredentials);
}

export async function apiEndpoint(target: KubeTarget): Promise<ApiEndpoint> {
  const client = clusterClient(target);
  try {
    const { url, headers, tls } = await client.upgradeTarget('/', AbortSignal.timeout(10_000));
    return { href: url.href, headers, tls };
  } finally {
    client.dispose();
  }
}

export interface ApiAnswer {
  status: number;
  body: string;
}

/** Requests multiplexed on one HTTP/2 connection (the Go API server offers it through ALPN). */
export class Http2Api {
  private constructor(
    private readonly session: http2.ClientHttp2Session,
    private readonly endpoint: ApiEndpoint,
  ) {}

  static async connect(endpoint: ApiEndpoint): Promise<Http2Api> {
    const url = new URL(endpoint.href);
    const session = http2.connect(url.origin, { ...endpoint.tls });
    await new Promise<void>((resolve, reject) => {
      session.once('remoteSettings', () => resolve());
      session.once('error', reject);
    });
    // One failed connection is reported through the requests it fails, not as an unhandled error.
    session.on('error', () => {});
    return new Http2Api(session, endpoint);
  }

  /** How many requests the server lets this connection have open at once. */
  get maxConcurrentStreams(): number {
    return this.session.remoteSettings.maxConcurrentStreams ?? 100;
  }

  /** Resolves with the status and body of any answer; rejects only when no answer came. */
  request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<ApiAnswer> {
    const base = new URL(this.endpoint.href).pathname.replace(/\/$/, '');
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const stream = this.session.request({
        ':method': method,
        ':path': base + path,
        accept: 'application/json',
        ...this.endpoint.headers,
        ...(payload ? { 'content-type': contentType, 'content-length': String(payload.length) } : {}),
      });
      let status = 0;
      const chunks: Buffer[] = [];
      stream.once('response', (headers) => (status = Number(headers[':status'])));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('end', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8') }));
      stream.once('error', reject);
      stream.end(payload);
    });
  }

  close(): void {
    this.session.close();
  }
}

/**
 * The pids of the API server behind `href`, of its etcd, and of the cluster's other processes
 * (kwok, metrics-server, controller manager, scheduler: those whose command lines name the
 * directory of its certificate), found in /proc by their command lines (the clusters of
 * e2e/cluster run on loopback ports named there), to show what the cluster itself spends while
 * a bench drives it; keyed `apiserver`, `etcd`, then by program. Empty when they are not on
 * this machine.
 */
export function clusterPids(href: string): Record<string, number> {
  const port = new URL(href).port;
  const commands = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!pid) continue;
    try {
      commands.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      // gone meanwhile
    }
  }
  const find = (test: (command: string) => boolean): number | undefined =>
    [...commands].find(([, command]) => test(command))?.[0];
  const found: Record<string, number> = {};
  const apiserver = find((c) => c.includes('kube-apiserver') && c.includes(`--secure-port=${port} `));
  if (apiserver === undefined) return found;
  found.apiserver = apiserver;
  const etcdUrl = /--etcd-servers=(\S+)/.exec(commands.get(apiserver)!)?.[1];
  const etcd = etcdUrl && find((c) => c.includes('etcd') && c.includes(`--listen-client-urls=${etcdUrl} `));
  if (etcd) found.etcd = etcd;
  // The rest of the cluster: e2e/cluster/up.sh gives each the cluster's directory.
  const dir = /--tls-cert-file=(\S+\/)pki\//.exec(commands.get(apiserver)!)?.[1];
  if (dir) {
    for (const [pid, command] of commands) {
      if (pid === apiserver || pid === etcd || !command.includes(`=${dir}`)) continue;
      found[basename(command.split(' ')[0]!)] = pid;
    }
  }
  return found;
}
