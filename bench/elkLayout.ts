import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { NODE_HEIGHT, NODE_WIDTH, type LayoutInput, type Point } from '../renderer/features/topology/layout';

/**
 * The same map laid out by elkjs, for the benchmark only: each group is an ELK node laid out
 * with ELK's layered algorithm left to right (spacings as ours: 60 px between layers, 10 px
 * between nodes, the group's header and padding), and the groups packed by ELK's rectpacking.
 * Edges between groups are left out (the synthetic graphs have none); ELK has no mode that
 * keeps earlier positions, so each call lays the map out from scratch.
 */
const elk = new ELK();

const GROUP_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '60',
  'elk.spacing.nodeNode': '10',
  'elk.padding': '[top=44,left=16,bottom=16,right=16]',
};

export async function elkLayout(
  input: LayoutInput,
): Promise<{ positions: Record<string, Point>; skippedEdges: number }> {
  const groupOf = new Map(input.nodes.map((n) => [n.id, n.group]));
  const children = new Map<string, ElkNode[]>();
  const edges = new Map<string, ElkExtendedEdge[]>();
  for (const group of input.groups) {
    children.set(group, []);
    edges.set(group, []);
  }
  for (const n of input.nodes) children.get(n.group)?.push({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT });
  let skippedEdges = 0;
  input.edges.forEach((e, i) => {
    const group = groupOf.get(e.from);
    if (group === undefined || group !== groupOf.get(e.to) || e.from === e.to) {
      skippedEdges++;
      return;
    }
    edges.get(group)!.push({ id: `e${i}`, sources: [e.from], targets: [e.to] });
  });
  const root: ElkNode = {
    id: '(root)',
    layoutOptions: { 'elk.algorithm': 'rectpacking', 'elk.spacing.nodeNode': '40' },
    children: input.groups.map((group) => ({
      id: `(group) ${group}`,
      layoutOptions: GROUP_OPTIONS,
      children: children.get(group)!,
      edges: edges.get(group)!,
    })),
  };
  const laid = await elk.layout(root);
  const positions: Record<string, Point> = {};
  for (const group of laid.children ?? []) {
    for (const node of group.children ?? []) {
      positions[node.id] = { x: (group.x ?? 0) + (node.x ?? 0), y: (group.y ?? 0) + (node.y ?? 0) };
    }
  }
  return { positions, skippedEdges };
}
