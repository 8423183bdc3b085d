import type { IncidentPoint, UsagePoint } from '../../../shared/history';
import { DownsampledHistory } from './downsampledHistory';
import type { PackedPoint } from './packedSeries';
import { RingBuffer } from './ringBuffer';
import { downsample } from './timeSeries';

/** Full resolution: the last 15 minutes at one point a second. */
export const FINE_POINTS = 900;
/** Then 10-second averages for the last 6 hours. */
export const COARSE_BUCKET_MS = 10_000;
export const COARSE_POINTS = (6 * 60 * 60_000) / COARSE_BUCKET_MS;
/** The longest window a dashboard offers. */
export const HISTORY_SPAN_MS = 6 * 60 * 60_000;
/** Points a chart gets per series at most, whatever the window. */
export const CHART_POINTS = 180;

/**
 * A series kept the same way everywhere in Berth's history: 900 points at full resolution,
 * then 10-second averages for six hours, every field a 32-bit float (counts, CPU and memory
 * up to 16 MiB exact, within a few KiB above). Grows by doubling, so short-lived series stay small.
 */
export function tieredHistory<K extends string>(fields: readonly K[]): DownsampledHistory<K> {
  return new DownsampledHistory(fields, {
    fineCapacity: FINE_POINTS,
    coarse: { bucketMs: COARSE_BUCKET_MS, capacity: COARSE_POINTS },
    float32: fields,
    initialCapacity: 16,
  });
}

/** Bucket width for a window: a round number of seconds giving at most CHART_POINTS buckets. */
export function bucketFor(windowMs: number): number {
  const seconds = Math.max(1, Math.ceil(windowMs / CHART_POINTS / 1000));
  return seconds * 1000;
}

/** The points of `[from, to]` averaged per bucket (aligned to multiples of `bucketMs`). */
export function rollup<K extends string>(
  points: ReadonlyArray<PackedPoint<K>>,
  from: number,
  to: number,
  bucketMs: number,
): Array<PackedPoint<K>> {
  return downsample(
    points.filter((p) => p.t >= from && p.t <= to),
    bucketMs,
  );
}

/** CPU and memory points of a `cpu`/`memory` history for a window, rounded for the wire. */
export function usageWindow(
  history: DownsampledHistory<'cpu' | 'memory'> | undefined,
  from: number,
  to: number,
  bucketMs: number,
): UsagePoint[] {
  if (!history) return [];
  return rollup(history.points(), from, to, bucketMs).map((p) => ({
    t: p.t,
    cpu: Math.round(p.cpu * 100) / 100,
    memory: Math.round(p.memory),
  }));
}

export type IncidentKind = 'restarts' | 'oomKills' | 'warnings';

export interface Incident {
  t: number;
  kind: IncidentKind;
  /** What it happened to (container id, pod uid): the dashboard links to it. */
  subject: string;
  /** How many times at once (a Kubernetes event's count going up by several). */
  n: number;
}

/**
 * Restarts, OOM kills and warnings of one engine or context as they happen, in a bounded
 * ring (the oldest go first on a very busy engine), counted per bucket when a chart asks.
 */
export class IncidentLog {
  private readonly ring: RingBuffer<Incident>;

  constructor(readonly capacity = 5000) {
    this.ring = new RingBuffer(capacity);
  }

  add(t: number, kind: IncidentKind, subject: string, n = 1): void {
    if (n > 0 && Number.isFinite(t)) this.ring.push({ t, kind, subject, n });
  }

  get size(): number {
    return this.ring.size;
  }

  /** Bytes at most: a ring slot plus an object of four fields (about 56 bytes) per incident, ids apart. */
  get maxBytes(): number {
    return this.capacity * (8 + 56);
  }

  /** The incidents of `[from, to]`, oldest first. */
  list(from: number, to: number): Incident[] {
    return this.ring.toArray().filter((i) => i.t >= from && i.t <= to);
  }

  /** Incidents per bucket over `[from, to]`, empty buckets included (a flat line is information). */
  counts(from: number, to: number, bucketMs: number): IncidentPoint[] {
    return countIncidents(this.ring.toArray(), from, to, bucketMs);
  }
}

/** Pure: incidents summed per aligned bucket of `[from, to]`, every bucket present. */
export function countIncidents(
  incidents: ReadonlyArray<{ t: number; kind: IncidentKind; n: number }>,
  from: number,
  to: number,
  bucketMs: number,
): IncidentPoint[] {
  const first = Math.floor(from / bucketMs) * bucketMs;
  const out: IncidentPoint[] = [];
  for (let t = first; t <= to; t += bucketMs) out.push({ t, restarts: 0, oomKills: 0, warnings: 0 });
  for (const i of incidents) {
    if (i.t < from || i.t > to) continue;
    const bucket = out[Math.floor((i.t - first) / bucketMs)];
    if (bucket) bucket[i.kind] += i.n;
  }
  return out;
}

/** The window `[now - windowMs, now]` clamped to what history keeps. */
export function windowOf(windowMs: number, now: number): { from: number; to: number; bucketMs: number } {
  const span = Math.min(Math.max(windowMs, 60_000), HISTORY_SPAN_MS);
  return { from: now - span, to: now, bucketMs: bucketFor(span) };
}
