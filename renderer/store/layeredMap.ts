const GONE = Symbol('gone');

/**
 * An immutable map made as a shared base plus the entries changed since it, so that a new
 * version after a delta copies only those entries, not the whole map: copying a Map of 30,000
 * pods takes about 9 ms, once per delta, where a version of a few changes costs microseconds.
 * When the changes grow large the next version is flattened into a base of its own.
 * Iteration visits the base's keys in its order, then the keys added since.
 */
export class LayeredMap<K, V> implements ReadonlyMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    /** Changed and added entries; GONE for keys of the base that were deleted. */
    private readonly over: ReadonlyMap<K, V | typeof GONE>,
    readonly size: number,
  ) {}

  static of<K, V>(entries: Iterable<readonly [K, V]> = []): LayeredMap<K, V> {
    const base = new Map(entries);
    return new LayeredMap(base, new Map(), base.size);
  }

  /** A new version with `deletes` gone and then `upserts` set under `keyOf` each; this one stays as it was. */
  with(upserts: readonly V[], keyOf: (value: V) => K, deletes: readonly K[] = []): LayeredMap<K, V> {
    // Past this many changed entries, copying them per version costs more than a base of its own.
    const limit = Math.max(256, this.base.size / 16);
    if (this.over.size + upserts.length + deletes.length > limit) {
      const base = this.over.size ? new Map(this.entries()) : new Map(this.base);
      for (const key of deletes) base.delete(key);
      for (const value of upserts) base.set(keyOf(value), value);
      return new LayeredMap(base, new Map(), base.size);
    }
    const over = new Map(this.over);
    let size = this.size;
    for (const key of deletes) {
      if (lookup(this.base, over, key) === undefined) continue;
      size -= 1;
      if (this.base.has(key)) over.set(key, GONE);
      else over.delete(key);
    }
    for (const value of upserts) {
      const key = keyOf(value);
      if (lookup(this.base, over, key) === undefined) size += 1;
      over.set(key, value);
    }
    return new LayeredMap(this.base, over, size);
  }

  get(key: K): V | undefined {
    return lookup(this.base, this.over, key);
  }

  has(key: K): boolean {
    return lookup(this.base, this.over, key) !== undefined;
  }

  entries(): MapIterator<[K, V]> {
    return this.over.size ? this.layered((key, value) => [key, value]) : this.base.entries();
  }

  keys(): MapIterator<K> {
    return this.over.size ? this.layered((key) => key) : this.base.keys();
  }

  values(): MapIterator<V> {
    return this.over.size ? this.layered((_, value) => value) : this.base.values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  private *layered<T>(pick: (key: K, value: V) => T): MapIterator<T> {
    for (const [key, value] of this.base) {
      const changed = this.over.get(key);
      if (changed === undefined) yield pick(key, value);
      else if (changed !== GONE) yield pick(key, changed);
    }
    for (const [key, value] of this.over) if (value !== GONE && !this.base.has(key)) yield pick(key, value);
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}

function lookup<K, V>(base: ReadonlyMap<K, V>, over: ReadonlyMap<K, V | typeof GONE>, key: K): V | undefined {
  // Most versions have nothing layered (each metrics poll flattens): one hash lookup, not two.
  if (over.size === 0) return base.get(key);
  const changed = over.get(key);
  if (changed === GONE) return undefined;
  return changed !== undefined ? changed : base.get(key);
}
