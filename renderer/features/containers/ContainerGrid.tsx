import { memo, startTransition, useCallback, useEffect, useMemo, useState } from 'react';
import { useHeldOrder } from '../../components/grid/heldOrder';
import type { ContainerRow, StatsSummaryRow } from '../../../shared/docker';
import { StateBadge } from '../../components/StateBadge';
import { GridCell, VirtualGrid, type GridColumn } from '../../components/grid/VirtualGrid';
import type { SortSpec } from '../../components/grid/gridQuery';
import { useAgeClock } from '../../components/useAgeClock';
import { formatExactTime } from '../../format/age';
import { Sparkline } from '../../components/charts/Sparkline';
import { formatBytes, formatPercent } from '../../format/units';
import { ContainerActionButtons, ContainerActionError } from './ContainerActionButtons';
import { runGroupAction, useContainerActions } from './containerActions';
import {
  buildListItems,
  containerKey,
  sortContainers,
  type ContainerSortKey,
  type GroupItem,
  type ListItem,
} from './containerList';
import { containerStateLabel, containerTone, countByState } from './containerState';
import { formatPorts } from './ports';
import { uptimeCell } from './uptime';
import { useStatsSummary } from './useStatsSummary';

/** The columns that fit beside the details panel. */
const COMPACT = new Set(['name', 'engine', 'state', 'cpu', 'actions']);

const NO_STATS: ReadonlyMap<string, StatsSummaryRow> = new Map();

function columns(showEngine: boolean, compact: boolean): GridColumn[] {
  const all: GridColumn[] = [
    { id: 'name', label: 'Name', width: 'minmax(180px, 2fr)', sortable: true },
    ...(showEngine ? [{ id: 'engine', label: 'Engine', width: 'minmax(90px, 0.7fr)' }] : []),
    {
      id: 'image',
      label: 'Image',
      width: 'minmax(140px, 1.5fr)',
      sortable: true,
      title: 'The image a container was created from.',
    },
    { id: 'state', label: 'State', width: '140px', sortable: true },
    { id: 'ports', label: 'Ports', width: 'minmax(100px, 1fr)', sortable: true },
    { id: 'cpu', label: 'CPU', width: '120px', sortable: true, align: 'end' as const },
    { id: 'memory', label: 'Memory', width: '90px', sortable: true, align: 'end' as const },
    { id: 'uptime', label: 'Uptime', width: '70px', sortable: true, align: 'end' as const },
    { id: 'actions', label: 'Actions', width: '136px' },
  ];
  return compact ? all.filter((c) => COMPACT.has(c.id)) : all;
}

/**
 * The containers of the shown engines in one virtualized grid, grouped by Compose
 * project. Rows keep their place while the pointer or focus is in the grid.
 */
