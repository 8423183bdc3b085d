import type { PackedPoint } from './packedSeries';

export interface HistorySlabShape<K extends string> {
  fields: readonly K[];
  /** Points at full resolution kept per history. */
  fineCapacity: number;
  /** Older points as averages per aligned bucket, if set. */
  coarse?: { bucketMs: number; capacity: number };
  /** Fields stored as 32-bit floats (7 significant digits); the others as 64-bit. */
  float32?: readonly K[];
}

type Column = Float32Array | Float64Array;

/** Bytes a page of slots aims at: a slab grows by pages, so it never holds more than one page unused. */
const PAGE_BYTES = 64 * 1024;

/** The arrays of a page's slots: every history's rings and state, slot by slot. */
interface Page<K extends string> {
  /** Full resolution: a ring of `fineCapacity` points per slot. */
  fineT: Float64Array;
  fine: Record<K, Column>;
  fineStart: Uint32Array;
  fineCount: Uint32Array;
  /** Averages: a bucket's time is its index (t / bucketMs), exact in 32 bits. */
  coarseBucket: Uint32Array;
  coarse: Record<K, Column>;
  coarseStart: Uint32Array;
  coarseCount: Uint32Array;
  /** The bucket being summed per slot (-1: none) and its running sums. */
  openBucket: Float64Array;
  openCount: Uint32Array;
  sums: Record<K, Float64Array>;
}

/** Where the `i`th oldest value of slot `s`'s ring lies: each slot has `capacity` places in a row. */
function ringIndex(start: Uint32Array, s: number, i: number, capacity: number): number {
  return s * capacity + ((start[s]! + i) % capacity);
}

/** Where slot `s`'s ring takes its next value: after its newest, or over its oldest once full. */
function ringAppend(start: Uint32Array, count: Uint32Array, s: number, capacity: number): number {
  const n = count[s]!;
  if (n < capacity) {
    count[s] = n + 1;
    return ringIndex(start, s, n, capacity);
  }
  const oldest = start[s]!;
  start[s] = (oldest + 1) % capacity;
  return s * capacity + oldest;
}

/**
 * Many bounded two-tier histories (the newest points at full resolution, averages per
 * aligned bucket before them, as DownsampledHistory keeps one) stored together in typed
 * arrays and addressed by slot number. For histories kept by the ten thousand, one per
 * pod: a DownsampledHistory is two series, each a buffer with three views and a few
 * objects, about 1.4 KB of heap a pod before its points; here a history is its points and
 * a few numbers in arrays the collector never walks. Every slot holds its full capacity
 * from the start. Slots come in pages of about 64 KB, added as histories are and given
 * back when many are released (the held histories move down; their owners are told).
 */
export class HistorySlab<K extends string> {
  private readonly fields: readonly K[];
  private readonly fineCapacity: number;
  private readonly coarseCapacity: number;
  private readonly bucketMs: number;
  private readonly float32: (field: K) => boolean;
  /** Slots per page: a power of two, so a slot's page and place are a shift and a mask. */
  private readonly pageShift: number;
  private readonly pageMask: number;
  private readonly pages: Array<Page<K>> = [];
  private used = 0;
  /** Slots below the high-water mark that are not held, reused first. */
  private readonly free: number[] = [];
  private inUse = new Uint8Array(0);

  constructor(shape: HistorySlabShape<K>) {
    if (!Number.isInteger(shape.fineCapacity) || shape.fineCapacity <= 0) {
      throw new Error('history capacity must be a positive integer');
    }
    this.fields = shape.fields;
    this.fineCapacity = shape.fineCapacity;
    this.coarseCapacity = shape.coarse?.capacity ?? 0;
    this.bucketMs = shape.coarse?.bucketMs ?? 0;
    this.float32 = (field) => shape.float32?.includes(field) ?? false;
    this.pageShift = Math.max(0, Math.floor(Math.log2(PAGE_BYTES / this.bytesPerSlot)));
    this.pageMask = (1 << this.pageShift) - 1;
  }

  /** Histories held now. */
  get size(): number {
    return this.used;
  }

