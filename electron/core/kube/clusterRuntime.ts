import type { ConnectionStatus } from '../../../shared/app';
import { BerthFailure } from '../../../shared/errors';
import { kindKey, objectRefs, type KindDeclaration } from '../../../shared/kube/kind';
import type { KubeObject } from '../../../shared/kube/object';
import type { KindInfo, KubeObjectDetails } from '../../../shared/kube/types';
import { backoffDelay, type BackoffOptions } from '../net/backoff';
import { LeasePool } from '../streams/leasePool';
import type { LiveCollection } from '../streams/liveCollection';
import { ClusterClient } from './connection/clusterClient';
import { KubeApiError } from './connection/kubeApiError';
import type { CredentialSource, ResolvedContext } from './connection/resolvedContext';
import { discoverKinds, discoveredDeclaration } from './discovery';
import { describeKubeError } from './kubeErrors';
import { objectDetails } from './objectDetails';
import { objectPath } from './objectPath';
import { KubeMetrics } from './metrics/kubeMetrics';
import { EventIndex } from './watch/eventIndex';
import { untilListed } from './watch/untilListed';
import { FIRST_SCREEN_ROWS, KindCache, type KindCacheOptions } from './watch/kindCache';
import { ContextStreams } from './streams/contextStreams';
import { ContextHistory } from './history/contextHistory';

/** A view that comes back within this long finds its watch still running. */
export const WATCH_GRACE_MS = 30_000;
/** How often a live context is probed, to notice a frozen API server or a dropped VPN. */
const PROBE_EVERY_MS = 10_000;
const PROBE_TIMEOUT_MS = 5_000;
const CONTEXT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, jitter: 0.3 };
/**
 * Discovery is asked again after this long, and a followed list of kinds is read again as often:
 * a CRD installed (an operator, a Helm chart) shows up in the picker within this long.
 */
const DISCOVERY_TTL_MS = 30_000;
/** The longest the first metrics poll waits for that page. */
const FIRST_SCREEN_WAIT_MS = 1500;

export interface ClusterRuntimeOptions {
  context: ResolvedContext;
  credentials: CredentialSource;
  connections: LiveCollection<ConnectionStatus>;
  /** Berth's declared kinds, in picker order. */
  declared: readonly KindDeclaration[];
  probeEveryMs?: number;
  /** How often a followed list of kinds is read again (DISCOVERY_TTL_MS). */
  kindsEveryMs?: number;
  /** Test knobs for every watch. */
  watch?: KindCacheOptions['watch'];
}

/**
 * Everything Berth keeps for one context in use: one client (credentials cached), one
 * connection state (the status bar row `kube:<context>`), and one watch per kind shared by
 * every view, started on the first subscriber and stopped a while after the last. A dead
 * context only affects itself: each context has its own runtime.
 */
export class ClusterRuntime {
  readonly client: ClusterClient;
  readonly events = new EventIndex();
  /** Node and pod usage from metrics.k8s.io, polled while the context is in use, with history. */
  readonly metrics: KubeMetrics;
  /** Log streams, terminals and port-forwards in flight: closing the context ends them all. */
  readonly streams: ContextStreams;
  /** Pods by state, restarts, OOM kills and warnings over the last hours, recorded while the runtime lives. */
  readonly history: ContextHistory;
  private readonly caches: LeasePool<string, KindCache>;
  private live = false;
  private everLive = false;
  private attempt = 0;
  private staleSince: number | undefined;
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private probeAbort: AbortController | undefined;
  private disposed = false;
  private readonly declarations = new Map<string, { declaration: KindDeclaration; table: boolean }>();
  private discovery: { at: number; kinds: Promise<KindInfo[]> } | undefined;

  constructor(private readonly options: ClusterRuntimeOptions) {
    this.client = new ClusterClient(options.context, options.credentials);
    this.streams = new ContextStreams(options.context.name);
    this.metrics = new KubeMetrics({
      context: options.context.name,
      server: options.context.server,
      source: this.client,
      ...(options.context.namespace ? { namespace: options.context.namespace } : {}),
    });
    this.history = new ContextHistory(this);
    for (const declaration of options.declared) {
      this.declarations.set(kindKey(declaration), { declaration, table: false });
    }
    this.caches = new LeasePool(
      (key) => this.createCache(key),
      (cache) => cache.dispose(),
      WATCH_GRACE_MS,
    );
  }

  get name(): string {
    return this.options.context.name;
  }

  get context(): ResolvedContext {
    return this.options.context;
  }

  get isLive(): boolean {
    return this.live;
  }

