import type { CollectionEvent } from '../../shared/collection';
import { LayeredMap } from './layeredMap';

export interface CollectionState<Row> extends RowsVersion<Row> {
  rows: LayeredMap<string, Row>;
  seq: number;
  /** False until the first snapshot arrives. */
  loaded: boolean;
}

/** One version of a collection's rows, with where they may differ from earlier versions. */
export interface RowsVersion<Row> {
  rows: ReadonlyMap<string, Row>;
  /** Absent after a snapshot: then only comparing every row tells what changed. */
  changes?: RowChanges<Row>;
}

/**
 * The ids at which the rows of a run of deltas may differ from `since`, the rows the run
 * started from. One object is shared by every version of the run and only ever grows, so any
 * two versions of one run differ at most at these ids: a view of 30,000 rows updates from the
 * few hundred that changed instead of comparing every row after each delta.
 */
export interface RowChanges<Row> {
  since: ReadonlyMap<string, Row>;
  ids: Set<string>;
}

/** A run of deltas ends at this many ids: visiting more would cost about as much as comparing every row. */
const RUN_IDS = 4096;

export function emptyCollection<Row>(): CollectionState<Row> {
  return { rows: LayeredMap.of(), seq: -1, loaded: false };
}

/**
 * Applies one snapshot or delta into a new state (`state` is left as it was, and shares the
 * rows that did not change). Returns null when a delta does not follow the last seq: the
 * caller then resubscribes for a fresh snapshot.
 */
export function applyCollectionEvent<Row extends { id: string }>(
  state: CollectionState<Row>,
  event: CollectionEvent<Row>,
): CollectionState<Row> | null {
  if (event.type === 'snapshot') {
    return { rows: LayeredMap.of(event.rows.map((row) => [row.id, row])), seq: event.seq, loaded: true };
  }
  if (event.seq !== state.seq + 1) return null;
  const rows = state.rows.with(event.upserts, rowId, event.deletes);
  const size = event.upserts.length + event.deletes.length;
  // A delta as large as a run (every pod's usage after a poll) is compared row by row anyway.
  if (size > RUN_IDS) return { rows, seq: event.seq, loaded: true };
  const changes =
    state.changes && state.changes.ids.size + size <= RUN_IDS
      ? state.changes
      : { since: state.rows, ids: new Set<string>() };
  for (const id of event.deletes) changes.ids.add(id);
  for (const row of event.upserts) changes.ids.add(row.id);
  return { rows, seq: event.seq, loaded: true, changes };
}

function rowId(row: { id: string }): string {
  return row.id;
}

/**
 * Calls `visit` with the old and new row of each id whose row differs between two versions
 * of one collection (undefined where there is none): from their changes when these cover
 * both, else by comparing every row.
 */
export function forEachChange<Row>(
  before: RowsVersion<Row>,
  after: RowsVersion<Row>,
  visit: (old: Row | undefined, row: Row | undefined) => void,
): void {
  const changes = after.changes;
  if (changes && (changes === before.changes || changes.since === before.rows)) {
    for (const id of changes.ids) {
      const old = before.rows.get(id);
      const row = after.rows.get(id);
      if (old !== row) visit(old, row);
    }
    return;
  }
  let matched = 0;
  for (const [id, row] of after.rows) {
    const old = before.rows.get(id);
    if (old !== undefined) matched += 1;
    if (old !== row) visit(old, row);
  }
  if (matched < before.rows.size) for (const [id, old] of before.rows) if (!after.rows.has(id)) visit(old, undefined);
}
