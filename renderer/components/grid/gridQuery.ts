/** Sorting and text filtering shared by every list: pure, so the rules are tested once. */
export type SortDir = 'asc' | 'desc';

export interface SortSpec<K extends string = string> {
  key: K;
  dir: SortDir;
}

/** Reads "name" or "cpu:desc" from the URL; anything unknown falls back. */
export function parseSort<K extends string>(
  value: string | null,
  keys: readonly K[],
  fallback: SortSpec<K>,
): SortSpec<K> {
  if (!value) return fallback;
  const [key, dir] = value.split(':');
  if (!keys.includes(key as K)) return fallback;
  return { key: key as K, dir: dir === 'desc' ? 'desc' : 'asc' };
}

export function formatSort(spec: SortSpec): string {
  return spec.dir === 'desc' ? `${spec.key}:desc` : spec.key;
}

/** Clicking a header: the same column flips direction, another column starts ascending. */
export function nextSort<K extends string>(current: SortSpec<K>, key: K): SortSpec<K> {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: 'asc' };
}

export function ariaSort(spec: SortSpec, key: string): 'ascending' | 'descending' | 'none' {
  if (spec.key !== key) return 'none';
  return spec.dir === 'asc' ? 'ascending' : 'descending';
}

export type SortValue = string | number | undefined;

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * A stable sort by one value; rows without a value go last in both directions, and
 * `tiebreak` (e.g. the name) keeps equal rows in a predictable order.
 */
export function sortBy<T>(
  rows: readonly T[],
  value: (row: T) => SortValue,
  dir: SortDir,
  tiebreak: (row: T) => string,
): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, v: value(row), t: tiebreak(row) }));
  keyed.sort((a, b) => {
    if (a.v === undefined || b.v === undefined) {
      if (a.v === undefined && b.v !== undefined) return 1;
      if (b.v === undefined && a.v !== undefined) return -1;
    } else if (a.v !== b.v) {
      const c =
        typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : collator.compare(String(a.v), String(b.v));
      if (c !== 0) return sign * c;
    }
    return collator.compare(a.t, b.t);
  });
  return keyed.map((k) => k.row);
}

/** Every whitespace-separated term must appear (case-insensitive) in one of the fields. */
export function matchesText(query: string, fields: ReadonlyArray<string | undefined>): boolean {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const haystack = fields.filter(Boolean).map((f) => f!.toLowerCase());
  return terms.every((term) => haystack.some((field) => field.includes(term)));
}
