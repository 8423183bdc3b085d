import { useEffect, useState } from 'react';
import type { EngineInfo } from '../../../shared/app';
import type { ContainerRow } from '../../../shared/docker';
import { useCollections } from '../../api/useCollection';
import { setViewParam, useNavigation } from '../../app/navigation';
import { formatSort, nextSort, parseSort } from '../../components/grid/gridQuery';
import { ContainerGrid } from './ContainerGrid';
import {
  CONTAINER_SORT_KEYS,
  containerKey,
  DEFAULT_CONTAINER_SORT,
  filterContainers,
  type ContainerSortKey,
  type StateFilter,
} from './containerList';
import { CONTAINER_STATES, countByState } from './containerState';
import { ContainerDetailsPanel, isDetailsTab, type DetailsTab } from './details/ContainerDetailsPanel';
import { RemoveContainerDialog } from './RemoveContainerDialog';
import { isTyping } from '../../components/keyboard';

/** The containers of the shown engines: filter, sort, the grid, and the details panel beside it. */
export function ContainersTab(props: { engines: readonly EngineInfo[] }) {
  const params = useNavigation((s) => s.params);
  const text = params.get('q') ?? '';
  const stateParam = params.get('state');
  const state: StateFilter =
    stateParam && (CONTAINER_STATES as readonly string[]).includes(stateParam) ? (stateParam as StateFilter) : 'all';
  const sort = parseSort<ContainerSortKey>(params.get('sort'), CONTAINER_SORT_KEYS, DEFAULT_CONTAINER_SORT);
  const openKey = params.get('sel');
  const dtab = params.get('dtab');
  const detailsTab: DetailsTab = isDetailsTab(dtab) ? dtab : 'overview';
  const engineFilter = params.get('engine');

  const engines =
    engineFilter && props.engines.some((e) => e.id === engineFilter)
      ? props.engines.filter((e) => e.id === engineFilter)
      : props.engines;
  const views = useCollections(
    'docker.containers',
    engines.map((e) => ({ engineId: e.id })),
  );
  const all: ContainerRow[] = views.flatMap((v) => [...v.rows.values()]);
  const loaded = views.every((v) => v.loaded || v.error);
  const filtered = filterContainers(all, { text, state });
  const counts = countByState(all);
  const engineNames = new Map(engines.map((e) => [e.id, e.name]));

  const [selectedKey, setSelectedKey] = useState<string | null>(openKey);
  const [removing, setRemoving] = useState<ContainerRow | null>(null);
  const [lastOpenName, setLastOpenName] = useState('');
  const rowByKey = new Map(all.map((row) => [containerKey(row), row]));
  const openRow = openKey ? rowByKey.get(openKey) : undefined;
  if (openRow && openRow.name !== lastOpenName) setLastOpenName(openRow.name);

  const open = (key: string | null, tab?: DetailsTab): void => {
    setViewParam('sel', key);
    if (tab) setViewParam('dtab', tab);
    if (key) setSelectedKey(key);
  };

  // l: logs, s: shell of the selected container (when not typing).
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const key = selectedKey ?? openKey;
      if (!key || !rowByKey.has(key)) return;
      if (event.key === 'l') open(key, 'logs');
      else if (event.key === 's') open(key, 'terminal');
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const errors = views.map((v, i) => (v.error ? { engine: engines[i]!, error: v.error } : null)).filter(Boolean);

  return (
    <div className={`containers-layout${openKey ? ' with-details' : ''}`}>
      <div className="list-pane">
        <div className="toolbar" role="search" aria-label="Filter containers">
          <input
            type="search"
            data-filter
            placeholder="Filter by name, image, project…  ( / )"
            aria-label="Filter containers"
            value={text}
            onChange={(event) => setViewParam('q', event.target.value)}
          />
          <select
            aria-label="State"
            value={state}
            onChange={(event) => setViewParam('state', event.target.value === 'all' ? null : event.target.value)}
          >
            <option value="all">All states ({all.length})</option>
            {CONTAINER_STATES.map((s) => (
              <option key={s} value={s}>
                {s} ({counts[s]})
              </option>
            ))}
          </select>
          {engineFilter && engines.length === 1 && (
            <button
              type="button"
              onClick={() => setViewParam('engine', null)}
              aria-label={`Show all engines, not only ${engines[0]!.name}`}
            >
              Only {engines[0]!.name} ✕
            </button>
          )}
          <span className="muted small" role="status">
            {loaded ? `${filtered.length} of ${all.length} containers` : 'Loading…'}
          </span>
          <span className="muted small shortcut-hint" hidden={!!openKey}>
            ↑↓ select · Enter details · l logs · s shell · Del remove · Esc close
          </span>
        </div>
        {errors.map((e) => (
          <div key={e!.engine.id} className="error-banner" role="alert">
            Could not list the containers on {e!.engine.name}: {e!.error.message}
          </div>
        ))}
        <ContainerGrid
          rows={filtered}
          engineNames={engineNames}
          sort={sort}
          onSort={(key) =>
            setViewParam('sort', formatSort(nextSort(sort, key)) === 'name' ? null : formatSort(nextSort(sort, key)))
          }
          queryKey={JSON.stringify([text, state, sort, engineFilter])}
          selectedKey={selectedKey}
          onSelect={setSelectedKey}
          onOpen={(key) => open(key)}
          onClose={() => open(null)}
          onRemove={setRemoving}
          compact={!!openKey}
          empty={
            loaded ? (
              <p className="muted">
                {all.length === 0
                  ? `No containers on ${engines.map((e) => e.name).join(', ')}. Start one with docker run or docker compose up.`
                  : 'No container matches the filter.'}
              </p>
            ) : null
          }
        />
      </div>
      {openKey && (
        <ContainerDetailsPanel
          key={openKey}
          row={openRow}
          missingName={lastOpenName || openKey.split('/').pop()!.slice(0, 12)}
          tab={detailsTab}
          onTab={(tab) => setViewParam('dtab', tab === 'overview' ? null : tab)}
          onClose={() => open(null)}
          onRemove={setRemoving}
        />
      )}
      {removing && (
        <RemoveContainerDialog
          row={removing}
          onClose={(removed) => {
            if (removed && openKey === containerKey(removing)) open(null);
            setRemoving(null);
          }}
        />
      )}
    </div>
  );
}
