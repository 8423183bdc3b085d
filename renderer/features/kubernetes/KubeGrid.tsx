import { memo, useCallback, useMemo, useRef, useState } from 'react';
import type { KubeMetricsRow } from '../../../shared/kube/summary';
import type { HealthLevel, KindInfo, KubeRow } from '../../../shared/kube/types';
import { Sparkline } from '../../components/charts/Sparkline';
import { GridCell, VirtualGrid, type GridColumn } from '../../components/grid/VirtualGrid';
import { useHeldOrder } from '../../components/grid/heldOrder';
import type { SortSpec } from '../../components/grid/gridQuery';
import { StateBadge, type Tone } from '../../components/StateBadge';
import { useAgeClock } from '../../components/useAgeClock';
import { formatAge, formatExactTime } from '../../format/age';
import { objectKey } from './kubeLocation';
import { cellText, cellValue, healthReason, healthWord, type UsageOf, type ViewColumn } from './kubeList';
import { formatCpu, formatMemory } from './kubeUsage';

export const HEALTH_TONE: Record<HealthLevel, Tone> = {
  ok: 'ok',
  warning: 'warn',
  failing: 'bad',
  idle: 'idle',
  unknown: 'idle',
};

export function HealthBadge(props: { health: KubeRow['health']; kind?: Pick<KindInfo, 'healthWords'> }) {
  const { level, reason } = props.health;
  const word = healthWord(level, props.kind);
  return <StateBadge tone={HEALTH_TONE[level]} label={word} title={reason ? `${word}: ${reason}` : word} />;
}

/**
 * The rows of one kind in the shared virtualized grid: one grid for every kind, columns
 * from the kind's declaration, rows kept in place while the pointer or focus is on them.
 */
export function KubeGrid(props: {
  label: string;
  /** How the kind words its health (an event is Normal). */
  kind?: Pick<KindInfo, 'healthWords'>;
  /** Filtered and sorted. */
  rows: readonly KubeRow[];
  columns: readonly ViewColumn[];
  usageOf: UsageOf | undefined;
  /** The order `rows` are in, for the column headers. */
  sort: SortSpec;
  onSort: (key: string) => void;
  queryKey: string;
  selectedKey: string | null;
  onSelect: (key: string) => void;
  onOpen: (key: string) => void;
  onClose: () => void;
  /** The Delete key on the selected row. */
  onDelete?: (key: string) => void;
  /** Right click or the context-menu key on a row. */
  onContextMenu?: (key: string, at: { x: number; y: number }) => void;
  empty: React.ReactNode;
}) {
  const [holding, setHolding] = useState(false);
  // Keys of every row only while rows are held (pointer or focus in the list): else a row's key
  // is made when it is drawn, not 30,000 of them for each delta while pods are being listed.
  const sorted = useMemo(() => (holding ? props.rows.map(objectKey) : NO_KEYS), [holding, props.rows]);
  const heldKeys = useHeldOrder(sorted, holding, props.queryKey);
  const keys = holding ? heldKeys : null;
  // Held rows keep their places: then a row is found by its key, else by its index.
  const held = useMemo(
    () => (keys && keys !== sorted ? new Map(props.rows.map((row, i) => [sorted[i]!, row])) : null),
    [keys, sorted, props.rows],
  );
  const gridColumns: GridColumn[] = useMemo(
    () =>
      props.columns.map((c) => ({
        id: c.id,
        label: c.label,
        width: c.width,
        sortable: true,
        ...(c.align ? { align: c.align } : {}),
        ...(c.help ? { title: c.help } : {}),
      })),
    [props.columns],
  );
  const itemKey = useCallback(
    (index: number) => {
      const row = keys ? undefined : props.rows[index];
      return (keys ? keys[index] : row && objectKey(row)) ?? `missing-${index}`;
    },
    [keys, props.rows],
  );
  const rowAt = (index: number): KubeRow | undefined => (held && keys ? held.get(keys[index]!) : props.rows[index]);

  // Ages tick when one on screen would read differently (the Age column and any age cells).
  const range = useRef<[number, number]>([0, -1]);
  const ageCells = props.columns.filter((c) => c.role === 'cell' && c.format === 'age');
  const { now, refresh } = useAgeClock(function* () {
    for (let i = range.current[0]; i <= range.current[1]; i++) {
      const row = rowAt(i);
      if (!row) continue;
      yield row.createdAt;
      for (const column of ageCells) {
        const value = cellValue(row, column);
        if (typeof value === 'number') yield value;
      }
    }
  });
  const onRangeChange = useCallback(
    (first: number, last: number) => {
      range.current = [first, last];
      refresh();
    },
    [refresh],
  );

  return (
    <VirtualGrid
      label={props.label}
      columns={gridColumns}
      sort={props.sort}
      onSort={props.onSort}
      itemCount={props.rows.length}
      itemKey={itemKey}
      renderItem={(index) => {
        const row = rowAt(index)!;
        return <KubeCells row={row} kind={props.kind} columns={props.columns} usage={props.usageOf?.(row)} now={now} />;
      }}
      selectedKey={props.selectedKey}
      onSelect={props.onSelect}
      onOpen={props.onOpen}
      onEscape={props.onClose}
      {...(props.onDelete ? { onDelete: props.onDelete } : {})}
      {...(props.onContextMenu ? { onContextMenu: props.onContextMenu } : {})}
      onRangeChange={onRangeChange}
      onHoldChange={setHolding}
      empty={props.empty}
    />
  );
}

