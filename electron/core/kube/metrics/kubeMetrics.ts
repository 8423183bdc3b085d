import type { SeriesEvent } from '../../../../shared/collection';
import { BerthFailure } from '../../../../shared/errors';
import {
  SPARK_POINTS,
  type KubeMetricsEvent,
  type KubeMetricsRow,
  type MetricsAvailability,
} from '../../../../shared/kube/summary';
import type { KubeUsagePoint } from '../../../../shared/kube/types';
import { backoffDelay, type BackoffOptions } from '../../net/backoff';
import { PROTOBUF } from '../protobuf/kubeProtobuf';
import type { MessageSchema } from '../protobuf/messageSchema';
import { nodeMetricsMessage, podMetricsMessage } from '../protobuf/metricsMessage';
import { ProtobufListReader, protobufOrJson } from '../protobuf/protobufList';
import { ListSplitter } from '../watch/listSplitter';
import { streamList } from '../watch/streamList';
import {
  NODE_METRICS_PATH,
  parseNodeMetrics,
  parsePodMetrics,
  podMetricsPath,
  type MetricsSource,
  type NodeMetricsList,
  type PodMetricsList,
  type SampleSink,
} from './metricsApi';
import { classifyMetricsError, combineAvailability, type MetricsOutcome } from './metricsAvailability';
import { UsageHistories, type ListedChange, type UsageAnswer } from './usageHistories';

/** metrics-server scrapes every 15 s by default: polling faster only repeats its samples. */
export const METRICS_INTERVAL_MS = 15_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const FIVE_MIN_MS = 5 * 60_000;

export interface KubeMetricsOptions {
  context: string;
  /** The API server, for error messages. */
  server?: string;
  /** The context's cluster client. */
  source: MetricsSource;
  /** The context's namespace: pod usage falls back to it when all namespaces are refused. */
  namespace?: string;
  intervalMs?: number;
  /** While the API is missing or forbidden, how often to look again (it may be installed or granted). */
  recheckMs?: number;
  /** Retries after errors (unreachable, timeouts). */
  backoff?: BackoffOptions;
  /** How long the series of a node or pod that is no longer listed is kept. */
  forgetAfterMs?: number;
  requestTimeoutMs?: number;
  now?: () => number;
}

export type LatestTarget = 'nodes' | 'pods';

export interface SeriesTarget {
  target: 'cluster' | 'node' | 'pod';
  namespace?: string | undefined;
  name?: string | undefined;
}

/** What changed in one poll: the rows of a target, when any changed, and the availability. */
export interface MetricsChange {
  nodes?: ListedChange;
  pods?: ListedChange;
  availability: boolean;
}

type PointListener = (point: KubeUsagePoint) => void;

const CLUSTER_KEY = 'cluster';

/**
 * CPU and memory of one context's nodes and pods from metrics.k8s.io, polled while the
 * context's runtime lives (two cheap requests every 15 s) so that a chart opened later
 * shows the past hour at once. Keeps a bounded history per node, per pod and for the
 * cluster (the sum of its nodes), and says once for the whole context whether the metrics
 * API is there, allowed, or failing; the rest of the app shows either way.
 */
export class KubeMetrics {
  readonly intervalMs: number;
  private readonly nodes: UsageHistories;
  private readonly pods: UsageHistories;
  private readonly cluster: UsageHistories;
  private state: MetricsAvailability = { state: 'waiting' };
  private readonly pointListeners = new Map<string, Set<PointListener>>();
  private readonly changeListeners = new Set<(change: MetricsChange) => void>();
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private abort: AbortController | undefined;
  private inflight: Promise<void> | undefined;
  private errors = 0;
  private gotData = false;
  private disposed = false;

