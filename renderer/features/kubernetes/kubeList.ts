/**
 * One table for every kind: its columns (Name, Namespace and Age first, then health, the
 * kind's own columns, usage for pods and nodes), the text and label filters, and sorting.
 * Pure, so the rules are tested without a browser.
 */
import type { LabelSelector } from '../../../shared/kube/object';
import type { KubeMetricsRow } from '../../../shared/kube/summary';
import type { CellValue, HealthLevel, KindColumn, KindInfo, KubeRow } from '../../../shared/kube/types';
import { compareBy, matchesText, type SortSpec, type SortValue } from '../../components/grid/gridQuery';
import { formatAge } from '../../format/age';

export type ColumnRole = 'name' | 'namespace' | 'age' | 'health' | 'cell' | 'cpu' | 'memory';

export interface ViewColumn {
  id: string;
  label: string;
  role: ColumnRole;
  /** A CSS grid track. */
  width: string;
  align?: 'end';
  mono?: boolean;
  format?: KindColumn['format'];
  help?: string;
}

/** Column ids of our own; a kind's column with the same id would be ambiguous, so it is renamed. */
const RESERVED = new Set(['name', 'namespace', 'age', 'health', 'cpu', 'memory']);

/** Characters each column the rows hold, for the kind's columns that say how many their values take. */
export type FittedChars = Readonly<Record<string, number>>;

/**
 * For each column with `chars`: the characters its longest value among `rows` takes, up to
 * `chars`. A node's Status makes room for "Ready,SchedulingDisabled" where a node is cordoned,
 * and leaves it to the other columns (Memory) where every node reads "Ready".
 */
export function fittedChars(columns: readonly KindColumn[], rows: Iterable<KubeRow>): FittedChars {
  const sized = columns.filter((c) => c.chars);
  if (sized.length === 0) return {};
  const longest: Record<string, number> = {};
  for (const column of sized) longest[column.id] = 0;
  for (const row of rows) {
    for (const column of sized) {
      const value = row.cells[column.id];
      const length = typeof value === 'string' ? value.length : 0;
      if (length > longest[column.id]!) longest[column.id] = Math.min(length, column.chars!);
    }
  }
  return longest;
}

function cellWidth(column: KindColumn, fitted: FittedChars | undefined): string {
  if (column.long) return 'minmax(160px, 4fr)';
  // Room for a label such as "Last seen" with its sort arrow.
  if (column.format === 'age' || column.format === 'duration') return '104px';
  // 16 px: the cell's padding; never narrower than a text column's least (its label).
  if (column.chars) return `minmax(max(90px, calc(${fitted?.[column.id] ?? column.chars}ch + 16px)), 1fr)`;
  if (column.align === 'end' || column.format === 'number') return 'minmax(70px, 0.5fr)';
  // An IPv4 address whole (a Service's cluster IP, a pod's IP).
  if (column.mono) return 'minmax(128px, 1fr)';
  return 'minmax(90px, 1fr)';
}

/** The column id under which a kind's column is shown (its own id unless it clashes with ours). */
export function cellColumnId(column: Pick<KindColumn, 'id'>): string {
  return RESERVED.has(column.id) ? `cell.${column.id}` : column.id;
}

