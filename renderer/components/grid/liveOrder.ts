import { forEachChange, type RowsVersion } from '../../store/collection';

/**
 * The filtered, sorted rows of a live collection, kept up to date from one version of the
 * collection to the next by looking only at the rows that changed: a delta of a few pods in a
 * list of 10,000 costs a pass of identity checks and a few binary searches, not a sort of the
 * whole list (tens of thousands of locale-aware comparisons) each time. Pure but stateful.
 */
export interface OrderQuery<Row> {
  /** What the filter and sort depend on, compared item by item: any change orders every row again. */
  deps: readonly unknown[];
  /** Rows to show; null shows every row. */
  keep: ((row: Row) => boolean) | null;
  /** A total order (0 only for the same row), so that updated and fresh orders agree. */
  compare: (a: Row, b: Row) => number;
}

/** Above this share of the rows changed, sorting afresh is as cheap as merging. */
const MERGE_LIMIT = 0.25;

/**
 * Returns the ordering function: give it each new version of the rows (a new Map when
 * anything changed, the same row objects for unchanged rows) and it answers the rows to show,
 * in order: the same array when nothing shown changed, a new one otherwise.
 */
export function createLiveOrder<Row>(): (version: RowsVersion<Row>, query: OrderQuery<Row>) => readonly Row[] {
  let source: RowsVersion<Row> | null = null;
  let deps: readonly unknown[] = [];
  let order: readonly Row[] = [];

  const fresh = (rows: ReadonlyMap<string, Row>, query: OrderQuery<Row>): Row[] => {
    const out: Row[] = [];
    for (const row of rows.values()) if (!query.keep || query.keep(row)) out.push(row);
    return out.sort(query.compare);
  };

  return (version, query) => {
    if (version.rows === source?.rows && sameDeps(deps, query.deps)) return order;
    if (!source || !sameDeps(deps, query.deps)) {
      order = fresh(version.rows, query);
    } else {
      const gone = new Set<Row>();
      const added: Row[] = [];
      forEachChange(source, version, (old, row) => {
        if (old !== undefined) gone.add(old);
        if (row !== undefined && (!query.keep || query.keep(row))) added.push(row);
      });
      if (added.length > order.length * MERGE_LIMIT) order = fresh(version.rows, query);
      else if (gone.size || added.length) order = merge(order, gone, added, query.compare);
    }
    // Not `version` itself: a view object is made afresh for each render.
    source = { rows: version.rows, changes: version.changes };
    deps = query.deps;
    return order;
  };
}

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/** `order` without the `gone` rows, with the `added` rows in their places; `order` itself when nothing moved. */
function merge<Row>(
  order: readonly Row[],
  gone: ReadonlySet<Row>,
  added: Row[],
  compare: (a: Row, b: Row) => number,
): readonly Row[] {
  let kept = gone.size ? order.filter((row) => !gone.has(row)) : order;
  // Rows that changed while filtered out: nothing shown moved.
  if (kept.length === order.length) kept = order;
  if (!added.length) return kept;
  added.sort(compare);
  const out: Row[] = [];
  let from = 0;
  for (const row of added) {
    // The first kept row that sorts after this one.
    let lo = from;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(kept[mid]!, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = from; i < lo; i++) out.push(kept[i]!);
    out.push(row);
    from = lo;
  }
  for (let i = from; i < kept.length; i++) out.push(kept[i]!);
  return out;
}
