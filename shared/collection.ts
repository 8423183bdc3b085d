/**
 * Collection topics send one snapshot, then batched deltas keyed by row id.
 * `seq` increases by one per message; a gap means the client must resubscribe.
 */
export type CollectionEvent<Row> =
  { type: 'snapshot'; seq: number; rows: Row[] } | { type: 'delta'; seq: number; upserts: Row[]; deletes: string[] };

/** Byte/line streams (logs, terminals) report what a bounded buffer had to drop. */
export interface StreamChunk<Item> {
  seq: number;
  items: Item[];
  /** Items dropped since the previous chunk because the consumer was too slow. */
  dropped: number;
  /** Set on the last chunk of a stream, with the reason it ended. */
  end?: { reason: string };
}

/** Time-series topics send the history the backend kept first, then new points in batches. */
export type SeriesEvent<P> = { type: 'history'; samples: P[] } | { type: 'samples'; samples: P[] };
