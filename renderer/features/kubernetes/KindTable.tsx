import { useEffect, useMemo, useState } from 'react';
import type { KindInfo, KubeRow } from '../../../shared/kube/types';
import { useCollection, useRows } from '../../api/useCollection';
import { useTopic } from '../../api/useTopic';
import { formatSort, nextSort, parseSort } from '../../components/grid/gridQuery';
import { useLiveOrder } from '../../components/grid/useLiveOrder';
import { ErrorBanner } from '../../components/ErrorBanner';
import { isTyping } from '../../components/isTyping';
import { StateBadge } from '../../components/StateBadge';
import { KubeDeleteDialog } from './actions/KubeDeleteDialog';
import { KubeRowMenu } from './actions/KubeRowMenu';
import { KubeDetailsPanel } from './details/KubeDetailsPanel';
import { kindTitle } from './kindCatalog';
import { describeKindStatus, fallbackText } from './kindStatusText';
import { KubeGrid } from './KubeGrid';
import { findByKey, objectKey, type KubeLocation } from './kubeLocation';
import {
  compareRows,
  defaultSort,
  fittedChars,
  parseLabelFilter,
  rowFilter,
  viewColumns,
  type FittedChars,
} from './kubeList';
import { applyUsageEvent, usageNote, usageOfRow, usageTarget } from './kubeUsage';
import { NamespaceSelector } from './NamespaceSelector';
import { linkLocation, type LinkTarget } from './objectLinks';
import { hasLogs } from './logs/logTargets';
import { useLogsKey } from './logs/useLogsKey';

