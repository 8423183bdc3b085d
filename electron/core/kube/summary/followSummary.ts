import type { CollectionEvent } from '../../../../shared/collection';
import type { KubeContextSummary, MetricsAvailability } from '../../../../shared/kube/summary';
import type { KubeRow } from '../../../../shared/kube/types';
import type { MetricsChange } from '../metrics/kubeMetrics';
import { ContextSummaryHolder } from './contextSummary';

/** A burst of watch events (a relist, a rollout) becomes one message per this interval. */
export const SUMMARY_COALESCE_MS = 250;

/** What the summary needs of a context's runtime (ClusterRuntime, once it owns its KubeMetrics). */
export interface SummaryRuntime {
  readonly name: string;
  acquire(kindKey: string): Promise<{
    cache: { rows: { subscribe(emit: (event: CollectionEvent<KubeRow>) => void): () => void } };
    release: () => void;
  }>;
  readonly metrics: {
    readonly availability: MetricsAvailability;
    onChange(listener: (change: MetricsChange) => void): () => void;
  };
}

interface Shared {
  holder: ContextSummaryHolder;
  refs: number;
  /** Settles once the three watches are held (rejects if one cannot be). */
  ready: Promise<void>;
  close: () => void;
}

/** One holder per runtime, shared by every subscriber, alive while one is. */
const shared = new WeakMap<SummaryRuntime, Shared>();

function open(runtime: SummaryRuntime): Shared {
  const holder = new ContextSummaryHolder(runtime.name);
  const stops: Array<() => void> = [];
  let closed = false;
  const stopAll = (): void => {
    for (const stop of stops.splice(0)) stop();
  };
  const ready = (async () => {
    const settled = await Promise.allSettled((['pods', 'nodes', 'events'] as const).map((k) => runtime.acquire(k)));
    for (const result of settled) if (result.status === 'fulfilled') stops.push(result.value.release);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed || closed) {
      stopAll();
      if (failed) throw failed.reason;
      return;
    }
    const [pods, nodes, events] = settled.map(
      (r) => (r as PromiseFulfilledResult<Awaited<ReturnType<SummaryRuntime['acquire']>>>).value,
    );
    stops.push(
      pods!.cache.rows.subscribe((event) => holder.applyPods(event)),
      nodes!.cache.rows.subscribe((event) => holder.applyNodes(event)),
      events!.cache.rows.subscribe((event) => holder.applyEvents(event)),
      runtime.metrics.onChange((change) => change.availability && holder.setMetrics(runtime.metrics.availability)),
    );
    holder.setMetrics(runtime.metrics.availability);
  })();
  return {
    holder,
    refs: 0,
    ready,
    close: () => {
      closed = true;
      stopAll();
    },
  };
}

/**
 * The `kube.context.summary` stream of a context: the summary once the watches it needs
 * are held, then again when it differs, at most once per SUMMARY_COALESCE_MS. Holds the pods,
 * nodes and events watches while subscribed; the counts are kept incrementally from their
 * deltas. Resolves to the unsubscribe.
 */
export async function followSummary(
  runtime: SummaryRuntime,
  emit: (summary: KubeContextSummary) => void,
): Promise<() => void> {
  let entry = shared.get(runtime);
  if (!entry) shared.set(runtime, (entry = open(runtime)));
  const held = entry;
  held.refs += 1;
  const leave = (): void => {
    held.refs -= 1;
    if (held.refs === 0 && shared.get(runtime) === held) {
      shared.delete(runtime);
      held.close();
    }
  };
  try {
    await held.ready;
  } catch (error) {
    leave();
    throw error;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sent = JSON.stringify(held.holder.value);
  emit(held.holder.value);
  const unlisten = held.holder.onChange(() => {
    timer ??= setTimeout(() => {
      timer = undefined;
      // Most watch deltas (a node's heartbeat, a pod's label) change no count: nothing to send.
      const json = JSON.stringify(held.holder.value);
      if (json === sent) return;
      sent = json;
      emit(held.holder.value);
    }, SUMMARY_COALESCE_MS);
  });
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    unlisten();
    if (timer) clearTimeout(timer);
    leave();
  };
}
