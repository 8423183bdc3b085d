import type { CollectionEvent } from '../../../shared/collection';

export interface Keyed {
  id: string;
}

type Emit<Row> = (event: CollectionEvent<Row>) => void;

interface Subscriber<Row> {
  emit: Emit<Row>;
  seq: number;
  /** Only rows it matches reach this subscriber (a namespace view of 10,000 pods). */
  filter?: (row: Row) => boolean;
}

/**
 * The authoritative set of rows for one collection topic. Changes are coalesced and sent to
 * every subscriber as one delta: a change after a quiet spell goes out on the same turn of the
 * event loop (with whatever else that turn brings, e.g. the rest of a watch chunk), and the
 * changes that follow wait for the end of the flush interval (default 100 ms), so a busy
 * collection still sends at most one delta per interval. A new subscriber first gets a snapshot.
 */
export class LiveCollection<Row extends Keyed> {
  private readonly rows = new Map<string, Row>();
  /** id → the row and whether it was upserted or deleted, since the last flush. */
  private readonly pending = new Map<string, { row: Row; deleted: boolean }>();
  private readonly subscribers = new Set<Subscriber<Row>>();
  /** The interval after a delta: changes meanwhile wait for its end. */
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** A delta due at the end of this turn of the event loop. */
  private immediate: ReturnType<typeof setImmediate> | undefined;

  /**
   * `same` says whether an upsert changes nothing (no delta sent). The default compares the
   * rows' JSON; rows with a version of their own (Kubernetes' resourceVersion) compare that,
   * which costs nothing per watch event.
   */
  constructor(
    private flushMs = 100,
    private readonly same: (a: Row, b: Row) => boolean = sameRow,
  ) {}

  get size(): number {
    return this.rows.size;
  }

  get(id: string): Row | undefined {
    return this.rows.get(id);
  }

  values(): Row[] {
    return [...this.rows.values()];
  }

  upsert(row: Row): void {
    const previous = this.rows.get(row.id);
    if (previous && this.same(previous, row)) return;
    this.rows.set(row.id, row);
    this.mark(row, false);
  }

  delete(id: string): void {
    const row = this.rows.get(id);
    if (!row) return;
    this.rows.delete(id);
    this.mark(row, true);
  }

  /** Makes the collection equal to `rows` (after a relist): stale rows are deleted. */
  replaceAll(rows: Iterable<Row>): void {
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      this.upsert(row);
    }
    for (const id of [...this.rows.keys()]) if (!seen.has(id)) this.delete(id);
  }

  clear(): void {
    this.replaceAll([]);
  }

  /** A snapshot first, then deltas; with `filter`, only the rows it matches (a row's match must not change). */
  subscribe(emit: Emit<Row>, filter?: (row: Row) => boolean): () => void {
    const subscriber: Subscriber<Row> = { emit, seq: 0, ...(filter ? { filter } : {}) };
    this.subscribers.add(subscriber);
    emit({ type: 'snapshot', seq: subscriber.seq, rows: filter ? this.values().filter(filter) : this.values() });
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * The interval between deltas from the next one on. Each delta costs a view a pass over the
   * rows it shows, so a list of 10,000 rows arriving at once is better sent in a few big ones.
   */
  setFlushInterval(ms: number): void {
    this.flushMs = ms;
  }

  /** Sends pending changes now (also used by tests and at shutdown). */
  flush(): void {
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    if (this.pending.size === 0) return;
    // What changes in the next interval waits for its end: one delta per interval, however busy.
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.flushMs);
    const upserts: Row[] = [];
    const deletes: string[] = [];
    const deletedRows: Row[] = [];
    for (const [id, change] of this.pending) {
      if (change.deleted) {
        deletes.push(id);
        deletedRows.push(change.row);
      } else upserts.push(change.row);
    }
    this.pending.clear();
    for (const subscriber of this.subscribers) {
      const { filter } = subscriber;
      const delta = filter
        ? { upserts: upserts.filter(filter), deletes: deletedRows.filter(filter).map((row) => row.id) }
        : { upserts, deletes };
      if (filter && delta.upserts.length === 0 && delta.deletes.length === 0) continue;
      subscriber.seq += 1;
      subscriber.emit({ type: 'delta', seq: subscriber.seq, ...delta });
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    this.subscribers.clear();
  }

  private mark(row: Row, deleted: boolean): void {
    this.pending.set(row.id, { row, deleted });
    if (this.subscribers.size === 0) {
      this.pending.clear();
      return;
    }
    if (!this.timer && !this.immediate) this.immediate = setImmediate(() => this.flush());
  }
}

function sameRow(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
