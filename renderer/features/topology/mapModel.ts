import type { TopologyEdge, TopologyNode } from '../../../shared/contract/topology';
import type { Health, HealthLevel } from '../../../shared/kube/types';

export type GroupBy = 'namespace' | 'node' | 'app' | 'compose';

export interface MapFilters {
  /** Kinds to show; empty: all. */
  kinds: ReadonlySet<string>;
  /** Health levels to show; empty: all. */
  health: ReadonlySet<HealthLevel>;
  /** Namespaces to show; empty: all (objects without a namespace always show). */
  namespaces: ReadonlySet<string>;
  /** Case-insensitive part of a name. */
  text: string;
}

export interface MapOptions {
  groupBy: GroupBy;
  filters: MapFilters;
  /** Groups the user collapsed, and groups the user expanded (these win over simplification). */
  collapsed: ReadonlySet<string>;
  expanded: ReadonlySet<string>;
  selected: string | null;
  /** Above this many objects the map simplifies: groups collapse, what fails or is selected stays. */
  threshold: number;
}

export interface MapNode {
  id: string;
  kind: string;
  label: string;
  group: string;
  health: Health;
  /** The object, or nothing for a collapsed group's summary. */
  node?: TopologyNode;
  /** For a summary: how many objects it stands for, and how many of them fail. */
  summary?: { count: number; failing: number; warning: number };
}

export interface MapEdge {
  id: string;
  from: string;
  to: string;
}

export interface MapGroup {
  id: string;
  label: string;
  collapsed: boolean;
  /** Objects in the group (after filters). */
  count: number;
  failing: number;
}

export interface MapModel {
  nodes: MapNode[];
  edges: MapEdge[];
  groups: MapGroup[];
  /** True when the map collapsed groups by itself because it is big. */
  simplified: boolean;
  /** Objects that passed the filters. */
  total: number;
}

export const DEFAULT_THRESHOLD = 600;

/** The group an object falls in, with a label for its header. */
function groupOf(node: TopologyNode, groupBy: GroupBy, multiSource: boolean): { id: string; label: string } {
  const source = node.source.type === 'kube' ? node.source.context : node.source.engineId;
  const prefix = multiSource ? `${source} · ` : '';
  if (node.source.type === 'docker') {
    if (groupBy !== 'namespace' && node.groups.compose) {
      return { id: `compose:${source}:${node.groups.compose}`, label: `${prefix}Compose ${node.groups.compose}` };
    }
    return { id: `engine:${source}`, label: `Docker engine ${source}` };
  }
  if (groupBy === 'node') {
    const host = node.kind === 'Node' ? node.name : node.groups.host;
    if (host) return { id: `host:${source}:${host}`, label: `${prefix}Node ${host}` };
  }
  if (groupBy === 'app' && node.groups.app) {
    return { id: `app:${source}:${node.groups.app}`, label: `${prefix}App ${node.groups.app}` };
  }
  if (node.namespace) return { id: `ns:${source}:${node.namespace}`, label: `${prefix}${node.namespace}` };
  return { id: `cluster:${source}`, label: `${prefix}cluster-wide` };
}

function passes(node: TopologyNode, filters: MapFilters): boolean {
  if (filters.kinds.size && !filters.kinds.has(node.kind)) return false;
  if (filters.health.size && !filters.health.has(node.health.level)) return false;
  if (filters.namespaces.size && node.namespace !== undefined && !filters.namespaces.has(node.namespace)) return false;
  const text = filters.text.trim().toLowerCase();
  return !text || node.name.toLowerCase().includes(text);
}

/**
 * What the map draws: the objects that pass the filters, grouped; collapsed groups stand as one
 * summary node each (with their failing, selected and neighbouring objects still shown), and
 * edges to hidden objects go to their group's summary.
 */
