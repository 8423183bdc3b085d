import { RingBuffer } from './ringBuffer';

/** A point in a time series: `t` is epoch ms. */
export interface TimedPoint {
  t: number;
}

/**
 * A bounded time series: the newest points within `windowMs`, at most `capacity`
 * of them (the ring drops the oldest). At 1 s resolution, 900 points hold 15 minutes.
 */
export class TimeSeries<P extends TimedPoint> {
  private readonly ring: RingBuffer<P>;

  constructor(
    capacity: number,
    private readonly windowMs: number = Number.POSITIVE_INFINITY,
  ) {
    this.ring = new RingBuffer<P>(capacity);
  }

  get size(): number {
    return this.ring.size;
  }

  push(point: P): void {
    const last = this.ring.last();
    // Points must move forward in time; a late duplicate would break charts and downsampling.
    if (last && point.t <= last.t) return;
    this.ring.push(point);
  }

  last(): P | undefined {
    return this.ring.last();
  }

  /** Points oldest → newest that are not older than `windowMs` before `now`. */
  points(now = Date.now()): P[] {
    const from = now - this.windowMs;
    return this.ring.toArray().filter((p) => p.t >= from);
  }

  lastN(n: number): P[] {
    return this.ring.lastN(n);
  }

  clear(): void {
    this.ring.clear();
  }
}

/**
 * Downsamples points into buckets of `bucketMs` (aligned to multiples of bucketMs),
 * averaging each numeric field, for windows longer than what a chart can show point by
 * point (e.g. 15 min of 1 s samples → 90 points of 10 s). `t` of a bucket is its start.
 */
export function downsample<P extends TimedPoint>(points: readonly P[], bucketMs: number): P[] {
  if (bucketMs <= 0) throw new Error('bucketMs must be positive');
  const out: P[] = [];
  let bucketStart = Number.NaN;
  let sums: Record<string, number> = {};
  let n = 0;
  let template: P | undefined;
  const close = (): void => {
    if (!template || n === 0) return;
    const point: Record<string, unknown> = { ...(template as object), t: bucketStart };
    for (const [key, sum] of Object.entries(sums)) point[key] = sum / n;
    out.push(point as P);
  };
  for (const p of points) {
    const start = Math.floor(p.t / bucketMs) * bucketMs;
    if (start !== bucketStart) {
      close();
      bucketStart = start;
      sums = {};
      n = 0;
      template = p;
    }
    n += 1;
    for (const [key, value] of Object.entries(p as object)) {
      if (key !== 't' && typeof value === 'number') sums[key] = (sums[key] ?? 0) + value;
    }
  }
  close();
  return out;
}
