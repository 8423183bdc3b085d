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
  acquire(kindKey: string): {
    cache: { rows: { subscribe(emit: (event: CollectionEvent<KubeRow>) => void): () => void } };
    release: () => void;
  };
  readonly metrics: {
    readonly availability: MetricsAvailability;
    onChange(listener: (change: MetricsChange) => void): () => void;
  };
}

interface Shared {
  holder: ContextSummaryHolder;
  refs: number;
  stop: () => void;
}

/** One holder per runtime, shared by every subscriber, alive while one is. */
const shared = new WeakMap<SummaryRuntime, Shared>();

function open(runtime: SummaryRuntime): Shared {
  const holder = new ContextSummaryHolder(runtime.name);
  const leases = (['pods', 'nodes', 'events'] as const).map((key) => runtime.acquire(key));
  const [pods, nodes, events] = leases;
  const stops = [
    pods!.cache.rows.subscribe((event) => holder.applyPods(event)),
    nodes!.cache.rows.subscribe((event) => holder.applyNodes(event)),
    events!.cache.rows.subscribe((event) => holder.applyEvents(event)),
    runtime.metrics.onChange((change) => change.availability && holder.setMetrics(runtime.metrics.availability)),
  ];
  holder.setMetrics(runtime.metrics.availability);
  return {
    holder,
    refs: 0,
    stop: () => {
      for (const stop of stops) stop();
      for (const lease of leases) lease.release();
    },
  };
}

/**
 * The `kube.context.summary` stream of a context: the summary at once, then again after
 * changes, at most once per SUMMARY_COALESCE_MS. Holds the pods, nodes and events watches
 * while subscribed; the counts are kept incrementally from their deltas.
 */
export function followSummary(runtime: SummaryRuntime, emit: (summary: KubeContextSummary) => void): () => void {
  let entry = shared.get(runtime);
  if (!entry) shared.set(runtime, (entry = open(runtime)));
  const held = entry;
  held.refs += 1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  emit(held.holder.value);
  const unlisten = held.holder.onChange(() => {
    timer ??= setTimeout(() => {
      timer = undefined;
      emit(held.holder.value);
    }, SUMMARY_COALESCE_MS);
  });
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    unlisten();
    if (timer) clearTimeout(timer);
    held.refs -= 1;
    if (held.refs === 0 && shared.get(runtime) === held) {
      shared.delete(runtime);
      held.stop();
    }
  };
}
