import { useState, type ReactNode } from 'react';
import type { EngineInfo } from '../../../shared/app';
import type { PruneKind } from '../../../shared/docker';
import { useCollections } from '../../api/useCollection';
import { setViewParam, useNavigation } from '../../app/navigation';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { GridCell, VirtualGrid, type GridColumn } from '../../components/grid/VirtualGrid';
import { formatSort, matchesText, nextSort, parseSort, sortBy, type SortValue } from '../../components/grid/gridQuery';
import { JsonView } from '../../components/JsonView';
import { PruneDialog } from './PruneDialog';

export type ResourceTopic = 'docker.images' | 'docker.volumes' | 'docker.networks' | 'docker.events';

export interface ResourceColumn<R> extends GridColumn {
  render: (row: R, now: number) => ReactNode;
  sortValue?: (row: R) => SortValue;
  /** Monospace data (ids, images, paths). */
  mono?: boolean;
  cellTitle?: (row: R) => string | undefined;
}

export interface RemoveSpec<R> {
  /** Why it cannot be removed, if it cannot (shown instead of the button). */
  blockedBy?: (row: R) => string | null;
  /** What will happen, for the confirmation. */
  describe: (row: R) => ReactNode;
  /** Offer "force" (e.g. an image used by stopped containers). */
  offerForce?: (row: R) => string | null;
  run: (row: R, force: boolean) => Promise<unknown>;
}

/**
 * One list of engine objects (images, volumes, networks, events): live rows from a
 * collection topic for every shown engine, filter and sort kept in the URL, inspect in a
 * side panel, remove with confirmation, prune with a preview.
 */
