/**
 * CPU and memory of pods and nodes (metrics.k8s.io) beside the table's rows: which kinds
 * have them, how a metrics row finds its table row, and how the numbers read. Pure.
 */
import {
  SPARK_POINTS,
  type KubeMetricsEvent,
  type KubeMetricsRow,
  type MetricsAvailability,
} from '../../../shared/kube/summary';
import type { KubeRow, KubeUsagePoint } from '../../../shared/kube/types';
import { formatBytes, MiB } from '../../format/units';
import { applyCollectionEvent, type CollectionState } from '../../store/collection';

export type UsageTarget = 'pods' | 'nodes';

/** Only pods and nodes have usage in metrics.k8s.io. */
export function usageTarget(kindKey: string): UsageTarget | null {
  return kindKey === 'pods' || kindKey === 'nodes' ? kindKey : null;
}

/** How `kube.metrics.latest` names a row: `name` for nodes, `namespace/name` for pods. */
export function usageKey(target: UsageTarget, row: Pick<KubeRow, 'name' | 'namespace'>): string {
  return target === 'nodes' ? row.name : `${row.namespace ?? ''}/${row.name}`;
}

/** The usage of one table row, or undefined; a function so only the rows shown are looked up. */
export function usageOfRow(
  target: UsageTarget,
  metrics: ReadonlyMap<string, KubeMetricsRow>,
): (row: Pick<KubeRow, 'name' | 'namespace'>) => KubeMetricsRow | undefined {
  return (row) => (metrics.size ? metrics.get(usageKey(target, row)) : undefined);
}

/**
 * Applies one `kube.metrics.latest` event: a snapshot or a delta's whole rows and deletes as for
 * any collection, and each sample as its row's usage and the newest point of its sparkline (the
 * oldest dropped past SPARK_POINTS). Null when the event does not follow, or a sample's row is
 * not held: the page then starts over from a snapshot.
 */
export function applyUsageEvent(
  state: CollectionState<KubeMetricsRow>,
  event: KubeMetricsEvent,
): CollectionState<KubeMetricsRow> | null {
  if (event.type === 'snapshot') return applyCollectionEvent(state, event);
  // Whole rows first, then each sample on the row it belongs to (held, or whole in this event).
  const whole = new Map(event.rows.map((row) => [row.id, row]));
  const gone = new Set(event.deletes);
  const upserts = [...event.rows];
  // 10,000 samples per poll: a plain copy loop and a literal row take a quarter of the time of slice and spread.
  for (const { id, t, cpu, memory } of event.samples) {
    const held = (whole.get(id) ?? (gone.has(id) ? undefined : state.rows.get(id)))?.spark;
    if (!held) return null;
    const from = Math.max(0, held.length - SPARK_POINTS + 1);
    const spark = new Array<number>(held.length - from + 1);
    for (let i = from; i < held.length; i++) spark[i - from] = held[i]!;
    spark[spark.length - 1] = cpu;
    upserts.push({ id, t, cpu, memory, spark });
  }
  return applyCollectionEvent(state, { type: 'delta', seq: event.seq, upserts, deletes: event.deletes });
}

/** 250 → "250m"; 1500 → "1.5 cores": kubectl top's millicores, cores once past one. */
export function formatCpu(millicores: number): string {
  if (!Number.isFinite(millicores)) return '–';
  if (millicores < 1000) return `${Math.round(millicores)}m`;
  const cores = Math.round(millicores / 10) / 100;
  return `${cores} ${cores === 1 ? 'core' : 'cores'}`;
}

export function formatMemory(bytes: number): string {
  return formatBytes(bytes);
}

/** The CPU chart's unit: millicores, or cores when the values reach a core. */
export function cpuUnit(points: readonly KubeUsagePoint[]): { scale: number; title: string; unit: string } {
  const max = points.reduce((m, p) => Math.max(m, p.cpu), 0);
  return max >= 1000
    ? { scale: 1000, title: 'CPU (cores)', unit: 'cores' }
    : { scale: 1, title: 'CPU (millicores)', unit: 'm' };
}

export const MEMORY_SCALE = MiB;

/**
 * What the CPU and memory columns say, once above the table, when they have nothing to show:
 * the topic failed, or it has no rows while the table has some (then the context's metrics
 * availability says why). null when there is nothing to say.
 */
export function usageNote(input: {
  error: string | null;
  loaded: boolean;
  usageRows: number;
  tableRows: number;
  availability: MetricsAvailability | null;
}): string | null {
  if (input.error) return `CPU and memory are unavailable: ${input.error}`;
  if (!input.loaded || input.usageRows > 0 || input.tableRows === 0) return null;
  const a = input.availability;
  switch (a?.state) {
    case 'missing':
      return `CPU and memory are unavailable: ${a.message ?? 'this cluster serves no metrics.k8s.io (install metrics-server)'}`;
    case 'forbidden':
      return `CPU and memory are unavailable: ${a.message ?? 'reading metrics.k8s.io is not allowed for this user'}`;
    case 'error':
      return `CPU and memory are unavailable: ${a.message ?? 'metrics.k8s.io failed'}`;
    case 'ok':
      return 'CPU and memory: metrics.k8s.io has no samples for these yet';
    default:
      return 'CPU and memory: waiting for the first sample from metrics.k8s.io';
  }
}
