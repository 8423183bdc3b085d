import type { CollectionEvent } from '../../shared/collection';

export interface CollectionState<Row> {
  rows: Map<string, Row>;
  seq: number;
  /** False until the first snapshot arrives. */
  loaded: boolean;
}

export function emptyCollection<Row>(): CollectionState<Row> {
  return { rows: new Map(), seq: -1, loaded: false };
}

/**
 * Applies one snapshot or delta into a new state with rows of its own (`state` is left as it
 * was). Returns null when a delta does not follow the last seq: the caller then resubscribes
 * for a fresh snapshot.
 */
export function applyCollectionEvent<Row extends { id: string }>(
  state: CollectionState<Row>,
  event: CollectionEvent<Row>,
): CollectionState<Row> | null {
  if (event.type === 'snapshot') {
    return { rows: new Map(event.rows.map((row) => [row.id, row])), seq: event.seq, loaded: true };
  }
  if (event.seq !== state.seq + 1) return null;
  const rows = new Map(state.rows);
  for (const id of event.deletes) rows.delete(id);
  for (const row of event.upserts) rows.set(row.id, row);
  return { rows, seq: event.seq, loaded: true };
}