  start(): void {
    const { problem } = this.options.context;
    if (problem) {
      // Nothing to retry: the kubeconfig itself is wrong. Fixing the file reloads it.
      this.setRow({
        state: 'error',
        message: problem,
        hint: 'Fix your kubeconfig: Berth reloads it when the file changes.',
      });
      return;
    }
    this.setRow({ state: 'connecting' });
    void this.probe();
    void this.history.start();
    // The first screen of pods comes first: the first metrics poll (every pod's usage, megabytes
    // to parse on a big cluster) shares the backend's one thread and the API server with the pods
    // list a user has just opened, so it waits for the list's first page (1.5 s at most).
    void this.firstScreenOfPods().then(() => this.metrics.start());
  }

  /** Settles once the pods list has a screen of rows in (or is past listing), after 1.5 s at most. */
  private async firstScreenOfPods(): Promise<void> {
    let lease: Awaited<ReturnType<ClusterRuntime['acquire']>>;
    try {
      lease = await this.acquire('pods');
    } catch {
      return;
    }
    await untilListed(lease.cache.status, { rows: FIRST_SCREEN_ROWS, timeoutMs: FIRST_SCREEN_WAIT_MS }).done;
    lease.release();
  }

  /** Every kind this context serves: the declared ones, then what discovery lists (custom resources too). */
  kinds(maxAgeMs = DISCOVERY_TTL_MS): Promise<KindInfo[]> {
    if (!this.discovery || Date.now() - this.discovery.at >= maxAgeMs) {
      const kinds = discoverKinds(this.client, this.options.declared).then((infos) => {
        for (const info of infos) {
          if (!this.declarations.has(info.key)) {
            this.declarations.set(info.key, { declaration: discoveredDeclaration(info), table: true });
          }
        }
        return infos;
      });
      kinds.catch(() => (this.discovery = undefined));
      this.discovery = { at: Date.now(), kinds };
    }
    return this.discovery.kinds.catch((error: unknown) => {
      throw this.failure(error, 'the list of kinds');
    });
  }

