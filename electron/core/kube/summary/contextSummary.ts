import type { CollectionEvent } from '../../../../shared/collection';
import type { KubeContextSummary, MetricsAvailability } from '../../../../shared/kube/summary';
import type { KubeEventRow, KubeRow } from '../../../../shared/kube/types';
import { eventRowOf } from './eventRows';

/** Warnings the Overview card shows. */
export const SUMMARY_WARNINGS = 5;

type PodCounts = Omit<KubeContextSummary['pods'], 'total'>;
type PodClass = { phase: keyof Omit<PodCounts, 'crashLooping'> | undefined; crashLooping: boolean };

const PHASES: Readonly<Record<string, PodClass['phase']>> = {
  Running: 'running',
  Pending: 'pending',
  Succeeded: 'succeeded',
  Failed: 'failed',
};

/** A pod's phase (the `phase` cell), and whether it is crash-looping (kubectl's printed status). */
export function classifyPod(row: KubeRow): PodClass {
  const phase = typeof row.cells.phase === 'string' ? PHASES[row.cells.phase] : undefined;
  const crashLooping =
    row.cells.status === 'CrashLoopBackOff' || (row.health.reason ?? '').startsWith('CrashLoopBackOff');
  return { phase, crashLooping };
}

/** A node counts as ready when kubectl would print Ready first (`Ready`, `Ready,SchedulingDisabled`). */
export function isNodeReady(row: KubeRow): boolean {
  const status = row.cells.status;
  if (typeof status === 'string') return status.split(',')[0] === 'Ready';
  return row.health.reason === 'Ready';
}