  constructor(private readonly options: KubeMetricsOptions) {
    this.intervalMs = options.intervalMs ?? METRICS_INTERVAL_MS;
    this.now = options.now ?? Date.now;
    const fineCapacity = Math.ceil(HOUR_MS / this.intervalMs);
    // Nodes and the cluster are few: a day of 5-minute averages behind the hour costs 5.6 KiB each.
    const long = { fineCapacity, coarse: { bucketMs: FIVE_MIN_MS, capacity: (24 * HOUR_MS) / FIVE_MIN_MS } };
    this.nodes = new UsageHistories(long);
    this.cluster = new UsageHistories(long);
    // Pods can be 10,000: the sparkline's points at full resolution, the hour as one-minute
    // averages, in one slab: 1,085 bytes a pod whatever its age (10.9 MB at 10,000 pods, where
    // the hour at 15 s held 37.5 MB, and a pair of packed series per pod 24.4 MB after an hour).
    this.pods = new UsageHistories({
      fineCapacity: SPARK_POINTS,
      coarse: { bucketMs: MINUTE_MS, capacity: HOUR_MS / MINUTE_MS },
      compactMemory: true,
    });
  }

  /** Starts polling now, then every interval, until `dispose`. */
  start(): void {
    if (this.disposed || this.timer || this.inflight) return;
    this.loop(0);
  }

  get availability(): MetricsAvailability {
    return this.state;
  }

  /** Series kept and their memory, for the benchmark and the report. */
  footprint(): { series: number; bytes: number; maxBytesPerPod: number; maxBytesPerNode: number } {
    return {
      series: this.nodes.size + this.pods.size + this.cluster.size,
      bytes: this.nodes.bytes + this.pods.bytes + this.cluster.bytes,
      maxBytesPerPod: this.pods.maxBytesPerSeries,
      maxBytesPerNode: this.nodes.maxBytesPerSeries,
    };
  }

  /** Called after every poll that changed rows or availability. */
  onChange(listener: (change: MetricsChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => {
      this.changeListeners.delete(listener);
    };
  }

  /** Latest usage of every node, or of every pod in `namespaces` (all when empty), with a sparkline. */
  latest(target: LatestTarget, namespaces: readonly string[] = []): KubeMetricsRow[] {
    const rows: KubeMetricsRow[] = [];
    for (const id of this.listedIn(target, namespaces)) {
      const row = this.row(target, id);
      if (row) rows.push(row);
    }
    return rows;
  }

  /**
   * The `kube.metrics.latest` stream: a snapshot of whole rows, then after each poll only what
   * the page lacks: the new sample of each row it holds, whole rows for those newly listed, and
   * the ids gone. The page holds exactly the rows listed (in `namespaces`) as of the last event,
   * so each poll's change of the listed ids is the delta, with no per-page record of what was sent.
   */
  subscribeLatest(
    target: LatestTarget,
    namespaces: readonly string[],
    emit: (event: KubeMetricsEvent) => void,
  ): () => void {
    let seq = 0;
    emit({ type: 'snapshot', seq, rows: this.latest(target, namespaces) });
    const wanted = inNamespaces(target, namespaces);
    return this.onChange((change) => {
      const listed = change[target];
      if (!listed) return;
      const rows: KubeMetricsRow[] = [];
      for (const id of listed.added) {
        const row = wanted(id) ? this.row(target, id) : undefined;
        if (row) rows.push(row);
      }
      const samples = namespaces.length ? listed.sampled.filter((s) => wanted(s.id)) : listed.sampled;
      const deletes = listed.removed.filter(wanted);
      if (rows.length === 0 && samples.length === 0 && deletes.length === 0) return;
      seq += 1;
      emit({ type: 'delta', seq, rows, samples, deletes });
    });
  }

  private *listedIn(target: LatestTarget, namespaces: readonly string[]): Generator<string> {
    const wanted = inNamespaces(target, namespaces);
    for (const id of this.histories(target).listed()) if (wanted(id)) yield id;
  }

  private row(target: LatestTarget, id: string): KubeMetricsRow | undefined {
    return this.histories(target).latestRow(id, SPARK_POINTS);
  }

  private histories(target: LatestTarget): UsageHistories {
    return target === 'nodes' ? this.nodes : this.pods;
  }

  /** Everything kept of one series, oldest first. */
  series(target: SeriesTarget): KubeUsagePoint[] {
    const { histories, id } = this.locate(target);
    return histories.points(id);
  }

  /** The `kube.metrics.series` stream: the history kept, then each new point. */
  subscribeSeries(target: SeriesTarget, emit: (event: SeriesEvent<KubeUsagePoint>) => void): () => void {
    const { histories, id, key } = this.locate(target);
    emit({ type: 'history', samples: histories.points(id) });
    const listener: PointListener = (point) => emit({ type: 'samples', samples: [point] });
    let listeners = this.pointListeners.get(key);
    if (!listeners) this.pointListeners.set(key, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.pointListeners.get(key) === listeners) this.pointListeners.delete(key);
    };
  }