export function ResourceTab<R extends { id: string; engineId: string }>(props: {
  /** URL parameter prefix and accessible names: "images". */
  id: string;
  /** Singular noun for the user: "image". */
  noun: string;
  topic: ResourceTopic;
  engines: readonly EngineInfo[];
  columns: ReadonlyArray<ResourceColumn<R>>;
  defaultSort: { key: string; dir: 'asc' | 'desc' };
  nameOf: (row: R) => string;
  filterFields: (row: R) => Array<string | undefined>;
  inspect?: (row: R) => Promise<unknown>;
  remove?: RemoveSpec<R>;
  pruneKind?: PruneKind;
  emptyText: string;
  now: number;
}) {
  const { id, engines } = props;
  const params = useNavigation((s) => s.params);
  const text = params.get(`${id}.q`) ?? '';
  const keys = props.columns.filter((c) => c.sortable).map((c) => c.id);
  const sort = parseSort(params.get(`${id}.sort`), keys, props.defaultSort);
  const views = useCollections(
    props.topic,
    engines.map((e) => ({ engineId: e.id })),
  );
  const showEngine = engines.length > 1;
  const engineNames = new Map(engines.map((e) => [e.id, e.name]));
  const all = views.flatMap((v) => [...v.rows.values()]) as unknown as R[];
  const loaded = views.every((v) => v.loaded || v.error);
  const column = props.columns.find((c) => c.id === sort.key);
  const rows = sortBy(
    all.filter((row) => matchesText(text, props.filterFields(row))),
    (row) => column?.sortValue?.(row),
    sort.dir,
    props.nameOf,
  );
  const keyOf = (row: R): string => `${row.engineId}/${row.id}`;
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));

  const [selected, setSelected] = useState<string | null>(null);
  const [inspecting, setInspecting] = useState<{ key: string; name: string; value?: unknown; error?: string } | null>(
    null,
  );
  const [removing, setRemoving] = useState<R | null>(null);
  const [force, setForce] = useState(false);
  const [pruning, setPruning] = useState(false);

  const inspect = (row: R): void => {
    if (!props.inspect) return;
    const key = keyOf(row);
    setInspecting({ key, name: props.nameOf(row) });
    props.inspect(row).then(
      (value) => setInspecting((cur) => (cur?.key === key ? { ...cur, value } : cur)),
      (error: unknown) =>
        setInspecting((cur) =>
          cur?.key === key ? { ...cur, error: error instanceof Error ? error.message : String(error) } : cur,
        ),
    );
  };
  const askRemove = (row: R): void => {
    if (!props.remove || props.remove.blockedBy?.(row)) return;
    setForce(false);
    setRemoving(row);
  };

  const columns: GridColumn[] = [
    ...props.columns.slice(0, 1),
    ...(showEngine ? [{ id: 'engine', label: 'Engine', width: 'minmax(90px, 0.6fr)' }] : []),
    ...props.columns.slice(1),
    ...(props.inspect || props.remove ? [{ id: 'actions', label: 'Actions', width: '150px' }] : []),
  ];

  return (
    <div className={`containers-layout${inspecting ? ' with-details' : ''}`}>
      <div className="list-pane">
        <div className="toolbar" role="search" aria-label={`Filter ${id}`}>
          <input
            type="search"
            data-filter
            placeholder={`Filter ${id}…  ( / )`}
            aria-label={`Filter ${id}`}
            value={text}
            onChange={(event) => setViewParam(`${id}.q`, event.target.value)}
          />
          <span className="muted small" role="status">
            {loaded ? `${rows.length} of ${all.length} ${id}` : 'Loading…'}
          </span>
          {props.pruneKind && (
            <button type="button" onClick={() => setPruning(true)} className="push-end">
              Prune unused {id}…
            </button>
          )}
        </div>
        {views.map((v, i) =>
          v.error ? (
            <div key={engines[i]!.id} className="error-banner" role="alert">
              Could not list the {id} on {engines[i]!.name}: {v.error.message}
            </div>
          ) : null,
        )}
        <VirtualGrid
          label={id[0]!.toUpperCase() + id.slice(1)}
          columns={columns}
          sort={sort}
          onSort={(key) => {
            const next = nextSort(sort, key);
            const same = next.key === props.defaultSort.key && next.dir === props.defaultSort.dir;
            setViewParam(`${id}.sort`, same ? null : formatSort(next));
          }}
          itemCount={rows.length}
          itemKey={(index) => keyOf(rows[index]!)}
          renderItem={(index) => {
            const row = rows[index]!;
            const blocked = props.remove?.blockedBy?.(row) ?? null;
            const name = props.nameOf(row);
            let col = 1;
            const cell = (c: ResourceColumn<R>) => (
              <GridCell
                key={c.id}
                col={col++}
                className={`${c.mono ? 'mono' : ''}${c.align === 'end' ? ' align-end num' : ''}`}
                title={c.cellTitle?.(row)}
              >
                {c.render(row, props.now)}
              </GridCell>
            );
            return (
              <>
                {cell(props.columns[0]!)}
                {showEngine && <GridCell col={col++}>{engineNames.get(row.engineId) ?? row.engineId}</GridCell>}
                {props.columns.slice(1).map(cell)}
                {(props.inspect || props.remove) && (
                  <GridCell col={col++} className="actions-cell">
                    {props.inspect && (
                      <button
                        type="button"
                        tabIndex={-1}
                        aria-label={`Inspect ${name}`}
                        onClick={(event) => {
                          event.stopPropagation();
                          inspect(row);
                        }}
                      >
                        Inspect
                      </button>
                    )}
                    {props.remove && (
                      <button
                        type="button"
                        tabIndex={-1}
                        className="danger-text"
                        aria-label={`Remove ${name}`}
                        title={blocked ?? `Remove ${name} (Delete)`}
                        disabled={!!blocked}
                        onClick={(event) => {
                          event.stopPropagation();
                          askRemove(row);
                        }}
                      >
                        Remove
                      </button>
                    )}
                  </GridCell>
                )}
              </>
            );
          }}
          selectedKey={selected}
          onSelect={setSelected}
          onOpen={(key) => {
            const row = byKey.get(key);
            if (row && props.inspect) inspect(row);
          }}
          onDelete={(key) => {
            const row = byKey.get(key);
            if (row) askRemove(row);
          }}
          onEscape={() => setInspecting(null)}
          empty={
            loaded ? (
              <p className="muted">{all.length === 0 ? props.emptyText : `No ${props.noun} matches the filter.`}</p>
            ) : null
          }
        />
      </div>
      {inspecting && (
        <aside className="details-panel" aria-label={`Inspect ${inspecting.name}`}>
          <header className="details-header">
            <h2>{inspecting.name}</h2>
            <button
              type="button"
              className="icon-button close"
              onClick={() => setInspecting(null)}
              aria-label="Close inspect"
              title="Close (Esc)"
            >
              <span aria-hidden="true">✕</span>
            </button>
          </header>
          {inspecting.error ? (
            <div className="error-banner" role="alert">
              Could not inspect {inspecting.name}: {inspecting.error}
            </div>
          ) : inspecting.value === undefined ? (
            <p className="muted">Loading…</p>
          ) : (
            <JsonView value={inspecting.value} label={`Inspect of ${inspecting.name}`} />
          )}
        </aside>
      )}
      {removing && props.remove && (
        <ConfirmDialog
          title={`Remove ${props.noun} ${props.nameOf(removing)}?`}
          confirmLabel={`Remove ${props.nameOf(removing)}`}
          danger
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await props.remove!.run(removing, force);
            setRemoving(null);
          }}
        >
          {props.remove.describe(removing)}
          {props.remove.offerForce?.(removing) && (
            <label className="checkbox">
              <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} />
              {props.remove.offerForce(removing)}
            </label>
          )}
        </ConfirmDialog>
      )}
      {pruning && props.pruneKind && (
        <PruneDialog kind={props.pruneKind} engines={engines} onClose={() => setPruning(false)} />
      )}
    </div>
  );
}