export function buildMap(all: Iterable<TopologyNode>, allEdges: Iterable<TopologyEdge>, options: MapOptions): MapModel {
  const visible: TopologyNode[] = [];
  const sources = new Set<string>();
  for (const node of all) {
    if (!passes(node, options.filters)) continue;
    visible.push(node);
    sources.add(node.source.type === 'kube' ? `k:${node.source.context}` : `d:${node.source.engineId}`);
  }
  const multiSource = sources.size > 1;
  const byId = new Map(visible.map((n) => [n.id, n]));
  const groups = new Map<string, MapGroup>();
  const groupIdOf = new Map<string, string>();
  for (const node of visible) {
    const { id, label } = groupOf(node, options.groupBy, multiSource);
    groupIdOf.set(node.id, id);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { id, label, collapsed: false, count: 0, failing: 0 }));
    group.count += 1;
    if (node.health.level === 'failing') group.failing += 1;
  }
  const edges = [...allEdges].filter((e) => byId.has(e.from) && byId.has(e.to));
  const simplified = visible.length > options.threshold;
  for (const group of groups.values()) {
    group.collapsed =
      !options.expanded.has(group.id) && (options.collapsed.has(group.id) || (simplified && group.count > 1));
  }
  // In a collapsed group, what fails or is selected stays, with its neighbours.
  const keep = new Set<string>();
  const anchors = visible.filter((n) => n.health.level === 'failing' || n.id === options.selected).map((n) => n.id);
  for (const id of anchors) keep.add(id);
  const anchorSet = new Set(anchors);
  for (const e of edges) {
    if (anchorSet.has(e.from)) keep.add(e.to);
    if (anchorSet.has(e.to)) keep.add(e.from);
  }
  const nodes: MapNode[] = [];
  const shownAs = new Map<string, string>();
  const summaries = new Map<string, MapNode>();
  for (const node of visible) {
    const groupId = groupIdOf.get(node.id)!;
    const group = groups.get(groupId)!;
    if (!group.collapsed || keep.has(node.id)) {
      nodes.push({ id: node.id, kind: node.kind, label: node.name, group: groupId, health: node.health, node });
      shownAs.set(node.id, node.id);
      continue;
    }
    const summaryId = `group:${groupId}`;
    let summary = summaries.get(summaryId);
    if (!summary) {
      summary = {
        id: summaryId,
        kind: 'Group',
        label: '',
        group: groupId,
        health: { level: 'ok' },
        summary: { count: 0, failing: 0, warning: 0 },
      };
      summaries.set(summaryId, summary);
      nodes.push(summary);
    }
    summary.summary!.count += 1;
    if (node.health.level === 'warning') summary.summary!.warning += 1;
    shownAs.set(node.id, summaryId);
  }
  for (const summary of summaries.values()) {
    const { count, warning } = summary.summary!;
    summary.label = `${count} more object${count === 1 ? '' : 's'}`;
    summary.health = warning
      ? { level: 'warning', reason: `${warning} of ${count} not ready` }
      : { level: 'ok', reason: `${count} objects` };
  }
  const seen = new Set<string>();
  const mapEdges: MapEdge[] = [];
  for (const e of edges) {
    const from = shownAs.get(e.from)!;
    const to = shownAs.get(e.to)!;
    if (from === to) continue;
    const id = from === e.from && to === e.to ? e.id : `${from}|${to}`;
    if (seen.has(id)) continue;
    seen.add(id);
    mapEdges.push({ id, from, to });
  }
  const sortedGroups = [...groups.values()].sort((a, b) => a.label.localeCompare(b.label));
  return { nodes, edges: mapEdges, groups: sortedGroups, simplified, total: visible.length };
}

/** The selected object and everything one edge away from it: what the map highlights. */
export function neighbourhood(edges: readonly MapEdge[], selected: string | null): Set<string> {
  const out = new Set<string>();
  if (!selected) return out;
  out.add(selected);
  for (const e of edges) {
    if (e.from === selected) out.add(e.to);
    if (e.to === selected) out.add(e.from);
  }
  return out;
}
