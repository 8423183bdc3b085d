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
 * The authoritative set of rows for one collection topic. Changes are coalesced
 * and sent to every subscriber as one delta per flush interval (default 100 ms);
 * a new subscriber first gets a snapshot.
 */
export class LiveCollection<Row extends Keyed> {
  private readonly rows = new Map<string, Row>();
  /** id → the row and whether it was upserted or deleted, since the last flush. */
  private readonly pending = new Map<string, { row: Row; deleted: boolean }>();
  private readonly subscribers = new Set<Subscriber<Row>>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `same` says whether an upsert changes nothing (no delta sent). The default compares the
   * rows' JSON; rows with a version of their own (Kubernetes' resourceVersion) compare that,
   * which costs nothing per watch event.
   */
  constructor(
    private readonly flushMs = 100,
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

  /** Sends pending changes now (also used by tests and at shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
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
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.subscribers.clear();
  }

  private mark(row: Row, deleted: boolean): void {
    this.pending.set(row.id, { row, deleted });
    if (this.subscribers.size === 0) {
      this.pending.clear();
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }
}

function sameRow(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
