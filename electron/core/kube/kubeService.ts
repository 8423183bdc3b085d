import type { ConnectionStatus } from '../../../shared/app';
import { BerthFailure } from '../../../shared/errors';
import type { KindDeclaration } from '../../../shared/kube/kind';
import type { KubeRow } from '../../../shared/kube/types';
import type { Router } from '../router';
import type { LiveCollection } from '../streams/liveCollection';
import type { CredentialSource, ResolvedContext } from './connection/resolvedContext';
import { ClusterRuntime, type ClusterRuntimeOptions } from './clusterRuntime';
import { KubeStreamsService } from './streams/kubeStreamsService';
import { registerLogTopics } from './logs/kubeLogs';
import { followSummary } from './summary/followSummary';
import { tableRowsEvent } from './tableRows';

/** A context nobody looks at any more is closed this long after its last view left. */
const CONTEXT_GRACE_MS = 60_000;

export interface KubeServiceHost {
  router: Router;
  connections: LiveCollection<ConnectionStatus>;
  /** The declared kinds, in picker order. */
  kinds: readonly KindDeclaration[];
  /** Credentials of a context's user (an exec plugin's are fetched once per lifetime). */
  credentials: (context: ResolvedContext) => CredentialSource;
  /** Test knobs. */
  runtime?: Pick<ClusterRuntimeOptions, 'probeEveryMs' | 'kindsEveryMs' | 'watch'> & { closeIdleAfterMs?: number };
}

interface Held {
  runtime: ClusterRuntime;
  leases: number;
  closeTimer?: ReturnType<typeof setTimeout>;
}

/**
 * The Kubernetes area of the backend: one runtime per context in use (the current one, and
 * any other a view subscribes to), and the `kube.*` methods and topics on the router. No
 * credential plugin runs for a context until it is used.
 */
export class KubeService {
  private readonly runtimes = new Map<string, Held>();
  private resolve: (name: string) => ResolvedContext | null = () => null;
  private current: string | null = null;
  private pinned = new Set<string>();
  /** Pod terminals and port-forwards. */
  readonly streams: KubeStreamsService;

  constructor(private readonly host: KubeServiceHost) {
    this.register();
    this.streams = new KubeStreamsService({ router: host.router, use: (name) => this.use(name) });
  }

  /**
   * Follows the kubeconfig and the current context: a context whose settings changed is
   * reconnected, one that is gone is closed, and the current one is always connected.
   */
  sync(resolve: (name: string) => ResolvedContext | null, current: string | null, pinned: string[] = []): void {
    this.resolve = resolve;
    if (current !== this.current) this.streams.currentChanged(current);
    this.current = current;
    this.pinned = new Set(pinned);
    for (const [name, held] of [...this.runtimes]) {
      const next = resolve(name);
      if (!next || JSON.stringify(next) !== JSON.stringify(held.runtime.context)) this.close(name);
    }
    for (const name of [current, ...pinned]) if (name && resolve(name)) this.hold(name);
    for (const [name, held] of this.runtimes) if (held.leases === 0 && !this.kept(name)) this.scheduleClose(name);
  }

  /** Retry now: one context (`name`) or every context not live. */
  retry(name?: string): void {
    for (const [key, held] of this.runtimes) if (name === undefined || key === name) held.runtime.retryNow();
  }

  /** The runtime of a context, for tests and benchmarks. */
  runtime(name: string): ClusterRuntime | undefined {
    return this.runtimes.get(name)?.runtime;
  }

  dispose(): void {
    this.streams.dispose();
    for (const name of [...this.runtimes.keys()]) this.close(name);
  }

  /** Runs `fn` on a context's runtime, connecting the context if needed and holding it until `fn` settles. */
  async withRuntime<T>(name: string, fn: (runtime: ClusterRuntime) => Promise<T>): Promise<T> {
    const { runtime, done } = this.use(name);
    try {
      return await fn(runtime);
    } finally {
      done();
    }
  }

  /** The current context and the pinned ones stay connected without any view. */
  private kept(name: string): boolean {
    return name === this.current || this.pinned.has(name);
  }

  /** Uses a context until the returned function is called. */
  use(name: string): { runtime: ClusterRuntime; done: () => void } {
    const held = this.hold(name);
    held.leases += 1;
    clearTimeout(held.closeTimer);
    let done = false;
    return {
      runtime: held.runtime,
      done: () => {
        if (done) return;
        done = true;
        held.leases -= 1;
        if (held.leases === 0 && this.runtimes.get(name) === held && !this.kept(name)) this.scheduleClose(name);
      },
    };
  }