const NO_KEYS: string[] = [];

const KubeCells = memo(function KubeCells(props: {
  row: KubeRow;
  kind: Pick<KindInfo, 'healthWords'> | undefined;
  columns: readonly ViewColumn[];
  usage: KubeMetricsRow | undefined;
  now: number;
}) {
  const { row, usage } = props;
  return (
    <>
      {props.columns.map((column, i) => {
        const col = i + 1;
        switch (column.role) {
          case 'name':
            return (
              <GridCell key={column.id} col={col} title={row.name}>
                {row.name}
              </GridCell>
            );
          case 'namespace':
            return (
              <GridCell key={column.id} col={col} title={row.namespace}>
                {row.namespace ?? ''}
              </GridCell>
            );
          case 'age':
            return (
              <GridCell key={column.id} col={col} className="align-end num" title={formatExactTime(row.createdAt)}>
                {formatAge(row.createdAt, props.now)}
              </GridCell>
            );
          case 'health': {
            const reason = healthReason(row);
            return (
              <GridCell key={column.id} col={col} className="health-cell" title={reason}>
                <HealthBadge health={row.health} kind={props.kind} />
                {reason && <span className="muted small"> {reason}</span>}
              </GridCell>
            );
          }
          case 'cpu':
            return (
              <GridCell key={column.id} col={col} className="align-end num">
                {usage && (
                  <>
                    <Sparkline
                      values={usage.spark}
                      label={`CPU of ${row.name}, recent samples`}
                      width={56}
                      height={18}
                      max={Math.max(1, ...usage.spark)}
                      fill
                    />
                    <span title={`${Math.round(usage.cpu)} millicores`}>{formatCpu(usage.cpu)}</span>
                  </>
                )}
              </GridCell>
            );
          case 'memory':
            return (
              <GridCell key={column.id} col={col} className="align-end num">
                {usage ? formatMemory(usage.memory) : ''}
              </GridCell>
            );
          case 'cell': {
            const text = cellText(cellValue(row, column), column.format, props.now);
            const classes = [column.align === 'end' ? 'align-end num' : '', column.mono ? 'mono' : '']
              .filter(Boolean)
              .join(' ');
            return (
              <GridCell key={column.id} col={col} className={classes || undefined} title={text || undefined}>
                {text || <span className="muted">—</span>}
              </GridCell>
            );
          }
        }
      })}
    </>
  );
});
