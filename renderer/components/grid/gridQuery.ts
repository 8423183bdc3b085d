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

/** Values in ascending order, missing values last in both directions (`sign` -1 for descending). */
function compareValues(a: SortValue, b: SortValue, sign: number): number {
  if (a === undefined || b === undefined) {
    if (a === undefined && b !== undefined) return 1;
    if (b === undefined && a !== undefined) return -1;
    return 0;
  }
  if (a === b) return 0;
  const c = typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
  return sign * c;
}

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
  keyed.sort((a, b) => compareValues(a.v, b.v, sign) || collator.compare(a.t, b.t));
  return keyed.map((k) => k.row);
}

/**
 * The same order as `sortBy`, as a comparator of two rows (for lists kept sorted as rows
 * change); the tiebreak is only read for rows of equal value.
 */
export function compareBy<T>(
  value: (row: T) => SortValue,
  dir: SortDir,
  tiebreak: (row: T) => string,
): (a: T, b: T) => number {
  const sign = dir === 'asc' ? 1 : -1;
  return (a, b) => compareValues(value(a), value(b), sign) || collator.compare(tiebreak(a), tiebreak(b));
}

/** Every whitespace-separated term must appear (case-insensitive) in one of the fields. */
export function matchesText(query: string, fields: ReadonlyArray<string | undefined>): boolean {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const haystack = fields.filter(Boolean).map((f) => f!.toLowerCase());
  return terms.every((term) => haystack.some((field) => field.includes(term)));
}
