import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import type { ConnectionStatus } from '../../../shared/app';
import { backoffDelay } from '../net/backoff';
import type { LiveCollection } from '../streams/liveCollection';
import { describeKubeError } from './kubeErrors';

const PROBE_TIMEOUT_MS = 10_000;
/** While live, a cheap /version call this often notices a dropped VPN or a stopped cluster. */
const LIVE_RECHECK_MS = 30_000;

/**
 * The connection row of the current kube context in the status bar: probes its API
 * server, and retries with backoff and jitter while it is unreachable.
 */
export class ContextHealth {
  private context: string | null = null;
  private config: KubeConfig | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private generation = 0;

  constructor(private readonly connections: LiveCollection<ConnectionStatus>) {}

  /** Follows a new current context (or none); the previous one's row is removed. */
  follow(context: string | null, config: KubeConfig): void {
    if (this.context) this.connections.delete(rowId(this.context));
    this.stop();
    this.context = context;
    this.config = config;
    this.attempt = 0;
    if (context) {
      this.connections.upsert({ id: rowId(context), kind: 'kube', name: context, state: 'connecting' });
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

  private async probe(generation: number): Promise<void> {
    const context = this.context;
    const base = this.config;
    if (!context || !base) return;
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: base.clusters,
      users: base.users,
      contexts: base.contexts,
      currentContext: context,
    });
    const server = config.getCurrentCluster()?.server;
    try {
      await withTimeout(config.makeApiClient(VersionApi).getCode(), PROBE_TIMEOUT_MS);
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

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer within ${ms / 1000} s`), { code: 'TIMEOUT' })),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
