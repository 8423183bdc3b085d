import { useMemo, useState } from 'react';
import type { TopologyEdge, TopologyNode } from '../../../shared/contract/topology';
import type { HealthLevel } from '../../../shared/kube/types';
import { useCollection } from '../../api/useCollection';
import { setViewParams, useNavigation } from '../../app/navigation';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store/appStore';
import { TopologyDetails } from './TopologyDetails';
import { TopologyMap } from './TopologyMap';
import { useMapBenchGraph } from './mapBench';
import { buildMap, DEFAULT_THRESHOLD, type GroupBy, type MapGroup } from './mapModel';
import { useLayout } from './useLayout';
import './topology.css';

const GROUP_BY: Array<{ id: GroupBy; label: string }> = [
  { id: 'namespace', label: 'Namespace' },
  { id: 'node', label: 'Node' },
  { id: 'app', label: 'Application' },
  { id: 'compose', label: 'Compose project' },
];
const HEALTH: Array<{ id: HealthLevel | ''; label: string }> = [
  { id: '', label: 'Any health' },
  { id: 'failing', label: 'Failing' },
  { id: 'warning', label: 'Warning' },
  { id: 'ok', label: 'Healthy' },
  { id: 'idle', label: 'Idle' },
  { id: 'unknown', label: 'Unknown' },
];

function list(value: string | null): string[] {
  return value ? value.split(',').filter(Boolean) : [];
}

/**
 * Docker and Kubernetes on one live map: the graph comes built from the backend (the same
 * watches as the tables); this view filters, groups and lays it out, and opens the same
 * details panel as the tables. Everything it shows is in the URL, so a link can point at it.
 */
