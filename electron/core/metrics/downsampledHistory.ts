import { PackedSeries, type PackedPoint } from './packedSeries';

export interface DownsampledHistoryOptions<K extends string> {
  /** Points at full resolution kept (e.g. 240: one hour at 15 s). */
  fineCapacity: number;
  /** Older points as averages per bucket, if set (e.g. 5 min buckets for a day). */
  coarse?: { bucketMs: number; capacity: number };
  /** Fields stored as 32-bit floats (see PackedSeries). */
  float32?: readonly K[];
  /** First allocation of the fine tier; it grows by doubling (see PackedSeries). */
  initialCapacity?: number;
}

/**
 * A bounded history in two tiers: the newest points at full resolution, and, when
 * configured, averages per aligned bucket for the time before them. Memory is fixed by
 * the two capacities (`maxBytes`), however long the app runs.
 */
export class DownsampledHistory<K extends string> {
  private readonly fine: PackedSeries<K>;
  private readonly coarse: PackedSeries<K> | undefined;
  /** Running sums of the coarse bucket still open. */
  private bucket: { start: number; n: number; sums: Record<K, number> } | undefined;

  constructor(
    private readonly fields: readonly K[],
    private readonly options: DownsampledHistoryOptions<K>,
  ) {
    const float32 = options.float32 ?? [];
    this.fine = new PackedSeries(fields, {
      capacity: options.fineCapacity,
      float32,
      ...(options.initialCapacity ? { initialCapacity: options.initialCapacity } : {}),
    });
    this.coarse = options.coarse
      ? new PackedSeries(fields, { capacity: options.coarse.capacity, initialCapacity: 8, float32 })
      : undefined;
  }

  /** Bytes the arrays may reach at most: 8 per point for the time plus 4 or 8 per field. */
  get maxBytes(): number {
    const perPoint = 8 + this.fields.reduce((n, f) => n + (this.options.float32?.includes(f) ? 4 : 8), 0);
    return perPoint * (this.options.fineCapacity + (this.options.coarse?.capacity ?? 0));
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.fine.bytes + (this.coarse?.bytes ?? 0);
  }

  get size(): number {
    return this.fine.size + (this.coarse?.size ?? 0);
  }

  /** Appends a point; one that does not move forward in time is ignored (returns false). */
  push(point: Readonly<PackedPoint<K>>): boolean {
    if (!this.fine.push(point)) return false;
    if (this.coarse) this.accumulate(point, this.options.coarse!.bucketMs);
    return true;
  }

  last(): PackedPoint<K> | undefined {
    return this.fine.last();
  }

  /** The newest `n` points at full resolution, oldest first. */
  lastN(n: number): Array<PackedPoint<K>> {
    return this.fine.lastN(n);
  }

  /** The newest `n` values of one field at full resolution, oldest first. */
  lastValues(field: K, n: number): number[] {
    return this.fine.lastValues(field, n);
  }

  /** Everything kept, oldest first: bucket averages from before the full-resolution points, then those. */
  points(): Array<PackedPoint<K>> {
    const fine = this.fine.toArray();
    if (!this.coarse || this.coarse.size === 0) return fine;
    const from = fine[0]?.t ?? Number.POSITIVE_INFINITY;
    const bucketMs = this.options.coarse!.bucketMs;
    const older = this.coarse.toArray().filter((p) => p.t + bucketMs <= from);
    return older.concat(fine);
  }

  private accumulate(point: Readonly<PackedPoint<K>>, bucketMs: number): void {
    const start = Math.floor(point.t / bucketMs) * bucketMs;
    if (this.bucket && this.bucket.start !== start) {
      const { n, sums } = this.bucket;
      const average = { t: this.bucket.start } as PackedPoint<K>;
      for (const field of this.fields) (average as Record<K, number>)[field] = sums[field] / n;
      this.coarse!.push(average);
      this.bucket = undefined;
    }
    if (!this.bucket) {
      const sums = {} as Record<K, number>;
      for (const field of this.fields) sums[field] = 0;
      this.bucket = { start, n: 0, sums };
    }
    this.bucket.n += 1;
    for (const field of this.fields) this.bucket.sums[field] += point[field];
  }
}
