import { describe, expect, it } from 'vitest';
import { buildMap, DEFAULT_THRESHOLD, type MapOptions } from './mapModel';
import { syntheticGraph } from './syntheticGraph';

const options = (over: Partial<MapOptions> = {}): MapOptions => ({
  groupBy: 'namespace',
  filters: { kinds: new Set(), health: new Set(), namespaces: new Set(), text: '' },
  collapsed: new Set(),
  expanded: new Set(),
  selected: null,
  threshold: DEFAULT_THRESHOLD,
  ...over,
});

describe('the map model', () => {
  it('draws a small graph whole, grouped by namespace', () => {
    const { nodes, edges } = syntheticGraph(100);
    const map = buildMap(nodes, edges, options());
    expect(map.simplified).toBe(false);
    expect(map.nodes).toHaveLength(nodes.length);
    expect(map.edges).toHaveLength(edges.length);
    expect(map.groups.map((g) => g.label)).toEqual(['ns-0']);
  });

  it('simplifies 5,000 pods to collapsed groups, keeping a failing pod, its neighbours and the selection', () => {
    const { nodes, edges } = syntheticGraph(5000);
    const failing = nodes.find((n) => n.id === 'pod-77-3')!;
    failing.health = { level: 'failing', reason: 'CrashLoopBackOff' };
    const map = buildMap(nodes, edges, options({ selected: 'svc-12' }));
    expect(map.simplified).toBe(true);
    expect(map.total).toBe(nodes.length);
    expect(map.nodes.length).toBeLessThan(200);
    const shown = new Set(map.nodes.map((n) => n.id));
    // The failing pod, its ReplicaSet and Service; the selected Service and its pods.
    expect(shown.has('pod-77-3')).toBe(true);
    expect(shown.has('rs-77')).toBe(true);
    expect(shown.has('svc-77')).toBe(true);
    expect(shown.has('svc-12')).toBe(true);
    expect(shown.has('pod-12-0')).toBe(true);
    expect(map.groups.find((g) => g.label === 'ns-7')).toMatchObject({ collapsed: true, failing: 1 });
    // Edges to hidden objects end at their group's summary node.
    expect(map.edges.some((e) => e.from === 'rs-77' && e.to === 'group:ns:synthetic:ns-7')).toBe(true);
    // Expanding one group shows all of it.
    const expanded = buildMap(nodes, edges, options({ expanded: new Set(['ns:synthetic:ns-3']) }));
    expect(expanded.nodes.filter((n) => n.group === 'ns:synthetic:ns-3' && n.node)).toHaveLength(530);
  });

  it('filters by kind, health and name', () => {
    const { nodes, edges } = syntheticGraph(100);
    nodes.find((n) => n.id === 'pod-1-1')!.health = { level: 'failing' };
    const failing = buildMap(
      nodes,
      edges,
      options({ filters: { ...options().filters, health: new Set(['failing']) } }),
    );
    expect(failing.nodes.map((n) => n.id)).toEqual(['pod-1-1']);
    const services = buildMap(
      nodes,
      edges,
      options({ filters: { ...options().filters, kinds: new Set(['Service']) } }),
    );
    expect(services.nodes.every((n) => n.kind === 'Service')).toBe(true);
    const text = buildMap(nodes, edges, options({ filters: { ...options().filters, text: 'APP-1-5D8F-45' } }));
    expect(text.nodes.map((n) => n.label)).toEqual(['app-1-5d8f-45']);
  });
});