  /**
   * The kinds now, then again each time discovery lists others (a CRD installed or removed),
   * read every DISCOVERY_TTL_MS while followed; a failed read keeps the last list (the context's
   * connection state says what is wrong). Resolves to the stop; rejects if the first read fails.
   */
  async followKinds(emit: (kinds: KindInfo[]) => void): Promise<() => void> {
    const every = this.options.kindsEveryMs ?? DISCOVERY_TTL_MS;
    const first = await this.kinds();
    let shown = kindsSignature(first);
    emit(first);
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const readAgain = async (): Promise<void> => {
      try {
        const kinds = await this.kinds(every);
        const signature = kindsSignature(kinds);
        if (!stopped && signature !== shown) {
          shown = signature;
          emit(kinds);
        }
      } catch {
        // Kept: the last list still serves while the context is away.
      }
      if (stopped) return;
      timer = setTimeout(() => void readAgain(), every);
      timer.unref?.();
    };
    timer = setTimeout(() => void readAgain(), every);
    timer.unref?.();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  /** The cache of one kind, kept while the lease is held (and a grace period after). */
  async acquire(key: string): Promise<{ cache: KindCache; release: () => void }> {
    const { problem } = this.options.context;
    if (problem) throw new BerthFailure({ code: 'unavailable', message: problem });
    await this.resolveKind(key);
    const { value, release } = this.caches.acquire(key);
    return { cache: value, release };
  }

  /** The cache of a kind while it is held, without taking a lease (tests, benchmarks). */
  peek(key: string): KindCache | undefined {
    return this.caches.peek(key);
  }

  /** A declared kind at once; any other after discovery has found it. */
  async resolveKind(key: string): Promise<{ declaration: KindDeclaration; table: boolean }> {
    const known = this.declarations.get(key);
    if (known) return known;
    await this.kinds();
    const found = this.declarations.get(key);
    if (!found)
      throw new BerthFailure({
        code: 'not_found',
        message: `The cluster of “${this.name}” does not serve the kind “${key}”.`,
      });
    return found;
  }

  /** Probes and relists now, skipping the backoff wait (Retry now, network back, machine awake). */
  retryNow(): void {
    if (this.disposed || this.options.context.problem) return;
    this.attempt = 0;
    void this.probe();
    if (!this.live) for (const cache of this.caches.values()) cache.reconnect();
  }

  /** One object, whole, for the details panel (Secret and ConfigMap values withheld unless revealed). */
  async getObject(
    kindKey: string,
    namespace: string | undefined,
    name: string,
    reveal: boolean,
  ): Promise<KubeObjectDetails> {
    const { declaration, path, what } = await this.locate(kindKey, namespace, name);
    try {
      const object = await this.client.json<KubeObject>({ path });
      return { ...objectDetails(declaration.kind, object, reveal), refs: objectRefs(declaration, object) };
    } catch (error) {
      throw this.failure(error, what);
    }
  }

  /** Where one object lives on the API server, and how to name it in a message. */
  async locate(
    kindKey: string,
    namespace: string | undefined,
    name: string,
  ): Promise<{ declaration: KindDeclaration; path: string; what: string }> {
    const { declaration } = await this.resolveKind(kindKey);
    if (declaration.namespaced && !namespace) {
      throw new BerthFailure({
        code: 'invalid_input',
        message: `${declaration.kind} objects live in a namespace: name one.`,
      });
    }
    const path = objectPath(declaration, namespace, name);
    return { declaration, path, what: `${declaration.kind} “${namespace ? `${namespace}/` : ''}${name}”` };
  }

  dispose(): void {
    this.disposed = true;
    this.streams.closeAll(`The context “${this.name}” was closed.`);
    clearTimeout(this.probeTimer);
    this.probeAbort?.abort();
    this.history.dispose();
    this.metrics.dispose();
    this.caches.clear();
    this.client.dispose();
    this.options.connections.delete(`kube:${this.name}`);
  }

  /** A request's failure → an error the user can read, naming the context. */
  failure(error: unknown, what: string): BerthFailure {
    if (error instanceof BerthFailure) return error;
    if (error instanceof KubeApiError) {
      if (error.statusCode === 404)
        return new BerthFailure({ code: 'not_found', message: `${what} no longer exists in “${this.name}”.` });
      if (error.statusCode === 403) {
        return new BerthFailure({
          code: 'permission_denied',
          message: `You are not allowed to read ${what} in “${this.name}”.`,
          detail: error.message,
        });
      }
    }
    const problem = describeKubeError(error, this.name, this.options.context.server);
    return new BerthFailure({ code: 'unavailable', message: problem.message, detail: problem.detail });
  }

  private createCache(key: string): KindCache {
    const { declaration, table } = this.declarations.get(key)!;
    const cache = new KindCache({
      table,
      context: this.name,
      server: this.options.context.server,
      client: this.client,
      declaration,
      defaultNamespace: this.options.context.namespace ?? 'default',
      ...(this.options.watch ? { watch: this.options.watch } : {}),
    });
    if (declaration.kind === 'Event' && declaration.group === '') {
      // Dropped with the cache's own subscribers when the cache is disposed.
      cache.rows.subscribe((event) => this.events.apply(event));
    }
    cache.start();
    return cache;
  }

  private async probe(): Promise<void> {
    clearTimeout(this.probeTimer);
    this.probeAbort?.abort();
    const abort = (this.probeAbort = new AbortController());
    try {
      await this.client.json({ path: '/version', timeoutMs: PROBE_TIMEOUT_MS, signal: abort.signal });
      if (this.disposed || abort.signal.aborted) return;
      const recovered = this.everLive && !this.live;
      this.live = this.everLive = true;
      this.attempt = 0;
      this.staleSince = undefined;
      this.setRow({ state: 'live' });
      // Watches may sit on connections that died while the server was away: watch again from
      // where each was; the server replays what happened meanwhile, or says 410 and they relist.
      if (recovered) for (const cache of this.caches.values()) cache.reconnect();
      this.schedule(this.options.probeEveryMs ?? PROBE_EVERY_MS);
    } catch (error) {
      if (this.disposed || abort.signal.aborted) return;
      this.live = false;
      if (this.everLive) this.staleSince ??= Date.now();
      const delay = backoffDelay(this.attempt++, CONTEXT_BACKOFF);
      const problem = describeKubeError(error, this.name, this.options.context.server);
      if (this.staleSince !== undefined)
        for (const cache of this.caches.values()) cache.markStale(this.staleSince, problem);
      this.setRow({
        state: this.everLive ? 'reconnecting' : 'error',
        ...problem,
        nextRetryAt: Date.now() + delay,
        ...(this.staleSince !== undefined ? { staleSince: this.staleSince } : {}),
      });
      this.schedule(delay);
    }
  }

  private schedule(delay: number): void {
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => void this.probe(), delay);
    this.probeTimer.unref?.();
  }

  private setRow(row: Omit<ConnectionStatus, 'id' | 'kind' | 'name'>): void {
    if (this.disposed) return;
    this.options.connections.upsert({ id: `kube:${this.name}`, kind: 'kube', name: this.name, ...row });
  }
}

/** What a list of kinds offers the user: a change here is worth a message to the renderer. */
function kindsSignature(kinds: readonly KindInfo[]): string {
  return kinds.map((k) => `${k.key}/${k.version}/${k.namespaced ? 'ns' : 'cluster'}`).join(' ');
}
