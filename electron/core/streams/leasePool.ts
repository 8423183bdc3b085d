/**
 * Reference-counted resources with a grace period: the first `acquire` of a key creates its
 * value, the last `release` schedules its disposal, and an `acquire` within the grace period
 * (a view re-rendering, a tab switch) keeps the same value instead of starting over.
 */
export class LeasePool<K, V> {
  private readonly entries = new Map<K, { value: V; refs: number; timer?: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly create: (key: K) => V,
    private readonly destroy: (value: V, key: K) => void,
    private readonly graceMs: number,
  ) {}

  /** The value for `key` and the one function that gives this lease back (idempotent). */
  acquire(key: K): { value: V; release: () => void } {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { value: this.create(key), refs: 0 };
      this.entries.set(key, entry);
    }
    clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.refs += 1;
    const held = entry;
    let released = false;
    return {
      value: held.value,
      release: () => {
        if (released) return;
        released = true;
        held.refs -= 1;
        if (held.refs > 0 || this.entries.get(key) !== held) return;
        held.timer = setTimeout(() => this.evict(key), this.graceMs);
        held.timer.unref?.();
      },
    };
  }

  /** The value of a key that is held (or in its grace period), without taking a lease. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  values(): V[] {
    return [...this.entries.values()].map((e) => e.value);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Disposes a value that went bad now, held or not (a shared resource whose source failed):
   * the next `acquire` creates a fresh one, and releasing the old leases changes nothing.
   */
  discard(key: K, value: V): void {
    if (this.entries.get(key)?.value === value) this.evict(key);
  }

  /** Disposes every value now, held or not. */
  clear(): void {
    for (const key of [...this.entries.keys()]) this.evict(key);
  }

  private evict(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.entries.delete(key);
    this.destroy(entry.value, key);
  }
}