export function TopologyView() {
  const state = useAppStore((s) => s.state);
  const params = useNavigation((n) => n.params);
  const [relayout, setRelayout] = useState(0);
  const [toggled, setToggled] = useState<{ collapsed: Set<string>; expanded: Set<string> }>({
    collapsed: new Set(),
    expanded: new Set(),
  });
  const defaultContexts = state
    ? [state.kube.currentContext, ...state.kube.pinned].filter((c): c is string => !!c)
    : [];
  const contexts = params.has('ctx') ? list(params.get('ctx')) : [...new Set(defaultContexts)];
  const engines = params.has('eng') ? list(params.get('eng')) : (state?.docker.selectedEngineIds ?? []);
  const groupBy = (GROUP_BY.find((g) => g.id === params.get('group'))?.id ?? 'namespace') as GroupBy;
  const kind = params.get('kind') ?? '';
  const health = (params.get('health') ?? '') as HealthLevel | '';
  const text = params.get('q') ?? '';
  const namespace = params.get('ns') ?? '';
  const selected = params.get('sel');
  // Big maps collapse their groups to stay readable and fast, unless the user asks for everything.
  const drawAll = params.get('all') === '1';

  const bench = useMapBenchGraph();
  const graph = useCollection('topology.graph', state && !bench ? { contexts, engines } : null);
  const { nodes, edges } = useMemo(() => {
    if (bench) return bench;
    const n: TopologyNode[] = [];
    const e: TopologyEdge[] = [];
    for (const item of graph.rows.values()) (item.type === 'node' ? n : e).push(item as never);
    return { nodes: n, edges: e };
  }, [bench, graph.rows]);
  const kinds = useMemo(() => [...new Set(nodes.map((n) => n.kind))].sort(), [nodes]);
  const namespaces = useMemo(
    () => [...new Set(nodes.map((n) => n.namespace).filter((n): n is string => !!n))].sort(),
    [nodes],
  );
  const model = useMemo(
    () =>
      buildMap(nodes, edges, {
        groupBy,
        filters: {
          kinds: new Set(kind ? [kind] : []),
          health: new Set(health ? [health] : []),
          namespaces: new Set(namespace ? [namespace] : []),
          text,
        },
        collapsed: toggled.collapsed,
        expanded: toggled.expanded,
        selected,
        threshold: drawAll ? Number.POSITIVE_INFINITY : DEFAULT_THRESHOLD,
      }),
    [nodes, edges, groupBy, kind, namespace, health, text, toggled, selected, drawAll],
  );
  const { layout, ms } = useLayout(model, `${groupBy}/${relayout}`);
  const selectedNode = selected ? nodes.find((n) => n.id === selected) : undefined;

  const toggleGroup = (group: MapGroup): void =>
    setToggled((t) => {
      const collapsed = new Set(t.collapsed);
      const expanded = new Set(t.expanded);
      if (group.collapsed) {
        collapsed.delete(group.id);
        expanded.add(group.id);
      } else {
        expanded.delete(group.id);
        collapsed.add(group.id);
      }
      return { collapsed, expanded };
    });
  const toggleSource = (param: 'ctx' | 'eng', all: string[], value: string, on: boolean): void => {
    const next = on ? [...new Set([...all, value])] : all.filter((v) => v !== value);
    setViewParams({ [param]: next.join(',') || ',' });
  };

  if (!state) return <p className="muted">Loading…</p>;
  const allEngines = state.docker.engines;
  const allContexts = state.kube.contexts.map((c) => c.name);
  return (
    <section className="topology-view" aria-labelledby="topology-title">
      <header className="view-header">
        <h1 id="topology-title">Topology</h1>
        <span className="muted small" role="status">
          {graph.loaded || bench ? `${model.total} objects` : 'Loading…'}
          {model.simplified ? ' · simplified: big groups are collapsed, failing and selected objects stay' : ''}
          {ms !== null ? ` · laid out in ${Math.round(ms)} ms` : ''}
        </span>
      </header>
      <div className="toolbar" role="search" aria-label="Filter the map">
        <details className="topology-sources">
          <summary>
            Show: {contexts.length} context{contexts.length === 1 ? '' : 's'}, {engines.length} engine
            {engines.length === 1 ? '' : 's'}
          </summary>
          <fieldset>
            <legend>Kubernetes contexts</legend>
            {allContexts.map((name) => (
              <label key={name}>
                <input
                  type="checkbox"
                  checked={contexts.includes(name)}
                  onChange={(e) => toggleSource('ctx', contexts, name, e.target.checked)}
                />{' '}
                {name}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Docker engines</legend>
            {allEngines.map((engine) => (
              <label key={engine.id}>
                <input
                  type="checkbox"
                  checked={engines.includes(engine.id)}
                  onChange={(e) => toggleSource('eng', engines, engine.id, e.target.checked)}
                />{' '}
                {engine.name}
              </label>
            ))}
          </fieldset>
        </details>
        <label>
          Group by{' '}
          <select value={groupBy} onChange={(e) => setViewParams({ group: e.target.value, sel: null })}>
            {GROUP_BY.map((g) => (
              <option key={g.id} value={g.id}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <select aria-label="Namespace" value={namespace} onChange={(e) => setViewParams({ ns: e.target.value })}>
          <option value="">All namespaces</option>
          {namespaces.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <select aria-label="Kind" value={kind} onChange={(e) => setViewParams({ kind: e.target.value })}>
          <option value="">All kinds</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <select aria-label="Health" value={health} onChange={(e) => setViewParams({ health: e.target.value })}>
          {HEALTH.map((h) => (
            <option key={h.id} value={h.id}>
              {h.label}
            </option>
          ))}
        </select>
        <input
          type="search"
          data-filter
          placeholder="Filter by name  ( / )"
          aria-label="Filter the map by name"
          value={text}
          onChange={(e) => setViewParams({ q: e.target.value })}
        />
        <label title="Big maps collapse their groups to stay fast; this draws every object">
          <input
            type="checkbox"
            checked={drawAll}
            onChange={(e) => setViewParams({ all: e.target.checked ? '1' : null })}
          />{' '}
          Draw all objects
        </label>
        <button type="button" onClick={() => setRelayout((n) => n + 1)} title="Lay the whole map out again">
          Re-layout
        </button>
      </div>
      {graph.error && <ErrorBanner prefix="The map could not be loaded" error={graph.error} />}
      <div className={`containers-layout${selectedNode ? ' with-details' : ''}`}>
        <div className="list-pane">
          {graph.loaded && model.total === 0 ? (
            <p className="muted">
              {contexts.length + engines.length === 0
                ? 'Nothing to show: pick a Kubernetes context or a Docker engine above.'
                : `Nothing on the map matches the filters in ${[...contexts, ...engines].join(', ')}.`}
            </p>
          ) : layout ? (
            <TopologyMap
              model={model}
              layout={layout}
              selected={selected}
              onSelect={(id) => setViewParams({ sel: id })}
              onToggleGroup={toggleGroup}
            />
          ) : (
            <p className="muted">Laying the map out…</p>
          )}
        </div>
        {selectedNode && (
          <TopologyDetails key={selectedNode.id} node={selectedNode} onClose={() => setViewParams({ sel: null })} />
        )}
      </div>
    </section>
  );
}