/** The objects of one kind: namespaces, filters, the watch status, the grid and the details panel. */
export function KindTable(props: {
  context: string;
  kind: KindInfo;
  kinds: readonly KindInfo[];
  /** With namespaces resolved ([] = all). */
  location: KubeLocation & { namespaces: string[] };
  availableNamespaces: readonly string[];
  namespaceProblem?: string;
  go: (next: KubeLocation, replace?: boolean) => void;
}) {
  const { context, kind, location, go } = props;
  const title = kindTitle(kind);
  const namespaces = kind.namespaced ? location.namespaces : [];
  const rows = useCollection('kube.resources', { context, kind: kind.key, namespaces });
  const status = useTopic('kube.kind.status', { context, kind: kind.key });
  const target = usageTarget(kind.key);
  const metrics = useRows(
    'kube.metrics.latest',
    target ? { context, target, namespaces: target === 'pods' ? namespaces : [] } : null,
    applyUsageEvent,
  );

  const total = rows.rows.size;
  const labelFilter = parseLabelFilter(location.labels);
  const compact = !!location.selected;
  // A kind found through discovery learns its columns from the server's Table with the first page.
  const kindColumns = (!kind.builtin && status.value?.columns) || kind.columns;
  // Compared as text: the columns change only when a longest value does, not with every row.
  const fitted = JSON.stringify(useMemo(() => fittedChars(kindColumns, rows.rows.values()), [kindColumns, rows.rows]));
  const columns = useMemo(
    () =>
      viewColumns(
        { namespaced: kind.namespaced, columns: kindColumns },
        { wide: location.wide, compact, usage: !!target, fitted: JSON.parse(fitted) as FittedChars },
      ),
    [kind.namespaced, kindColumns, location.wide, compact, target, fitted],
  );
  // Sorting reads every column, shown or not: opening the details panel hides the kind's own
  // columns, and the list keeps its order rather than jumping under the row just opened.
  const sortColumns = useMemo(
    () =>
      viewColumns(
        { namespaced: kind.namespaced, columns: kindColumns },
        { wide: true, compact: false, usage: !!target },
      ),
    [kind.namespaced, kindColumns, target],
  );
  const initialSort = defaultSort(kind);
  const sort = parseSort(
    location.sort,
    sortColumns.map((c) => c.id),
    initialSort,
  );
  const usageOf = useMemo(() => (target ? usageOfRow(target, metrics.rows) : undefined), [target, metrics.rows]);
  const byUsage = sort.key === 'cpu' || sort.key === 'memory';
  // Rows change a few at a time: the order is updated from the rows that changed, and sorted
  // afresh only when the filter or the sort (or, sorting by usage, the usage) changes.
  const shown = useLiveOrder(rows, {
    deps: [location.text, location.labels, sort.key, sort.dir, sortColumns, byUsage ? usageOf : null],
    keep: rowFilter(location.text, labelFilter.terms),
    compare: compareRows(sort, sortColumns, byUsage ? usageOf : undefined),
  });
  // Says why there is no usage. Not the context's summary, which holds the pods, nodes and
  // events watches: at open, before the first metrics poll, that listed every event of the
  // cluster (10,000 on a cluster of 10,000 pods) beside the pods the user is waiting for.
  const availability = useTopic('kube.metrics.availability', target ? { context } : null);
  const usageProblem = target
    ? usageNote({
        error: metrics.error?.message ?? null,
        loaded: metrics.loaded,
        usageRows: metrics.rows.size,
        tableRows: total,
        availability: availability.value,
      })
    : null;

  const [cursor, setCursor] = useState<string | null>(location.selected);
  const [lastName, setLastName] = useState('');
  const [deleting, setDeleting] = useState<KubeRow | null>(null);
  const [menu, setMenu] = useState<{ row: KubeRow; at: { x: number; y: number } } | null>(null);
  const rowOf = (key: string): KubeRow | undefined => findByKey(rows.rows.values(), key);
  const selectedRow = useMemo(
    () => (location.selected ? findByKey(rows.rows.values(), location.selected) : undefined),
    [rows.rows, location.selected],
  );
  if (selectedRow && selectedRow.name !== lastName) setLastName(selectedRow.name);

  const patch = (change: Partial<KubeLocation>): void => go({ ...location, ...change }, true);
  const open = (key: string | null): void => {
    // Another object: its logs start on its own default container.
    patch({ selected: key, logContainer: null, previousLogs: false, ...(key ? {} : { tab: 'overview' as const }) });
    if (key) setCursor(key);
  };
  const follow = (link: LinkTarget): void => go(linkLocation(location, link));
  const logs = hasLogs(kind.key);
  useLogsKey(logs ? (cursor ?? location.selected) : null, (key) =>
    patch({
      selected: key,
      tab: 'logs',
      ...(key === location.selected ? {} : { logContainer: null, previousLogs: false }),
    }),
  );

  // s: a shell in the selected pod (when not typing), as for containers.
  useEffect(() => {
    if (kind.key !== 'pods') return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 's' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const key = cursor ?? location.selected;
      if (!key || !rowOf(key)) return;
      event.preventDefault();
      patch({ selected: key, tab: 'terminal' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const statusText = status.value ? describeKindStatus(status.value, title) : null;
  const fallback = fallbackText(status.value);

  return (
    <div className={`containers-layout${location.selected ? ' with-details' : ''}`}>
      <div className="list-pane">
        <div className="toolbar" role="search" aria-label={`Filter ${title}`}>
          {kind.namespaced && (
            <NamespaceSelector
              available={props.availableNamespaces}
              selected={location.namespaces}
              onChange={(next) => patch({ namespaces: next, selected: null })}
              problem={props.namespaceProblem}
            />
          )}
          <input
            type="search"
            data-filter
            placeholder="Filter by name, status…  ( / )"
            aria-label={`Filter ${title}`}
            value={location.text}
            onChange={(event) => patch({ text: event.target.value })}
          />
          <input
            type="search"
            className="label-filter mono"
            placeholder="Labels: app=web,tier!=db"
            aria-label="Label filter"
            aria-invalid={labelFilter.error ? true : undefined}
            title="key=value, key!=value, key or !key, separated by commas"
            value={location.labels}
            onChange={(event) => patch({ labels: event.target.value })}
          />
          {kindColumns.some((c) => c.wide) && (
            <button
              type="button"
              aria-pressed={location.wide}
              onClick={() => patch({ wide: !location.wide })}
              title="More columns, as kubectl get -o wide"
            >
              Wide
            </button>
          )}
          <span className="muted small" role="status">
            {rows.loaded ? `${shown.length} of ${total} ${title}` : 'Loading…'}
          </span>
          <span className="muted small shortcut-hint" hidden={!!location.selected}>
            ↑↓ select · Enter details{logs ? ' · l logs' : ''} · Del delete · Esc close · / filter
          </span>
        </div>
        {labelFilter.error && (
          <p className="tone-bad small" role="alert">
            {labelFilter.error}
          </p>
        )}
        <div className="kind-status" role="status" aria-label={`Watch of ${title}`}>
          {statusText && !statusText.problem && (
            <>
              <StateBadge tone={statusText.tone} label={statusText.label} />
              {statusText.text && <span className="muted small">{statusText.text}</span>}
            </>
          )}
          {fallback && (
            <span className="warn-note small" role="note">
              {fallback}
            </span>
          )}
          {usageProblem && (
            <span className="muted small" role="note">
              {usageProblem}
            </span>
          )}
        </div>
        {statusText?.problem && status.value && (
          <ErrorBanner
            prefix={`${statusText.label} (${title} in ${context})`}
            error={{
              message: statusText.text,
              ...(status.value.detail ? { detail: status.value.detail } : {}),
            }}
          >
            {status.value.hint && <span className="hint">{status.value.hint}</span>}
          </ErrorBanner>
        )}
        {(rows.error ?? status.error) && (
          <ErrorBanner prefix={`Could not list ${title} in ${context}`} error={(rows.error ?? status.error)!} />
        )}
        <KubeGrid
          label={title}
          kind={kind}
          rows={shown}
          columns={columns}
          usageOf={usageOf}
          sort={sort}
          onSort={(key) => {
            const next = formatSort(nextSort(sort, key));
            patch({ sort: next === formatSort(initialSort) ? null : next });
          }}
          queryKey={JSON.stringify([location.text, location.labels, sort, namespaces])}
          selectedKey={cursor}
          onSelect={setCursor}
          onOpen={(key) => open(key)}
          onClose={() => open(null)}
          onDelete={(key) => setDeleting(rowOf(key) ?? null)}
          onContextMenu={(key, at) => {
            setCursor(key);
            const menuRow = rowOf(key);
            setMenu(menuRow ? { row: menuRow, at } : null);
          }}
          empty={
            rows.loaded ? (
              <p className="muted">
                {total > 0
                  ? `No ${title} match the filter.`
                  : status.value && status.value.state !== 'live'
                    ? `No ${title} listed yet (${statusText?.label.toLowerCase() ?? 'waiting'}).`
                    : `No ${title} in ${namespaces.length ? namespaces.join(', ') : 'any namespace'} of ${context}.`}
              </p>
            ) : null
          }
        />
      </div>
      {menu && (
        <KubeRowMenu
          key={menu.row.id}
          context={context}
          kind={kind}
          row={rowOf(objectKey(menu.row)) ?? menu.row}
          at={menu.at}
          onClose={() => setMenu(null)}
        />
      )}
      {deleting && <KubeDeleteDialog context={context} kind={kind} row={deleting} onClose={() => setDeleting(null)} />}
      {location.selected && (
        <KubeDetailsPanel
          key={`${kind.key}/${location.selected}`}
          context={context}
          kind={kind}
          kinds={props.kinds}
          row={selectedRow}
          loaded={rows.loaded}
          missingName={lastName || location.selected}
          tab={location.tab}
          onTab={(tab) => patch({ tab })}
          onClose={() => open(null)}
          onLink={follow}
          logs={{ logContainer: location.logContainer ?? null, previousLogs: location.previousLogs ?? false }}
          onLogs={(choice) => patch(choice)}
        />
      )}
    </div>
  );
}
