import { isDeepStrictEqual } from 'node:util';
import type { ConnectionStatus } from '../../../shared/app';
import { backoffDelay } from '../net/backoff';
import type { LiveCollection } from '../streams/liveCollection';
import { ClusterClient } from './connection/clusterClient';
import { credentialsFor, type CredentialDeps } from './connection/execCredential';
import type { ResolvedContext } from './connection/resolvedContext';
import { describeKubeError } from './kubeErrors';

const PROBE_TIMEOUT_MS = 10_000;
/** While live, a cheap /version call this often notices a dropped VPN or a stopped cluster. */
const LIVE_RECHECK_MS = 30_000;

/**
 * The connection row of the current kube context in the status bar: probes its API
 * server, and retries with backoff and jitter while it is unreachable.
 */
export class ContextHealth {
  private context: ResolvedContext | null = null;
  /** Kept while the context's settings do not change, so its credentials are fetched once. */
  private client: ClusterClient | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private generation = 0;

  constructor(
    private readonly connections: LiveCollection<ConnectionStatus>,
    private readonly credentialDeps: CredentialDeps = {},
  ) {}

  /** Follows a new current context (or none); the previous one's row is removed. Unchanged: nothing to do. */
  follow(context: ResolvedContext | null): void {
    if (isDeepStrictEqual(context, this.context)) return;
    if (this.context) this.connections.delete(rowId(this.context.name));
    this.stop();
    this.client?.dispose();
    this.client =
      context && !context.problem ? new ClusterClient(context, credentialsFor(context, this.credentialDeps)) : null;
    this.context = context;
    this.attempt = 0;
    if (context?.problem) {
      // Retrying cannot help; a fixed kubeconfig is reloaded and followed again.
      const { problem } = context;
      this.connections.upsert({
        id: rowId(context.name),
        kind: 'kube',
        name: context.name,
        state: 'error',
        message: problem,
        hint: 'Fix the kubeconfig; Berth reloads it when it changes.',
      });
    } else if (context) {
      this.connections.upsert({ id: rowId(context.name), kind: 'kube', name: context.name, state: 'connecting' });
      void this.probe(this.generation);
    }
  }

  /** Probes now (the user asked, the network came back, the machine woke up). */
  probeNow(): void {
    if (!this.context) return;
    this.stop();
    this.attempt = 0;
    void this.probe(this.generation);
  }

  stop(): void {
    this.generation += 1;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stop();
    this.client?.dispose();
    this.client = null;
  }

  private async probe(generation: number): Promise<void> {
    const resolved = this.context;
    const client = this.client;
    if (!resolved || !client) return;
    const context = resolved.name;
    const server = resolved.server || undefined;
    try {
      await client.json({ path: '/version', timeoutMs: PROBE_TIMEOUT_MS });
      if (generation !== this.generation) return;
      this.attempt = 0;
      this.connections.upsert({ id: rowId(context), kind: 'kube', name: context, state: 'live' });
      this.schedule(generation, LIVE_RECHECK_MS);
    } catch (error) {
      if (generation !== this.generation) return;
      const delay = backoffDelay(this.attempt++);
      const problem = describeKubeError(error, context, server);
      this.connections.upsert({
        id: rowId(context),
        kind: 'kube',
        name: context,
        state: 'reconnecting',
        ...problem,
        nextRetryAt: Date.now() + delay,
      });
      this.schedule(generation, delay);
    }
  }

  private schedule(generation: number, delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.probe(generation), delay);
    this.timer.unref?.();
  }
}

function rowId(context: string): string {
  return `kube:${context}`;
}
