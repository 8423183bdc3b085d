/** Totals of one bucket: its start (epoch ms), how many sources were counted, and each field's sum. */
export type BucketTotal<K extends string> = { t: number; sources: number } & Record<K, number>;

export interface BucketSumOptions {
  /** Bucket width; buckets are aligned to multiples of it. Default 1 s. */
  bucketMs?: number;
  /** How far before a bucket a source's last sample may lie to stand in for it. Default 2 s. */
  carryMs?: number;
  /** At the start of a session, how long to wait for every source's first sample. Default 3 s. */
  warmupMs?: number;
  /** After a stall (sleep, a blocked event loop), only this many of the missed buckets are closed. Default 5. */
  maxCatchUp?: number;
}

interface Sample<K extends string> {
  t: number;
  values: Record<K, number>;
}

interface Source<K extends string> {
  /** When the source began to be counted (epoch ms). */
  since: number;
  /** Recent samples, oldest first. */
  samples: Array<Sample<K>>;
}

/** Samples kept per source: a few seconds' worth, enough to close buckets a little late. */
const MAX_SAMPLES = 8;

/**
 * Sums the samples of several sources (the running containers of an engine) into one point
 * per time bucket aligned to the clock (one per second), so sources sampled at slightly
 * different instants add up to the right total.
 *
 * A source sampled every second still misses a bucket now and then (its sample lands just
 * before or just after a boundary). Rather than let that second's total dip by the
 * source's share, its last sample is carried forward for up to `carryMs`: the total stays
 * true to what the source was doing, and a source that really went quiet (stream lost)
 * drops out after that short time. Waiting for every source instead would stall the
 * total on the slowest one, or forever on one whose stream broke.
 *
 * At the start of a session no source has reported yet (the engine's first stats element
 * has no CPU delta), so buckets are skipped until every source has reported or `warmupMs`
 * has passed: the series starts a moment late rather than with a false zero. A source
 * that joins later (a container that starts) counts from its first sample: that is
 * growth, not a dip.
 */
export class BucketSum<K extends string> {
  private readonly sources = new Map<string, Source<K>>();
  private readonly bucketMs: number;
  private readonly carryMs: number;
  private readonly warmupMs: number;
  private readonly maxCatchUp: number;
  /** Start of the next bucket to close; undefined before `start`. */
  private next: number | undefined;
  private startedAt = 0;
  /** A bucket of this session has been emitted (the warm-up is over). */
  private primed = false;

  constructor(
    private readonly fields: readonly K[],
    options: BucketSumOptions = {},
  ) {
    this.bucketMs = options.bucketMs ?? 1000;
    this.carryMs = options.carryMs ?? 2000;
    this.warmupMs = options.warmupMs ?? 3000;
    this.maxCatchUp = options.maxCatchUp ?? 5;
  }

  /** Begins a session at `now`: buckets that ended before it are never emitted. Tracked sources stay. */
  start(now: number): void {
    this.next = this.bucketOf(now);
    this.startedAt = now;
    this.primed = false;
  }

  /** Ends the session and forgets every source. */
  stop(): void {
    this.next = undefined;
    this.sources.clear();
  }

  get tracked(): number {
    return this.sources.size;
  }

  /** Counts `id` from now on (no-op if it is already counted). */
  track(id: string, now: number): void {
    if (!this.sources.has(id)) this.sources.set(id, { since: now, samples: [] });
  }

  /** Stops counting `id` (it stopped or went away): it no longer adds to any bucket still open. */
  untrack(id: string): void {
    this.sources.delete(id);
  }

  /** A sample of a tracked source at `t` (epoch ms); samples of untracked sources are ignored. */
  add(id: string, t: number, values: Readonly<Record<K, number>>): void {
    const source = this.sources.get(id);
    if (!source) return;
    const last = source.samples.at(-1);
    if (last && t <= last.t) return;
    const picked = {} as Record<K, number>;
    for (const field of this.fields) picked[field] = Number.isFinite(values[field]) ? values[field] : 0;
    source.samples.push({ t, values: picked });
    if (source.samples.length > MAX_SAMPLES) source.samples.shift();
  }

  /** Closes every bucket that ended at or before `now`; returns their totals, oldest first. */
  close(now: number): Array<BucketTotal<K>> {
    if (this.next === undefined) return [];
    const lastClosable = this.bucketOf(now) - this.bucketMs;
    if (lastClosable - this.next >= this.maxCatchUp * this.bucketMs) {
      this.next = lastClosable - (this.maxCatchUp - 1) * this.bucketMs;
    }
    const out: Array<BucketTotal<K>> = [];
    for (; this.next <= lastClosable; this.next += this.bucketMs) {
      const total = this.totalAt(this.next, now);
      if (total) out.push(total);
    }
    for (const source of this.sources.values()) {
      const keepFrom = this.next - this.carryMs;
      while (source.samples.length > 1 && source.samples[0]!.t < keepFrom) source.samples.shift();
    }
    return out;
  }

  private totalAt(bucket: number, now: number): BucketTotal<K> | undefined {
    const sums = {} as Record<K, number>;
    for (const field of this.fields) sums[field] = 0;
    let counted = 0;
    for (const source of this.sources.values()) {
      const sample = this.sampleFor(source, bucket);
      if (!sample) {
        const waiting = now - Math.max(source.since, this.startedAt) < this.warmupMs;
        if (!this.primed && waiting) return undefined;
        continue;
      }
      for (const field of this.fields) sums[field] += sample.values[field];
      counted += 1;
    }
    this.primed = true;
    return { t: bucket, sources: counted, ...sums };
  }

  /** The source's newest sample in the bucket, else its newest within `carryMs` before it. */
  private sampleFor(source: Source<K>, bucket: number): Sample<K> | undefined {
    const end = bucket + this.bucketMs;
    for (let i = source.samples.length - 1; i >= 0; i--) {
      const sample = source.samples[i]!;
      if (sample.t >= end) continue;
      return sample.t >= bucket - this.carryMs ? sample : undefined;
    }
    return undefined;
  }

  private bucketOf(t: number): number {
    return Math.floor(t / this.bucketMs) * this.bucketMs;
  }
}