export function viewColumns(
  kind: Pick<KindInfo, 'namespaced' | 'columns'>,
  options: { wide: boolean; compact: boolean; usage: boolean; fitted?: FittedChars },
): ViewColumn[] {
  // Beside the details panel the list has about half the width: narrower minimums.
  const narrow = options.compact;
  const columns: ViewColumn[] = [
    // 172 px: a pod's nine columns, CrashLoopBackOff whole among them, fit a 1280 px window.
    { id: 'name', label: 'Name', role: 'name', width: narrow ? 'minmax(130px, 2fr)' : 'minmax(172px, 2fr)' },
  ];
  if (kind.namespaced)
    columns.push({
      id: 'namespace',
      label: 'Namespace',
      role: 'namespace',
      width: narrow ? 'minmax(70px, 0.8fr)' : 'minmax(90px, 0.8fr)',
    });
  columns.push({
    id: 'age',
    label: 'Age',
    role: 'age',
    width: '60px',
    align: 'end',
    help: 'Time since the object was created',
  });
  columns.push({
    id: 'health',
    label: 'Health',
    role: 'health',
    width: narrow ? 'minmax(110px, 1.4fr)' : 'minmax(150px, 1.4fr)',
    help: "Berth's reading of the object's state: healthy, warning, failing, idle or unknown, and why",
  });
  for (const column of options.compact ? [] : kind.columns) {
    if (column.wide && !options.wide) continue;
    columns.push({
      id: cellColumnId(column),
      label: column.label,
      role: 'cell',
      width: cellWidth(column, options.fitted),
      ...(column.align === 'end' ? { align: 'end' as const } : {}),
      ...(column.mono ? { mono: true } : {}),
      ...(column.format ? { format: column.format } : {}),
      ...(column.help ? { help: column.help } : {}),
    });
  }
  if (options.usage) {
    columns.push({
      id: 'cpu',
      label: 'CPU',
      role: 'cpu',
      width: narrow ? '110px' : '130px',
      align: 'end',
      help: 'CPU in use (metrics.k8s.io), millicores or cores',
    });
    if (!options.compact) columns.push({ id: 'memory', label: 'Memory', role: 'memory', width: '90px', align: 'end' });
  }
  return columns;
}

/** The order a kind's list starts in until the user sorts it: the kind's own, else by name. */
export function defaultSort(kind: Pick<KindInfo, 'sort'>): SortSpec {
  return kind.sort ? { key: cellColumnId({ id: kind.sort.column }), dir: kind.sort.dir } : { key: 'name', dir: 'asc' };
}

/** The raw value of a kind's column in a row (by the kind's own column id). */
export function cellValue(row: KubeRow, column: ViewColumn): CellValue | undefined {
  const id = column.id.startsWith('cell.') ? column.id.slice(5) : column.id;
  return row.cells[id];
}

/** "1h 3m", "45s": a duration in ms. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/** Thousands separated, as toLocaleString('en-US') does, without building a formatter per cell. */
const numberFormat = new Intl.NumberFormat('en-US');

/** What a cell shows, as text ('' when empty: the grid shows a dash). */
export function cellText(value: CellValue | undefined, format: KindColumn['format'], now: number): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (format === 'age' && typeof value === 'number') return formatAge(value, now);
  if (format === 'duration' && typeof value === 'number') return formatDuration(value);
  if (typeof value === 'number') return numberFormat.format(value);
  return value;
}

export const HEALTH_WORDS: Record<HealthLevel, string> = {
  ok: 'Healthy',
  warning: 'Warning',
  failing: 'Failing',
  idle: 'Idle',
  unknown: 'Unknown',
};

/**
 * What a row's health adds in words: its reason, unless that only repeats the row's Status
 * (a running pod's "Running", a node's "Ready"), which the table and the details show already.
 */
export function healthReason(row: Pick<KubeRow, 'health' | 'cells'>): string | undefined {
  const { reason } = row.health;
  return reason && reason !== row.cells.status ? reason : undefined;
}

/** A health level in words, as the kind reads it (an event is Normal, not Healthy). */
export function healthWord(level: HealthLevel, kind?: Pick<KindInfo, 'healthWords'>): string {
  return kind?.healthWords?.[level] ?? HEALTH_WORDS[level];
}

/** Ascending health puts what needs attention first. */
const HEALTH_RANK: Record<HealthLevel, number> = { failing: 0, warning: 1, unknown: 2, idle: 3, ok: 4 };

// ---- Label filter: "app=api,tier!=db,release,!canary" (kubectl's equality selectors) ----

export type LabelTerm =
  | { op: '='; key: string; value: string }
  | { op: '!='; key: string; value: string }
  | { op: 'exists'; key: string }
  | { op: '!exists'; key: string };