export function ContainerGrid(props: {
  rows: readonly ContainerRow[];
  engineNames: ReadonlyMap<string, string>;
  sort: SortSpec<ContainerSortKey>;
  onSort: (key: ContainerSortKey) => void;
  /** Changes when the user changes filter or sort: then rows are re-sorted even while held. */
  queryKey: string;
  selectedKey: string | null;
  onSelect: (key: string | null) => void;
  onOpen: (key: string) => void;
  onClose: () => void;
  onRemove: (row: ContainerRow) => void;
  empty: React.ReactNode;
  /** Fewer columns, when the details panel takes half the width. */
  compact: boolean;
}) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [holding, setHolding] = useState(false);
  const [range, setRange] = useState<[number, number]>([0, -1]);

  const [statsForSort, setStatsForSort] = useState<ReadonlyMap<string, StatsSummaryRow>>(NO_STATS);
  const errors = useContainerActions();

  // Stats exist only for visible rows, and which rows are visible depends on the order:
  // sorting by CPU or memory uses the stats of the previous tick.
  const byStats = props.sort.key === 'cpu' || props.sort.key === 'memory';
  const sortStats = byStats ? statsForSort : NO_STATS;
  const rowsByKey = useMemo(() => new Map(props.rows.map((row) => [containerKey(row), row])), [props.rows]);
  const sorted = useMemo(
    () => sortContainers(props.rows, { key: props.sort.key, dir: props.sort.dir }, sortStats).map(containerKey),
    [props.rows, props.sort.key, props.sort.dir, sortStats],
  );
  const order = useHeldOrder(sorted, holding, props.queryKey);
  const items: ListItem[] = useMemo(
    () =>
      buildListItems(
        order.map((key) => rowsByKey.get(key)).filter((row): row is ContainerRow => !!row),
        collapsed,
      ),
    [order, rowsByKey, collapsed],
  );

  const visible: ContainerRow[] = [];
  for (let i = Math.max(0, range[0]); i <= range[1] && i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'container' && (item.row.state === 'running' || item.row.state === 'paused'))
      visible.push(item.row);
  }
  const liveStats = useStatsSummary(visible);
  // Uptimes tick when one on screen would read differently.
  const { now } = useAgeClock(() => visible.map((row) => row.startedAt || row.createdAt));
  useEffect(() => {
    if (byStats) setStatsForSort(liveStats);
  }, [byStats, liveStats]);

  const showEngine = props.engineNames.size > 1;
  const cols = useMemo(() => columns(showEngine, props.compact), [showEngine, props.compact]);
  const shown = useMemo(() => new Set(cols.map((c) => c.id)), [cols]);
  const toggle = (key: string): void =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const itemKey = useCallback((index: number) => items[index]?.key ?? `missing-${index}`, [items]);
  // Which rows get stats is not urgent: scrolling paints first.
  const onRangeChange = useCallback((start: number, end: number) => startTransition(() => setRange([start, end])), []);
  const byKey = (key: string): ListItem | undefined => items.find((i) => i.key === key);

  return (
    <VirtualGrid
      label="Containers"
      columns={cols}
      sort={props.sort}
      onSort={(key) => props.onSort(key as ContainerSortKey)}
      itemCount={items.length}
      itemKey={itemKey}
      itemProps={(index) => {
        const item = items[index]!;
        if (item.kind === 'group') return { className: 'group-row', 'aria-level': 1, 'aria-expanded': !item.collapsed };
        return { 'aria-level': item.grouped ? 2 : 1, className: errors[item.key]?.busy ? 'busy' : undefined };
      }}
      renderItem={(index) => {
        const item = items[index]!;
        if (item.kind === 'group')
          return (
            <GroupCells
              group={item}
              engineName={showEngine ? props.engineNames.get(item.engineId) : undefined}
              onToggle={() => toggle(item.key)}
            />
          );
        return (
          <ContainerCells
            row={item.row}
            grouped={item.grouped}
            engineName={showEngine ? (props.engineNames.get(item.row.engineId) ?? item.row.engineId) : undefined}
            stats={liveStats.get(item.row.id)}
            now={now}
            shown={shown}
            onRemove={props.onRemove}
          />
        );
      }}
      selectedKey={props.selectedKey}
      onSelect={props.onSelect}
      onOpen={(key) => {
        const item = byKey(key);
        if (item?.kind === 'group') toggle(item.key);
        else if (item) props.onOpen(key);
      }}
      onDelete={(key) => {
        const item = byKey(key);
        if (item?.kind === 'container') props.onRemove(item.row);
      }}
      onEscape={props.onClose}
      onRangeChange={onRangeChange}
      onHoldChange={setHolding}
      empty={props.empty}
    />
  );
}

