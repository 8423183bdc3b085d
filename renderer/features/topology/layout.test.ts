import { describe, expect, it } from 'vitest';
import { layout, NODE_HEIGHT, NODE_WIDTH, type LayoutInput } from './layout';
import { syntheticGraph } from './syntheticGraph';

function input(pods: number): LayoutInput {
  const { nodes, edges } = syntheticGraph(pods, 5);
  return {
    nodes: nodes.map((n) => ({ id: n.id, group: n.namespace! })),
    edges,
    groups: [...new Set(nodes.map((n) => n.namespace!))],
  };
}

describe('the layered layout', () => {
  it('puts owners left of what they own, and no two nodes on one spot', () => {
    const result = layout(input(40));
    const p = result.positions;
    expect(p['dep-0']!.x).toBeLessThan(p['rs-0']!.x);
    expect(p['rs-0']!.x).toBeLessThan(p['pod-0-0']!.x);
    const spots = new Set(Object.values(p).map((q) => `${q.x}:${q.y}`));
    expect(spots.size).toBe(Object.keys(p).length);
    for (const [id, q] of Object.entries(p)) {
      const group =
        result.groups[
          id.startsWith('dep') || id.startsWith('rs') || id.startsWith('svc') || id.startsWith('pod') ? 'ns-0' : ''
        ]!;
      expect(q.x).toBeGreaterThanOrEqual(group.x);
      expect(q.x + NODE_WIDTH).toBeLessThanOrEqual(group.x + group.width);
      expect(q.y + NODE_HEIGHT).toBeLessThanOrEqual(group.y + group.height);
    }
  });

  it('keeps every position when a pod is added, and places the new one near its neighbours', () => {
    const before = input(40);
    const first = layout(before);
    const after: LayoutInput = {
      ...before,
      nodes: [...before.nodes, { id: 'pod-3-new', group: 'ns-0' }],
      edges: [...before.edges, { from: 'rs-3', to: 'pod-3-new' }],
      previous: first,
    };
    const second = layout(after);
    for (const [id, p] of Object.entries(first.positions)) expect(second.positions[id]).toEqual(p);
    const fresh = second.positions['pod-3-new']!;
    // In the pods' layer (which wraps into columns), not beside the owners.
    const podColumns = new Set(
      Object.entries(first.positions)
        .filter(([id]) => id.startsWith('pod-'))
        .map(([, q]) => q.x),
    );
    expect(podColumns.has(fresh.x)).toBe(true);
    // The nearest free row of those columns: the second column has 16 pods.
    expect(fresh.y).toBe(16 * (NODE_HEIGHT + 10) + first.positions['pod-0-0']!.y);
  });
});