/** Newest first; ties broken by id so the order is stable. */
function newestFirst(a: KubeEventRow, b: KubeEventRow): number {
  return b.lastSeen - a.lastSeen || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface SummaryInput {
  context: string;
  pods: Iterable<KubeRow>;
  nodes: Iterable<KubeRow>;
  /** Event rows; only warnings are kept. */
  events: Iterable<KubeEventRow>;
  metrics: MetricsAvailability;
  maxWarnings?: number;
}

/** The Overview card of a context, computed from its rows in one pass. */
export function summarizeContext(input: SummaryInput): KubeContextSummary {
  const pods = { running: 0, pending: 0, succeeded: 0, failed: 0, crashLooping: 0, total: 0 };
  for (const row of input.pods) {
    const { phase, crashLooping } = classifyPod(row);
    pods.total += 1;
    if (phase) pods[phase] += 1;
    if (crashLooping) pods.crashLooping += 1;
  }
  const nodes = { ready: 0, total: 0 };
  for (const row of input.nodes) {
    nodes.total += 1;
    if (isNodeReady(row)) nodes.ready += 1;
  }
  const warnings = [...input.events]
    .filter((e) => e.type === 'Warning')
    .sort(newestFirst)
    .slice(0, input.maxWarnings ?? SUMMARY_WARNINGS);
  return { context: input.context, nodes, pods, warnings, metrics: input.metrics };
}

/**
 * The same summary kept up to date from the watches' deltas: each upsert or delete adjusts
 * the counts by that row's old and new contribution, so an event costs O(1), not a rescan
 * of 10,000 pods. Only a relist (a snapshot) walks all rows.
 */
export class ContextSummaryHolder {
  private readonly pods = new Map<string, PodClass>();
  private readonly podCounts = { running: 0, pending: 0, succeeded: 0, failed: 0, crashLooping: 0 };
  private readonly nodes = new Map<string, boolean>();
  private readyNodes = 0;
  /** Warning events only. */
  private readonly warnings = new Map<string, KubeEventRow>();
  /** The newest warnings, newest first; rebuilt from `warnings` only when one of them leaves. */
  private top: KubeEventRow[] = [];
  private topStale = false;
  private metrics: MetricsAvailability = { state: 'waiting' };
  private cached: KubeContextSummary | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly context: string,
    private readonly maxWarnings = SUMMARY_WARNINGS,
  ) {}

  /** The summary now (the same object until something changes). */
  get value(): KubeContextSummary {
    if (this.topStale) {
      this.top = [...this.warnings.values()].sort(newestFirst).slice(0, this.maxWarnings);
      this.topStale = false;
    }
    this.cached ??= {
      context: this.context,
      nodes: { ready: this.readyNodes, total: this.nodes.size },
      pods: { ...this.podCounts, total: this.pods.size },
      warnings: [...this.top],
      metrics: this.metrics,
    };
    return this.cached;
  }

  /** Called after every change (callers coalesce: a relist is one call). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Applies the pods watch's snapshot or delta. */
  applyPods(event: CollectionEvent<KubeRow>): void {
    this.apply(event, this.pods, (id, row) => this.setPod(id, row));
  }

  /** Applies the nodes watch's snapshot or delta. */
  applyNodes(event: CollectionEvent<KubeRow>): void {
    this.apply(event, this.nodes, (id, row) => this.setNode(id, row));
  }

  /** Applies the events watch's snapshot or delta (rows of the `events` kind). */
  applyEvents(event: CollectionEvent<KubeRow>): void {
    this.apply(event, this.warnings, (id, row) => this.setEvent(id, row ? eventRowOf(row) : undefined));
  }

  setMetrics(metrics: MetricsAvailability): void {
    if (JSON.stringify(metrics) === JSON.stringify(this.metrics)) return;
    this.metrics = metrics;
    this.changed();
  }

  private apply(
    event: CollectionEvent<KubeRow>,
    known: Map<string, unknown>,
    set: (id: string, row?: KubeRow) => void,
  ) {
    if (event.type === 'snapshot') {
      const ids = new Set(event.rows.map((r) => r.id));
      for (const id of [...known.keys()]) if (!ids.has(id)) set(id);
      for (const row of event.rows) set(row.id, row);
    } else {
      for (const row of event.upserts) set(row.id, row);
      for (const id of event.deletes) set(id);
    }
    this.changed();
  }

  private setPod(id: string, row?: KubeRow): void {
    const old = this.pods.get(id);
    if (old) this.countPod(old, -1);
    if (!row) {
      this.pods.delete(id);
      return;
    }
    const next = classifyPod(row);
    this.pods.set(id, next);
    this.countPod(next, 1);
  }

  private countPod(pod: PodClass, delta: number): void {
    if (pod.phase) this.podCounts[pod.phase] += delta;
    if (pod.crashLooping) this.podCounts.crashLooping += delta;
  }

  private setNode(id: string, row?: KubeRow): void {
    if (this.nodes.get(id)) this.readyNodes -= 1;
    if (!row) {
      this.nodes.delete(id);
      return;
    }
    const ready = isNodeReady(row);
    this.nodes.set(id, ready);
    if (ready) this.readyNodes += 1;
  }

  private setEvent(id: string, row?: KubeEventRow): void {
    const wasTop = this.top.some((e) => e.id === id);
    const old = this.warnings.get(id);
    if (!row || row.type !== 'Warning') {
      this.warnings.delete(id);
      if (wasTop) this.topStale = true;
      return;
    }
    this.warnings.set(id, row);
    if (this.topStale) return;
    if (wasTop) {
      // Moved back in time (rare): another warning may now belong among the newest.
      if (old && newestFirst(row, old) > 0 && this.warnings.size > this.top.length) this.topStale = true;
      else this.top = this.top.map((e) => (e.id === id ? row : e)).sort(newestFirst);
      return;
    }
    const lowest = this.top.length >= this.maxWarnings ? this.top.at(-1) : undefined;
    if (lowest && newestFirst(row, lowest) > 0) return;
    this.top = [...this.top, row].sort(newestFirst).slice(0, this.maxWarnings);
  }

  private changed(): void {
    this.cached = undefined;
    for (const listener of [...this.listeners]) listener();
  }
}