function GroupCells(props: { group: GroupItem; engineName?: string; onToggle: () => void }) {
  const { group } = props;
  const counts = countByState(group.rows);
  const verb = group.collapsed ? 'Expand' : 'Collapse';
  const action = (label: string, run: () => void) => (
    <button
      type="button"
      tabIndex={-1}
      aria-label={`${label} all in ${group.project}`}
      title={`${label} all ${group.rows.length} containers of ${group.project}`}
      onClick={(event) => {
        event.stopPropagation();
        run();
      }}
    >
      {label} all
    </button>
  );
  return (
    <GridCell col={1} span>
      <button
        type="button"
        className="icon-button"
        tabIndex={-1}
        aria-label={`${verb} ${group.project}`}
        aria-expanded={!group.collapsed}
        onClick={(event) => {
          event.stopPropagation();
          props.onToggle();
        }}
      >
        <span aria-hidden="true">{group.collapsed ? '▸' : '▾'}</span>
      </button>
      <span className="group-name" title="A Compose project: containers started together from one compose file.">
        {group.project}
      </span>
      {props.engineName && <span className="muted small"> on {props.engineName}</span>}
      <span className="muted small group-counts">
        {group.rows.length} {group.rows.length === 1 ? 'container' : 'containers'} · {counts.running} running
        {counts.paused ? ` · ${counts.paused} paused` : ''}
        {counts.exited ? ` · ${counts.exited} exited` : ''}
      </span>
      <span className="group-actions">
        {action(
          'Start',
          () =>
            void runGroupAction(
              group.rows.filter((r) => r.state !== 'running'),
              'start',
            ),
        )}
        {action(
          'Stop',
          () =>
            void runGroupAction(
              group.rows.filter((r) => r.state === 'running'),
              'stop',
            ),
        )}
        {action('Restart', () => void runGroupAction(group.rows, 'restart'))}
      </span>
    </GridCell>
  );
}

const ContainerCells = memo(function ContainerCells(props: {
  row: ContainerRow;
  grouped: boolean;
  engineName?: string;
  stats: StatsSummaryRow | undefined;
  now: number;
  shown: ReadonlySet<string>;
  onRemove: (row: ContainerRow) => void;
}) {
  const { row, stats, shown } = props;
  const ports = formatPorts(row.ports);
  const running = row.state === 'running';
  const uptime = uptimeCell(row, props.now);
  let col = 1;
  return (
    <>
      <GridCell col={col++} className={props.grouped ? 'indent' : undefined} title={row.name}>
        {row.name}
        {row.composeService && <span className="muted small"> · {row.composeService}</span>}
      </GridCell>
      {props.engineName !== undefined && <GridCell col={col++}>{props.engineName}</GridCell>}
      {shown.has('image') && (
        <GridCell col={col++} className="mono" title={row.image}>
          {row.image}
        </GridCell>
      )}
      <GridCell col={col++}>
        <StateBadge tone={containerTone(row)} label={containerStateLabel(row)} />
      </GridCell>
      {shown.has('ports') && (
        <GridCell col={col++} className="mono" title={ports.join(', ')}>
          {ports.join(', ')}
        </GridCell>
      )}
      <GridCell col={col++} className="align-end num">
        {stats && running ? (
          <>
            <Sparkline
              values={stats.spark}
              label={`CPU of ${row.name} over the last minute`}
              width={60}
              height={18}
              max={Math.max(1, ...stats.spark)}
              fill
            />
            <span title={`${stats.cpuPercent.toFixed(2)} %`}>{formatPercent(stats.cpuPercent)}</span>
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </GridCell>
      {shown.has('memory') && (
        <GridCell
          col={col++}
          className="align-end num"
          title={stats ? `${formatBytes(stats.memUsage)} of ${formatBytes(stats.memLimit)}` : undefined}
        >
          {stats && running ? formatBytes(stats.memUsage) : <span className="muted">—</span>}
        </GridCell>
      )}
      {shown.has('uptime') && (
        <GridCell
          col={col++}
          className="align-end num"
          title={uptime?.title ?? `Created ${formatExactTime(row.createdAt) ?? 'at an unknown time'}`}
        >
          {uptime ? uptime.text : <span className="muted">—</span>}
        </GridCell>
      )}
      <GridCell col={col} className="actions-cell">
        <ContainerActionButtons row={row} compact onRemove={() => props.onRemove(row)} />
        <ContainerActionError row={row} compact />
      </GridCell>
    </>
  );
});
