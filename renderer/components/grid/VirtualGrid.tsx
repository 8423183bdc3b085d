import {
  memo,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { useFixedRows } from './fixedRows';
import { ariaSort, type SortSpec } from './gridQuery';

export interface GridColumn {
  id: string;
  label: string;
  /** A CSS grid track, e.g. "minmax(160px, 2fr)" or "90px". */
  width: string;
  sortable?: boolean;
  align?: 'end';
  /** Concept help on hover. */
  title?: string;
}

export const ROW_HEIGHT = 28;

/**
 * A dense, virtualized data grid (28 px rows; only the visible rows are in the DOM) with
 * the grid roles: aria-rowcount/aria-rowindex so screen readers know the real size,
 * sortable column headers with aria-sort, and one selection moved by the keyboard
 * (arrows, Home/End, PageUp/PageDown); Enter opens, Delete asks to delete, Esc closes.
 */
export function VirtualGrid(props: {
  label: string;
  columns: readonly GridColumn[];
  sort?: SortSpec;
  onSort?: (key: string) => void;
  itemCount: number;
  itemKey: (index: number) => string;
  /** The cells of one row (or a single cell with `className="span-all"`). */
  renderItem: (index: number) => ReactNode;
  itemProps?: (index: number) => {
    className?: string;
    'aria-level'?: number;
    'aria-expanded'?: boolean;
    'aria-label'?: string;
  };
  selectedKey: string | null;
  onSelect: (key: string) => void;
  onOpen?: (key: string) => void;
  onDelete?: (key: string) => void;
  /** Right click on a row, or the context-menu key on the selected one: where to show a menu. */
  onContextMenu?: (key: string, at: { x: number; y: number }) => void;
  onEscape?: () => void;
  /** Called with the first and last rendered indexes (for stats of the visible rows). */
  onRangeChange?: (start: number, end: number) => void;
  /** True while the pointer is over the grid or focus is in it: callers keep rows still. */
  onHoldChange?: (holding: boolean) => void;
  empty?: ReactNode;
}) {
  const id = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const hold = useRef({ pointer: false, focus: false });
  const { itemCount, selectedKey } = props;

  const bodyRef = useRef<HTMLDivElement>(null);
  const rows = useFixedRows(scrollRef, bodyRef, itemCount, ROW_HEIGHT, 8);
  const { first, last } = rows;

  const onRangeChange = props.onRangeChange;
  useEffect(() => {
    onRangeChange?.(first, last);
  }, [first, last, onRangeChange]);

  let selectedIndex = -1;
  if (selectedKey !== null) {
    // Only the keys near the viewport are cheap to check first; fall back to a scan.
    for (let i = 0; i < itemCount; i++) {
      if (props.itemKey(i) === selectedKey) {
        selectedIndex = i;
        break;
      }
    }
  }

  const setHold = (part: 'pointer' | 'focus', value: boolean): void => {
    const before = hold.current.pointer || hold.current.focus;
    hold.current[part] = value;
    const after = hold.current.pointer || hold.current.focus;
    if (before !== after) props.onHoldChange?.(after);
  };

  const move = (index: number): void => {
    if (itemCount === 0) return;
    const clamped = Math.max(0, Math.min(itemCount - 1, index));
    props.onSelect(props.itemKey(clamped));
    rows.scrollToIndex(clamped);
  };

  const pageRows = Math.max(1, Math.floor((rows.height || 280) / ROW_HEIGHT) - 2);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.target !== event.currentTarget) return; // keys in buttons and inputs are theirs
    const current = selectedIndex;
    switch (event.key) {
      case 'ArrowDown':
        move(current < 0 ? 0 : current + 1);
        break;
      case 'ArrowUp':
        move(current < 0 ? 0 : current - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(itemCount - 1);
        break;
      case 'PageDown':
        move(current + pageRows);
        break;
      case 'PageUp':
        move(current - pageRows);
        break;
      case 'Enter':
        if (selectedKey !== null && current >= 0) props.onOpen?.(selectedKey);
        break;
      case 'Delete':
        if (selectedKey !== null && current >= 0) props.onDelete?.(selectedKey);
        break;
      case 'ContextMenu': {
        if (selectedKey === null || current < 0 || !props.onContextMenu) return;
        const box = document.getElementById(rowId(current))?.getBoundingClientRect();
        props.onContextMenu(selectedKey, { x: (box?.left ?? 0) + 24, y: box?.bottom ?? 0 });
        break;
      }
      case 'Escape':
        if (!props.onEscape) return;
        props.onEscape();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const tracks = props.columns.map((c) => c.width).join(' ');
  const template: CSSProperties = useMemo(() => ({ gridTemplateColumns: tracks }), [tracks]);
  const rowId = (index: number): string => `${id}-r${index}`;
  // Rows read the latest handlers through a ref, so a row that did not change skips rendering.
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });

  return (
    <div
      ref={scrollRef}
      className="vgrid"
      role="grid"
      aria-label={props.label}
      aria-rowcount={itemCount + 1}
      aria-colcount={props.columns.length}
      aria-activedescendant={
        selectedIndex >= 0 && selectedIndex >= first && selectedIndex <= last ? rowId(selectedIndex) : undefined
      }
      tabIndex={0}
      onKeyDown={onKeyDown}
      onPointerEnter={() => setHold('pointer', true)}
      onPointerLeave={() => setHold('pointer', false)}
      onFocus={() => setHold('focus', true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setHold('focus', false);
      }}
    >
      <div role="rowgroup" className="vgrid-head">
        <div role="row" aria-rowindex={1} className="vgrid-row" style={template}>
          {props.columns.map((column, col) => (
            <div
              key={column.id}
              role="columnheader"
              aria-colindex={col + 1}
              aria-sort={column.sortable && props.sort ? ariaSort(props.sort, column.id) : undefined}
              className={`vgrid-cell${column.align === 'end' ? ' align-end' : ''}`}
              // A label cut short by a narrow column reads whole on hover, with its help.
              title={column.title ? `${column.label}: ${column.title}` : column.label}
            >
              {column.sortable && props.onSort ? (
                <button type="button" className="sort-button" onClick={() => props.onSort?.(column.id)}>
                  <span className="sort-label">{column.label}</span>
                  <span aria-hidden="true" className="sort-mark">
                    {props.sort?.key === column.id ? (props.sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </span>
                </button>
              ) : (
                column.label
              )}
            </div>
          ))}
        </div>
      </div>
      <div ref={bodyRef} role="rowgroup" className="vgrid-body" style={{ height: rows.totalHeight }}>
        {rowIndexes(first, last).map((index) => {
          const key = props.itemKey(index);
          const extra = props.itemProps?.(index) ?? {};
          return (
            <GridRow
              key={key}
              id={rowId(index)}
              rowKey={key}
              index={index}
              start={index * ROW_HEIGHT}
              selected={key === selectedKey}
              template={template}
              className={extra.className}
              level={extra['aria-level']}
              expanded={extra['aria-expanded']}
              label={extra['aria-label']}
              renderItem={props.renderItem}
              grid={latest}
              menu={!!props.onContextMenu}
            />
          );
        })}
      </div>
      {itemCount === 0 && props.empty && <div className="vgrid-empty">{props.empty}</div>}
    </div>
  );
}

function rowIndexes(first: number, last: number): number[] {
  const out: number[] = [];
  for (let i = first; i <= last; i++) out.push(i);
  return out;
}

type GridProps = Parameters<typeof VirtualGrid>[0];

/**
 * One row: renders again only when its place, selection, look or `renderItem` changes, so
 * scrolling renders the rows that come into view, not every row on screen.
 */
const GridRow = memo(function GridRow(props: {
  id: string;
  rowKey: string;
  index: number;
  start: number;
  selected: boolean;
  template: CSSProperties;
  className: string | undefined;
  level: number | undefined;
  expanded: boolean | undefined;
  label: string | undefined;
  renderItem: (index: number) => ReactNode;
  grid: RefObject<GridProps>;
  menu: boolean;
}) {
  const { rowKey: key, grid } = props;
  return (
    <div
      id={props.id}
      role="row"
      aria-rowindex={props.index + 2}
      aria-selected={props.selected}
      aria-level={props.level}
      aria-expanded={props.expanded}
      aria-label={props.label}
      className={`vgrid-row${props.selected ? ' selected' : ''}${props.className ? ` ${props.className}` : ''}`}
      style={{ ...props.template, transform: `translateY(${props.start}px)` }}
      onClick={(event) => {
        event.currentTarget.closest<HTMLElement>('.vgrid')?.focus({ preventScroll: true });
        grid.current.onSelect(key);
        grid.current.onOpen?.(key);
      }}
      onContextMenu={
        props.menu
          ? (event) => {
              event.preventDefault();
              event.currentTarget.closest<HTMLElement>('.vgrid')?.focus({ preventScroll: true });
              grid.current.onSelect(key);
              grid.current.onContextMenu?.(key, { x: event.clientX, y: event.clientY });
            }
          : undefined
      }
    >
      {props.renderItem(props.index)}
    </div>
  );
});

/** One cell of a VirtualGrid row. */
export function GridCell(props: {
  children?: ReactNode;
  className?: string;
  title?: string;
  col: number;
  span?: boolean;
}) {
  return (
    <div
      role="gridcell"
      aria-colindex={props.col}
      className={`vgrid-cell${props.className ? ` ${props.className}` : ''}${props.span ? ' span-all' : ''}`}
      title={props.title}
    >
      {props.children}
    </div>
  );
}
