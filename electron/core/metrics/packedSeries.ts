/** A point of a packed series: `t` is epoch ms, every other field a number. */
export type PackedPoint<K extends string> = { t: number } & Record<K, number>;

export interface PackedSeriesOptions<K extends string> {
  /** Most points kept; past it the oldest is overwritten. */
  capacity: number;
  /** Points allocated at first; the arrays double up to `capacity` as points arrive. Default 16. */
  initialCapacity?: number;
  /** Fields stored as 32-bit floats (7 significant digits: enough for CPU); others as 64-bit. */
  float32?: readonly K[];
}

type Column = Float32Array | Float64Array;

/**
 * A bounded time series stored column by column in typed arrays: 8 bytes per point for
 * the time plus 4 or 8 per field, against ~60 for an object per point. For series kept by
 * the thousand (one per pod of a large cluster). Short-lived series stay small: the arrays
 * grow by doubling and only reach `capacity` when the series lives that long. Every column
 * is a view on one buffer, and the series keeps no options object: at 10,000 pods a buffer
 * per column and a copy of the options were about 400 bytes a series beyond the points.
 */
export class PackedSeries<K extends string> {
  private readonly capacity: number;
  private t: Float64Array;
  private columns: Record<K, Column>;
  /** Index of the oldest point. */
  private start = 0;
  private count = 0;

  constructor(
    private readonly fields: readonly K[],
    options: PackedSeriesOptions<K>,
  ) {
    if (!Number.isInteger(options.capacity) || options.capacity <= 0) {
      throw new Error('series capacity must be a positive integer');
    }
    this.capacity = options.capacity;
    const initial = Math.min(options.capacity, Math.max(1, options.initialCapacity ?? 16));
    const float32 = (field: K) => options.float32?.includes(field) ?? false;
    ({ t: this.t, columns: this.columns } = allocate(fields, initial, float32));
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the arrays now. */
  get bytes(): number {
    return this.t.buffer.byteLength;
  }

  /** Appends a point; one that does not move forward in time is ignored (returns false). */
  push(point: Readonly<PackedPoint<K>>): boolean {
    if (this.count > 0 && point.t <= this.t[this.index(this.count - 1)]!) return false;
    if (this.count === this.t.length && this.t.length < this.capacity) this.grow();
    const at = this.count === this.t.length ? this.start : this.index(this.count);
    this.t[at] = point.t;
    for (const field of this.fields) this.columns[field][at] = point[field];
    if (this.count === this.t.length) this.start = (this.start + 1) % this.t.length;
    else this.count += 1;
    return true;
  }

  last(): PackedPoint<K> | undefined {
    return this.count === 0 ? undefined : this.at(this.count - 1);
  }

  /** The newest `n` points, oldest first. */
  lastN(n: number): Array<PackedPoint<K>> {
    const take = Math.max(0, Math.min(n, this.count));
    const out = new Array<PackedPoint<K>>(take);
    for (let i = 0; i < take; i++) out[i] = this.at(this.count - take + i);
    return out;
  }

  /** The newest `n` values of one field, oldest first (no point objects: for sparklines of thousands of rows). */
  lastValues(field: K, n: number): number[] {
    const take = Math.max(0, Math.min(n, this.count));
    const column = this.columns[field];
    const out = new Array<number>(take);
    for (let i = 0; i < take; i++) out[i] = column[this.index(this.count - take + i)]!;
    return out;
  }

  /** Every point, oldest first. */
  toArray(): Array<PackedPoint<K>> {
    return this.lastN(this.count);
  }

  /** Time of the oldest point kept. */
  firstTime(): number | undefined {
    return this.count === 0 ? undefined : this.t[this.start];
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
  }

  private at(i: number): PackedPoint<K> {
    const index = this.index(i);
    const point = { t: this.t[index]! } as PackedPoint<K>;
    for (const field of this.fields) (point as Record<K, number>)[field] = this.columns[field][index]!;
    return point;
  }

  private index(i: number): number {
    return (this.start + i) % this.t.length;
  }

  private grow(): void {
    const size = Math.min(this.capacity, this.t.length * 2);
    const grown = allocate(this.fields, size, (field) => this.columns[field] instanceof Float32Array);
    const order = (from: Column, to: Column): void => {
      for (let i = 0; i < this.count; i++) to[i] = from[this.index(i)]!;
    };
    order(this.t, grown.t);
    for (const field of this.fields) order(this.columns[field], grown.columns[field]);
    this.t = grown.t;
    this.columns = grown.columns;
    this.start = 0;
  }
}

/**
 * The columns of `size` points as views on one buffer: the times and 64-bit fields first,
 * then the 32-bit ones, so every view starts at an offset its element size divides.
 */
function allocate<K extends string>(
  fields: readonly K[],
  size: number,
  float32: (field: K) => boolean,
): { t: Float64Array; columns: Record<K, Column> } {
  const wide = fields.filter((f) => !float32(f));
  const narrow = fields.filter(float32);
  const buffer = new ArrayBuffer(size * (8 * (1 + wide.length) + 4 * narrow.length));
  const columns = {} as Record<K, Column>;
  let offset = size * 8;
  for (const field of wide) {
    columns[field] = new Float64Array(buffer, offset, size);
    offset += size * 8;
  }
  for (const field of narrow) {
    columns[field] = new Float32Array(buffer, offset, size);
    offset += size * 4;
  }
  return { t: new Float64Array(buffer, 0, size), columns };
}