  /** Polls once (the loop's step; tests call it directly). Never throws. */
  pollOnce(): Promise<void> {
    this.inflight ??= this.poll().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  /** Stops polling: the timer is cleared and a request under way is aborted. */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort?.abort();
    this.abort = undefined;
    this.changeListeners.clear();
    this.pointListeners.clear();
    this.nodes.clear();
    this.pods.clear();
    this.cluster.clear();
  }

  private loop(delay: number): void {
    if (this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pollOnce().then(() => this.loop(this.nextDelay()));
    }, delay);
    this.timer.unref?.();
  }

  private nextDelay(): number {
    if (this.gotData) return this.intervalMs;
    if (this.state.state === 'error') {
      return backoffDelay(this.errors - 1, this.options.backoff ?? { initialMs: 2000, maxMs: 60_000, jitter: 0.3 });
    }
    return this.options.recheckMs ?? 60_000;
  }

  private async poll(): Promise<void> {
    if (this.disposed) return;
    const abort = new AbortController();
    this.abort = abort;
    const [nodes, pods] = await Promise.all([
      this.fetch<NodeMetricsList>(
        NODE_METRICS_PATH,
        'node metrics',
        parseNodeMetrics,
        nodeMetricsMessage,
        this.nodes,
        abort.signal,
      ),
      this.fetch<PodMetricsList>(
        podMetricsPath(),
        'pod metrics of all namespaces',
        parsePodMetrics,
        podMetricsMessage,
        this.pods,
        abort.signal,
      ),
    ]);
    const namespace = this.options.namespace;
    const fallback =
      pods.outcome.state === 'forbidden' && namespace
        ? await this.fetch<PodMetricsList>(
            podMetricsPath(namespace),
            `pod metrics of namespace ${namespace}`,
            parsePodMetrics,
            podMetricsMessage,
            this.pods,
            abort.signal,
          )
        : undefined;
    if (this.disposed || abort.signal.aborted) return;
    this.abort = undefined;

    const now = this.now();
    const change: MetricsChange = { availability: false };
    const podsResult = fallback ?? pods;
    for (const [target, result] of [
      ['nodes', nodes],
      ['pods', podsResult],
    ] as const) {
      // Missing or forbidden: no rows. An error keeps the last rows (the availability says why they are old).
      const listed = result.answer
        ? this.apply(target, result.answer, now)
        : result.outcome.state !== 'error'
          ? this.histories(target).record([], now)
          : undefined;
      if (listed && (listed.sampled.length || listed.added.length || listed.removed.length)) change[target] = listed;
    }
    if (nodes.answer) this.sumCluster(nodes.answer, now);
    // Only an answer tells what is gone: while the cluster is away, its history is kept.
    const forgetBefore = now - (this.options.forgetAfterMs ?? 10 * 60_000);
    if (nodes.answer) this.nodes.dropUnseen(forgetBefore);
    if (podsResult.answer) this.pods.dropUnseen(forgetBefore);

    this.gotData = Boolean(nodes.answer ?? podsResult.answer);
    const availability = combineAvailability(
      nodes.outcome,
      pods.outcome,
      fallback && namespace ? { namespace, outcome: fallback.outcome } : undefined,
    );
    this.errors = availability.state === 'error' ? this.errors + 1 : 0;
    if (JSON.stringify(availability) !== JSON.stringify(this.state)) {
      this.state = availability;
      change.availability = true;
    }
    if (change.nodes || change.pods || change.availability) {
      for (const listener of [...this.changeListeners]) listener(change);
    }
  }

  /**
   * One list of metrics, read as it streams: 10,000 pods' answer is 3 MB of JSON (1.7 MB of
   * protobuf) every 15 s, and parsed whole it was a large string and 10,000 objects living
   * long enough to be promoted, which cost a full GC per poll; read a few dozen items at a
   * time, each matched to its series as it comes (see UsageAnswer), it is young garbage only.
   * Asked for in protobuf: fewer bytes to receive, no text, and the labels and windows no one
   * reads skipped by their length (a sixth less CPU per poll); read as JSON where the server
   * answers that.
   */
  private async fetch<L extends { items?: unknown[] }>(
    path: string,
    what: string,
    parse: (list: L, now: number, into: SampleSink) => void,
    schema: MessageSchema,
    histories: UsageHistories,
    signal: AbortSignal,
  ): Promise<{ outcome: MetricsOutcome; answer?: UsageAnswer }> {
    const now = this.now();
    const answer = histories.answer();
    const onItems = (items: unknown[]): void => parse({ items } as L, now, answer);
    try {
      await streamList(
        this.options.source,
        { path, accept: `${PROTOBUF}, application/json`, timeoutMs: this.options.requestTimeoutMs ?? 20_000 },
        protobufOrJson(
          () => new ProtobufListReader(schema, onItems),
          () => new ListSplitter(JSON.parse, onItems),
        ),
        signal,
      );
      return { outcome: { state: 'ok' }, answer };
    } catch (error) {
      return { outcome: classifyMetricsError(error, what, this.options.context, this.options.server) };
    }
  }

  /** Records one answer's samples: its ids are the rows listed from now on. */
  private apply(target: LatestTarget, answer: UsageAnswer, now: number): ListedChange {
    const kind = target === 'nodes' ? 'node' : 'pod';
    const histories = this.histories(target);
    // A chart open on a pod or node gets its point; the 10,000 others cost no key and no object.
    const charted = this.pointListeners.size > 0;
    return histories.record(
      answer,
      now,
      charted ? (id) => this.notify(`${kind}:${id}`, () => histories.latest(id)) : undefined,
    );
  }

  /** The cluster's point: the sum over the nodes of this answer, at its newest scrape. */
  private sumCluster(nodes: UsageAnswer, now: number): void {
    const total = nodes.total();
    if (!total) return;
    this.cluster.record([{ id: CLUSTER_KEY, ...total }], now, () =>
      this.notify(CLUSTER_KEY, () => this.cluster.latest(CLUSTER_KEY)),
    );
  }

  private notify(key: string, point: () => KubeUsagePoint | undefined): void {
    const listeners = this.pointListeners.get(key);
    const kept = listeners && point();
    if (kept) for (const listener of [...listeners]) listener(kept);
  }

  private locate(target: SeriesTarget): { histories: UsageHistories; id: string; key: string } {
    if (target.target === 'cluster') return { histories: this.cluster, id: CLUSTER_KEY, key: CLUSTER_KEY };
    if (target.target === 'node') {
      if (!target.name) throw invalid('a node series needs the node’s name');
      return { histories: this.nodes, id: target.name, key: `node:${target.name}` };
    }
    if (!target.name || !target.namespace) throw invalid('a pod series needs the pod’s namespace and name');
    const id = `${target.namespace}/${target.name}`;
    return { histories: this.pods, id, key: `pod:${id}` };
  }
}

/** Whether an id is in `namespaces` (all when empty); nodes are in none, so always. */
function inNamespaces(target: LatestTarget, namespaces: readonly string[]): (id: string) => boolean {
  if (target === 'nodes' || namespaces.length === 0) return () => true;
  const wanted = new Set(namespaces);
  return (id) => wanted.has(id.slice(0, id.indexOf('/')));
}

function invalid(message: string): BerthFailure {
  return new BerthFailure({ code: 'invalid_input', message: `Invalid input for kube.metrics.series: ${message}.` });
}
