/**
 * A fixed-capacity ring: pushing past capacity overwrites the oldest item. Used for
 * per-container stats history (15 min at 1 s = 900 samples) and recent engine events,
 * where memory must stay bounded no matter how long the app runs.
 */
export class RingBuffer<T> {
  private readonly items: Array<T | undefined>;
  /** Index where the next push goes. */
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new Error(`ring capacity must be a positive integer`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds an item; returns the oldest item it overwrote, once the ring is full. */
  push(item: T): T | undefined {
    const evicted = this.count === this.capacity ? this.items[this.head] : undefined;
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count += 1;
    return evicted;
  }

  /** The newest item, if any. */
  last(): T | undefined {
    if (this.count === 0) return undefined;
    return this.items[(this.head - 1 + this.capacity) % this.capacity];
  }

  /** Items oldest → newest. */
  toArray(): T[] {
    return this.lastN(this.count);
  }

  /** The newest `n` items, oldest → newest. */
  lastN(n: number): T[] {
    const take = Math.max(0, Math.min(n, this.count));
    const out = new Array<T>(take);
    const start = (this.head - take + this.capacity) % this.capacity;
    for (let i = 0; i < take; i++) out[i] = this.items[(start + i) % this.capacity] as T;
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
  }
}
