import { NODE_HEIGHT, NODE_WIDTH, type LayoutEdge, type Point } from '../renderer/features/topology/layout';

/**
 * Quality figures for a map layout, measured on what the map draws: an edge runs from the
 * middle of its source's right side to the middle of its target's left side. Curves are
 * taken as the straight segment between those ends (the map's curves keep to it closely).
 */
interface Segment {
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

function segments(positions: Record<string, Point>, edges: readonly LayoutEdge[]): Segment[] {
  const out: Segment[] = [];
  for (const e of edges) {
    const a = positions[e.from];
    const b = positions[e.to];
    if (!a || !b || e.from === e.to) continue;
    out.push({
      from: e.from,
      to: e.to,
      x1: a.x + NODE_WIDTH,
      y1: a.y + NODE_HEIGHT / 2,
      x2: b.x,
      y2: b.y + NODE_HEIGHT / 2,
    });
  }
  return out;
}

/** Sign of the turn a → b → c: 1 left, -1 right, 0 straight. */
function turn(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

/** True when the two segments cross at a point inside both (touching ends do not count). */
export function segmentsCross(a: Segment, b: Segment): boolean {
  const d1 = turn(a.x1, a.y1, a.x2, a.y2, b.x1, b.y1);
  const d2 = turn(a.x1, a.y1, a.x2, a.y2, b.x2, b.y2);
  const d3 = turn(b.x1, b.y1, b.x2, b.y2, a.x1, a.y1);
  const d4 = turn(b.x1, b.y1, b.x2, b.y2, a.x2, a.y2);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

/**
 * Pairs of edges that cross, edges sharing an end left out. Edges are sorted by their left end
 * so only pairs whose horizontal extents overlap are compared.
 */
export function edgeCrossings(positions: Record<string, Point>, edges: readonly LayoutEdge[]): number {
  const list = segments(positions, edges).map((s) => ({
    s,
    left: Math.min(s.x1, s.x2),
    right: Math.max(s.x1, s.x2),
    top: Math.min(s.y1, s.y2),
    bottom: Math.max(s.y1, s.y2),
  }));
  list.sort((a, b) => a.left - b.left);
  let crossings = 0;
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    for (let j = i + 1; j < list.length && list[j]!.left <= a.right; j++) {
      const b = list[j]!;
      if (b.top > a.bottom || b.bottom < a.top) continue;
      if (a.s.from === b.s.from || a.s.from === b.s.to || a.s.to === b.s.from || a.s.to === b.s.to) continue;
      if (segmentsCross(a.s, b.s)) crossings++;
    }
  }
  return crossings;
}

/** Mean length of the drawn edges, in map pixels (zoom 1). */
export function meanEdgeLength(positions: Record<string, Point>, edges: readonly LayoutEdge[]): number {
  const list = segments(positions, edges);
  if (!list.length) return 0;
  return list.reduce((sum, s) => sum + Math.hypot(s.x2 - s.x1, s.y2 - s.y1), 0) / list.length;
}

/** How far the nodes present in both layouts moved: mean distance (px) and the share that moved at all. */
export function displacement(
  before: Record<string, Point>,
  after: Record<string, Point>,
): { meanPx: number; movedShare: number } {
  let total = 0;
  let moved = 0;
  let count = 0;
  for (const [id, a] of Object.entries(before)) {
    const b = after[id];
    if (!b) continue;
    const d = Math.hypot(b.x - a.x, b.y - a.y);
    total += d;
    if (d > 0.5) moved++;
    count++;
  }
  return count ? { meanPx: total / count, movedShare: moved / count } : { meanPx: 0, movedShare: 0 };
}