  private hold(name: string): Held {
    const existing = this.runtimes.get(name);
    if (existing) return existing;
    const context = this.resolve(name);
    if (!context)
      throw new BerthFailure({ code: 'not_found', message: `There is no context named “${name}” in your kubeconfig.` });
    const runtime = new ClusterRuntime({
      context,
      credentials: this.host.credentials(context),
      connections: this.host.connections,
      declared: this.host.kinds,
      ...(this.host.runtime?.probeEveryMs ? { probeEveryMs: this.host.runtime.probeEveryMs } : {}),
      ...(this.host.runtime?.kindsEveryMs ? { kindsEveryMs: this.host.runtime.kindsEveryMs } : {}),
      ...(this.host.runtime?.watch ? { watch: this.host.runtime.watch } : {}),
    });
    const held: Held = { runtime, leases: 0 };
    this.runtimes.set(name, held);
    runtime.start();
    return held;
  }

  private scheduleClose(name: string): void {
    const held = this.runtimes.get(name);
    if (!held) return;
    clearTimeout(held.closeTimer);
    held.closeTimer = setTimeout(() => {
      if (held.leases === 0 && !this.kept(name)) this.close(name);
    }, this.host.runtime?.closeIdleAfterMs ?? CONTEXT_GRACE_MS);
    held.closeTimer.unref?.();
  }

  private close(name: string): void {
    const held = this.runtimes.get(name);
    if (!held) return;
    clearTimeout(held.closeTimer);
    this.runtimes.delete(name);
    for (const listener of [...this.closeListeners]) listener(name);
    held.runtime.dispose();
  }

  private readonly closeListeners = new Set<(name: string) => void>();

  /**
   * A topic on a context: holds the context while subscribed, and ends the subscription
   * with a message when the context is closed (removed from the kubeconfig or changed).
   */
  async onContext(
    name: string,
    sink: { fail(error: { code: 'unavailable'; message: string }): void },
    start: (runtime: ClusterRuntime) => Promise<() => void>,
  ): Promise<() => void> {
    const { runtime, done } = this.use(name);
    const onClose = (closed: string): void => {
      if (closed !== name) return;
      sink.fail({ code: 'unavailable', message: `The context “${name}” changed or was removed from your kubeconfig.` });
    };
    this.closeListeners.add(onClose);
    let stop: () => void;
    try {
      stop = await start(runtime);
    } catch (error) {
      this.closeListeners.delete(onClose);
      done();
      throw error;
    }
    return () => {
      this.closeListeners.delete(onClose);
      stop();
      done();
    };
  }

  private register(): void {
    const { router } = this.host;

    router.topic('kube.kinds', ({ context }, sink) =>
      this.onContext(context, sink, (runtime) => runtime.followKinds((kinds) => sink.emit(kinds))),
    );

    router.method('kube.object.get', async ({ context, kind, namespace, name, reveal }) => {
      const { runtime, done } = this.use(context);
      try {
        return await runtime.getObject(kind, namespace, name, reveal);
      } finally {
        done();
      }
    });

    router.topic('kube.resources', ({ context, kind, namespaces }, sink) =>
      this.onContext(context, sink, async (runtime) => {
        const { cache, release } = await runtime.acquire(kind);
        const wanted = new Set(namespaces);
        const filter =
          wanted.size > 0 ? (row: KubeRow) => row.namespace !== undefined && wanted.has(row.namespace) : undefined;
        const unsubscribe = cache.rows.subscribe((event) => sink.emit(tableRowsEvent(event)), filter);
        return () => {
          unsubscribe();
          release();
        };
      }),
    );

    router.topic('kube.kind.status', ({ context, kind }, sink) =>
      this.onContext(context, sink, async (runtime) => {
        const { cache, release } = await runtime.acquire(kind);
        const unwatch = cache.status.watch((status) => sink.emit(status));
        return () => {
          unwatch();
          release();
        };
      }),
    );

    router.topic('kube.object.events', ({ context, uid }, sink) =>
      this.onContext(context, sink, async (runtime) => {
        const { release } = await runtime.acquire('events');
        const unsubscribe = runtime.events.subscribe(uid, (event) => sink.emit(event));
        return () => {
          unsubscribe();
          release();
        };
      }),
    );

    router.topic('kube.metrics.latest', ({ context, target, namespaces }, sink) =>
      this.onContext(context, sink, async (runtime) =>
        runtime.metrics.subscribeLatest(target, namespaces, (event) => sink.emit(event)),
      ),
    );

    router.topic('kube.metrics.availability', ({ context }, sink) =>
      this.onContext(context, sink, async (runtime) => {
        const { metrics } = runtime;
        sink.emit(metrics.availability);
        return metrics.onChange((change) => change.availability && sink.emit(metrics.availability));
      }),
    );

    router.topic('kube.metrics.series', ({ context, target, namespace, name }, sink) =>
      this.onContext(context, sink, async (runtime) =>
        runtime.metrics.subscribeSeries({ target, namespace, name }, (event) => sink.emit(event)),
      ),
    );

    router.topic('kube.context.summary', ({ context }, sink) =>
      this.onContext(context, sink, (runtime) => followSummary(runtime, (summary) => sink.emit(summary))),
    );

    registerLogTopics(router, (context, sink, start) => this.onContext(context, sink, start));
  }
}
