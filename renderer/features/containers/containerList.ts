import type { ContainerRow, ContainerState, StatsSummaryRow } from '../../../shared/docker';
import { matchesText, sortBy, type SortSpec, type SortValue } from '../../components/grid/gridQuery';
import { CONTAINER_STATES } from './containerState';
import { formatPorts } from './ports';

/** The containers list: which rows, in which order, under which Compose group. Pure. */
export const CONTAINER_SORT_KEYS = ['name', 'image', 'state', 'ports', 'cpu', 'memory', 'uptime'] as const;
export type ContainerSortKey = (typeof CONTAINER_SORT_KEYS)[number];
export const DEFAULT_CONTAINER_SORT: SortSpec<ContainerSortKey> = { key: 'name', dir: 'asc' };

export type StateFilter = ContainerState | 'all';

export interface ContainerQuery {
  text: string;
  state: StateFilter;
  sort: SortSpec<ContainerSortKey>;
}

/** A row's key across engines. */
export function containerKey(row: Pick<ContainerRow, 'engineId' | 'id'>): string {
  return `${row.engineId}/${row.id}`;
}

export function filterContainers(
  rows: readonly ContainerRow[],
  query: Pick<ContainerQuery, 'text' | 'state'>,
): ContainerRow[] {
  return rows.filter(
    (row) =>
      (query.state === 'all' || row.state === query.state) &&
      matchesText(query.text, [row.name, row.image, row.composeProject, row.composeService, row.id.slice(0, 12)]),
  );
}

function sortValue(row: ContainerRow, key: ContainerSortKey, stats: ReadonlyMap<string, StatsSummaryRow>): SortValue {
  switch (key) {
    case 'name':
      return row.name;
    case 'image':
      return row.image;
    case 'state':
      return CONTAINER_STATES.indexOf(row.state);
    case 'ports':
      return formatPorts(row.ports)[0];
    case 'cpu':
      return stats.get(row.id)?.cpuPercent;
    case 'memory':
      return stats.get(row.id)?.memUsage;
    case 'uptime':
      // Ascending = shortest uptime first = most recent start first.
      // Without a start time from the list, the creation time is the best approximation.
      return row.state === 'running' ? -(row.startedAt ?? row.createdAt) : undefined;
  }
}

export function sortContainers(
  rows: readonly ContainerRow[],
  sort: SortSpec<ContainerSortKey>,
  stats: ReadonlyMap<string, StatsSummaryRow> = new Map(),
): ContainerRow[] {
  return sortBy(
    rows,
    (row) => sortValue(row, sort.key, stats),
    sort.dir,
    (row) => row.name,
  );
}

export interface GroupItem {
  kind: 'group';
  key: string;
  engineId: string;
  project: string;
  rows: ContainerRow[];
  collapsed: boolean;
}

export interface ContainerItem {
  kind: 'container';
  key: string;
  row: ContainerRow;
  grouped: boolean;
}

export type ListItem = GroupItem | ContainerItem;

export function groupKey(engineId: string, project: string): string {
  return `${engineId}/compose:${project}`;
}

/**
 * Compose projects first (by name), each followed by its rows unless collapsed; then the
 * containers that belong to no project. Row order inside comes from `rows`.
 */
export function buildListItems(rows: readonly ContainerRow[], collapsed: ReadonlySet<string>): ListItem[] {
  const groups = new Map<string, GroupItem>();
  const loose: ContainerItem[] = [];
  for (const row of rows) {
    if (row.composeProject) {
      const key = groupKey(row.engineId, row.composeProject);
      let group = groups.get(key);
      if (!group) {
        group = {
          kind: 'group',
          key,
          engineId: row.engineId,
          project: row.composeProject,
          rows: [],
          collapsed: collapsed.has(key),
        };
        groups.set(key, group);
      }
      group.rows.push(row);
    } else {
      loose.push({ kind: 'container', key: containerKey(row), row, grouped: false });
    }
  }
  const items: ListItem[] = [];
  const ordered = [...groups.values()].sort(
    (a, b) => a.project.localeCompare(b.project) || a.engineId.localeCompare(b.engineId),
  );
  for (const group of ordered) {
    items.push(group);
    if (!group.collapsed) {
      for (const row of group.rows) items.push({ kind: 'container', key: containerKey(row), row, grouped: true });
    }
  }
  items.push(...loose);
  return items;
}
