import type { CollectionEvent } from '../../../shared/collection';

export interface Keyed {
  id: string;
}

type Emit<Row> = (event: CollectionEvent<Row>) => void;

interface Subscriber<Row> {
  emit: Emit<Row>;
  seq: number;
}

/**
 * The authoritative set of rows for one collection topic. Changes are coalesced
 * and sent to every subscriber as one delta per flush interval (default 100 ms);
 * a new subscriber first gets a snapshot.
 */
export class LiveCollection<Row extends Keyed> {
  private readonly rows = new Map<string, Row>();
  /** id → row to upsert, or null to delete, since the last flush. */
  private readonly pending = new Map<string, Row | null>();
  private readonly subscribers = new Set<Subscriber<Row>>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly flushMs = 100) {}

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
    if (previous && sameRow(previous, row)) return;
    this.rows.set(row.id, row);
    this.mark(row.id, row);
  }

  delete(id: string): void {
    if (!this.rows.delete(id)) return;
    this.mark(id, null);
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

  subscribe(emit: Emit<Row>): () => void {
    const subscriber: Subscriber<Row> = { emit, seq: 0 };
    this.subscribers.add(subscriber);
    emit({ type: 'snapshot', seq: subscriber.seq, rows: this.values() });
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
    for (const [id, row] of this.pending) {
      if (row) upserts.push(row);
      else deletes.push(id);
    }
    this.pending.clear();
    for (const subscriber of this.subscribers) {
      subscriber.seq += 1;
      subscriber.emit({ type: 'delta', seq: subscriber.seq, upserts, deletes });
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.subscribers.clear();
  }

  private mark(id: string, row: Row | null): void {
    this.pending.set(id, row);
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