const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export function parseLabelFilter(text: string): { terms: LabelTerm[]; error?: string } {
  const terms: LabelTerm[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const match = /^(!?)([^=!\s]+)\s*(?:(==|=|!=)\s*(.*))?$/.exec(part);
    const key = match?.[2];
    if (!match || !key || !LABEL_KEY.test(key) || (match[1] && match[3])) {
      return { terms, error: `"${part}" is not a label filter: write key=value, key!=value, key or !key` };
    }
    const value = (match[4] ?? '').trim();
    if (match[1]) terms.push({ op: '!exists', key });
    else if (!match[3]) terms.push({ op: 'exists', key });
    else if (match[3] === '!=') terms.push({ op: '!=', key, value });
    else terms.push({ op: '=', key, value });
  }
  return { terms };
}

export function matchesLabels(
  labels: Readonly<Record<string, string>> | undefined,
  terms: readonly LabelTerm[],
): boolean {
  const l = labels ?? {};
  return terms.every((term) => {
    const has = Object.prototype.hasOwnProperty.call(l, term.key);
    switch (term.op) {
      case '=':
        return has && l[term.key] === term.value;
      case '!=':
        return !has || l[term.key] !== term.value;
      case 'exists':
        return has;
      case '!exists':
        return !has;
    }
  });
}

/**
 * A label selector as the label filter that finds the same objects; null when the filter cannot
 * say it (`In` with several values: the filter has no "or").
 */
export function selectorFilter(selector: LabelSelector): string | null {
  const terms = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = e.values ?? [];
    if (e.operator === 'In' && values.length === 1) terms.push(`${e.key}=${values[0]}`);
    else if (e.operator === 'NotIn') terms.push(...values.map((v) => `${e.key}!=${v}`));
    else if (e.operator === 'Exists') terms.push(e.key);
    else if (e.operator === 'DoesNotExist') terms.push(`!${e.key}`);
    else return null;
  }
  return terms.join(',');
}

/**
 * Whether a row's name, namespace, health or any cell matches every word, and its labels every
 * label term; null when nothing is filtered out (no words, no terms).
 */
export function rowFilter(text: string, terms: readonly LabelTerm[]): ((row: KubeRow) => boolean) | null {
  if (!text.trim() && terms.length === 0) return null;
  return (row) =>
    matchesLabels(row.labels, terms) &&
    matchesText(text, [
      row.name,
      row.namespace,
      row.health.reason,
      HEALTH_WORDS[row.health.level],
      ...Object.values(row.cells).map((v) => (v === null ? undefined : String(v))),
    ]);
}

function sortValue(row: KubeRow, column: ViewColumn, usage: UsageOf | undefined): SortValue {
  switch (column.role) {
    case 'name':
      return row.name;
    case 'namespace':
      return row.namespace;
    case 'age':
      // Ascending = youngest first, as `kubectl get --sort-by` shows ages.
      return row.createdAt ? -row.createdAt : undefined;
    case 'health':
      return HEALTH_RANK[row.health.level];
    case 'cpu':
      return usage?.(row)?.cpu;
    case 'memory':
      return usage?.(row)?.memory;
    case 'cell': {
      const value = cellValue(row, column);
      if (value === null || value === undefined || value === '') return undefined;
      if (typeof value === 'boolean') return value ? 1 : 0;
      return value;
    }
  }
}

/** A row's CPU and memory (metrics.k8s.io), for the usage columns. */
export type UsageOf = (row: KubeRow) => KubeMetricsRow | undefined;

/** The order of one column; ties by namespace then name. */
export function compareRows(
  sort: SortSpec,
  columns: readonly ViewColumn[],
  usage?: UsageOf,
): (a: KubeRow, b: KubeRow) => number {
  const column = columns.find((c) => c.id === sort.key) ?? columns[0]!;
  return compareBy(
    (row) => sortValue(row, column, usage),
    sort.dir,
    (row) => `${row.namespace ?? ''}/${row.name}`,
  );
}