  /** Bytes one history holds, whatever its age: its points, its averages, its rings' state. */
  get bytesPerSlot(): number {
    const fields = this.fields.reduce((n, f) => n + (this.float32(f) ? 4 : 8), 0);
    const tiers = this.fineCapacity * (8 + fields) + this.coarseCapacity * (4 + fields);
    return tiers + 4 * 5 + 8 + 8 * this.fields.length + 1;
  }

  /** Bytes the arrays hold now, free slots included. */
  get bytes(): number {
    return this.pages.length * (1 << this.pageShift) * this.bytesPerSlot;
  }

  /** A new, empty history. */
  acquire(): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      // With none free, every slot below the high-water mark is held: the next is new.
      slot = this.used;
      if (slot >> this.pageShift === this.pages.length) this.addPage();
    }
    this.used += 1;
    this.inUse[slot] = 1;
    const page = this.page(slot);
    const at = slot & this.pageMask;
    page.fineStart[at] = 0;
    page.fineCount[at] = 0;
    page.coarseStart[at] = 0;
    page.coarseCount[at] = 0;
    page.openBucket[at] = -1;
    return slot;
  }

  release(slot: number): void {
    if (!this.inUse[slot]) return;
    this.inUse[slot] = 0;
    this.used -= 1;
    this.free.push(slot);
  }

  /**
   * Gives pages back once more than a quarter of the slots are free (a cluster scaled down,
   * a context left): the held histories move to the lowest slots, each move told to
   * `moved` so its owner can follow it.
   */
  shrink(moved: (from: number, to: number) => void): void {
    const slots = this.pages.length << this.pageShift;
    const needed = Math.ceil(this.used / (1 << this.pageShift));
    if (needed === this.pages.length || slots - this.used <= slots / 4) return;
    let to = 0;
    for (let from = 0; from < slots; from++) {
      if (!this.inUse[from]) continue;
      if (from !== to) {
        this.move(from, to);
        moved(from, to);
      }
      to += 1;
    }
    this.free.length = 0;
    this.pages.length = needed;
    this.inUse = this.inUse.slice(0, needed << this.pageShift);
  }

  /** Appends a point; one that does not move forward in time is ignored (returns false). */
  push(slot: number, point: Readonly<PackedPoint<K>>): boolean {
    const page = this.page(slot);
    const s = slot & this.pageMask;
    const count = page.fineCount[s]!;
    if (count > 0 && point.t <= page.fineT[this.fineIndex(page, s, count - 1)]!) return false;
    const at = ringAppend(page.fineStart, page.fineCount, s, this.fineCapacity);
    page.fineT[at] = point.t;
    for (const field of this.fields) page.fine[field][at] = point[field];
    if (this.coarseCapacity > 0) this.accumulate(page, s, point);
    return true;
  }

  last(slot: number): PackedPoint<K> | undefined {
    const page = this.page(slot);
    const s = slot & this.pageMask;
    const count = page.fineCount[s]!;
    return count === 0 ? undefined : this.finePoint(page, this.fineIndex(page, s, count - 1));
  }

  /** The newest `n` values of one field at full resolution, oldest first. */
  lastValues(slot: number, field: K, n: number): number[] {
    const page = this.page(slot);
    const s = slot & this.pageMask;
    const count = page.fineCount[s]!;
    const take = Math.max(0, Math.min(n, count));
    const column = page.fine[field];
    const out = new Array<number>(take);
    for (let i = 0; i < take; i++) out[i] = column[this.fineIndex(page, s, count - take + i)]!;
    return out;
  }

  /** Everything kept, oldest first: bucket averages from before the full-resolution points, then those. */
  points(slot: number): Array<PackedPoint<K>> {
    const page = this.page(slot);
    const s = slot & this.pageMask;
    const fineCount = page.fineCount[s]!;
    const from = fineCount === 0 ? Number.POSITIVE_INFINITY : page.fineT[this.fineIndex(page, s, 0)]!;
    const out: Array<PackedPoint<K>> = [];
    const coarseCount = page.coarseCount[s]!;
    for (let i = 0; i < coarseCount; i++) {
      const at = ringIndex(page.coarseStart, s, i, this.coarseCapacity);
      const t = page.coarseBucket[at]! * this.bucketMs;
      if (t + this.bucketMs > from) break;
      const point = { t } as PackedPoint<K>;
      for (const field of this.fields) (point as Record<K, number>)[field] = page.coarse[field][at]!;
      out.push(point);
    }
    for (let i = 0; i < fineCount; i++) out.push(this.finePoint(page, this.fineIndex(page, s, i)));
    return out;
  }

  private page(slot: number): Page<K> {
    const page = this.pages[slot >> this.pageShift];
    if (!page || !this.inUse[slot]) throw new Error(`history slot ${slot} is not held`);
    return page;
  }

  private fineIndex(page: Page<K>, s: number, i: number): number {
    return ringIndex(page.fineStart, s, i, this.fineCapacity);
  }

  private finePoint(page: Page<K>, at: number): PackedPoint<K> {
    const point = { t: page.fineT[at]! } as PackedPoint<K>;
    for (const field of this.fields) (point as Record<K, number>)[field] = page.fine[field][at]!;
    return point;
  }

  /** Adds a point to its bucket's sums; a point in a later bucket first closes the open one as an average. */
  private accumulate(page: Page<K>, s: number, point: Readonly<PackedPoint<K>>): void {
    const bucket = Math.floor(point.t / this.bucketMs);
    const open = page.openBucket[s]!;
    if (open !== bucket) {
      if (open >= 0) this.closeBucket(page, s, open);
      page.openBucket[s] = bucket;
      page.openCount[s] = 0;
      for (const field of this.fields) page.sums[field][s] = 0;
    }
    page.openCount[s]! += 1;
    for (const field of this.fields) page.sums[field][s]! += point[field];
  }

  private closeBucket(page: Page<K>, s: number, bucket: number): void {
    const at = ringAppend(page.coarseStart, page.coarseCount, s, this.coarseCapacity);
    const n = page.openCount[s]!;
    page.coarseBucket[at] = bucket;
    for (const field of this.fields) page.coarse[field][at] = page.sums[field][s]! / n;
  }

  /** Copies a held history into a free slot. */
  private move(from: number, to: number): void {
    const a = this.pages[from >> this.pageShift]!;
    const b = this.pages[to >> this.pageShift]!;
    const f = from & this.pageMask;
    const t = to & this.pageMask;
    const copy = (source: Column | Uint32Array, target: Column | Uint32Array, width: number): void => {
      target.set(source.subarray(f * width, (f + 1) * width), t * width);
    };
    copy(a.fineT, b.fineT, this.fineCapacity);
    copy(a.coarseBucket, b.coarseBucket, this.coarseCapacity);
    for (const field of this.fields) {
      copy(a.fine[field], b.fine[field], this.fineCapacity);
      copy(a.coarse[field], b.coarse[field], this.coarseCapacity);
      copy(a.sums[field], b.sums[field], 1);
    }
    for (const key of ['fineStart', 'fineCount', 'coarseStart', 'coarseCount', 'openCount'] as const) {
      copy(a[key], b[key], 1);
    }
    copy(a.openBucket, b.openBucket, 1);
    this.inUse[to] = 1;
    this.inUse[from] = 0;
  }

  private addPage(): void {
    const slots = 1 << this.pageShift;
    const column = (field: K, n: number): Column => (this.float32(field) ? new Float32Array(n) : new Float64Array(n));
    const perField = <C>(make: (field: K) => C): Record<K, C> => {
      const out = {} as Record<K, C>;
      for (const field of this.fields) out[field] = make(field);
      return out;
    };
    this.pages.push({
      fineT: new Float64Array(slots * this.fineCapacity),
      fine: perField((field) => column(field, slots * this.fineCapacity)),
      fineStart: new Uint32Array(slots),
      fineCount: new Uint32Array(slots),
      coarseBucket: new Uint32Array(slots * this.coarseCapacity),
      coarse: perField((field) => column(field, slots * this.coarseCapacity)),
      coarseStart: new Uint32Array(slots),
      coarseCount: new Uint32Array(slots),
      openBucket: new Float64Array(slots),
      openCount: new Uint32Array(slots),
      sums: perField(() => new Float64Array(slots)),
    });
    const inUse = new Uint8Array(this.pages.length * slots);
    inUse.set(this.inUse);
    this.inUse = inUse;
  }
}
