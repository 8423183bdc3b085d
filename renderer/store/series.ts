/**
 * Time series from topics that send their history first and then new points
 * (`docker.container.stats`, `docker.engine.usage`): a bounded, time-ordered history,
 * and the chart points made from it.
 */

/** A point of a time series: `t` is epoch ms. */
export interface Timed {
  t: number;
}

/** A chart point: x is epoch ms. */
export interface Point {
  x: number;
  y: number;
}

/** The backend keeps 15 minutes at 1 s; keep a little more so the window edge is filled. */
const HISTORY_MS = 16 * 60_000;

/**
 * Merges new samples into the history: sorted by time, one sample per timestamp (the
 * newer wins), nothing older than `maxAgeMs` before the newest.
 */
export function mergeSamples<P extends Timed>(
  history: readonly P[],
  incoming: readonly P[],
  maxAgeMs = HISTORY_MS,
): P[] {
  if (!incoming.length) return history as P[];
  let merged: P[];
  const last = history[history.length - 1];
  const inOrder = incoming.every((s, i) => (i === 0 ? !last || s.t > last.t : s.t > incoming[i - 1]!.t));
  if (inOrder) {
    merged = history.concat(incoming);
  } else {
    const byTime = new Map<number, P>();
    for (const s of history) byTime.set(s.t, s);
    for (const s of incoming) byTime.set(s.t, s);
    merged = [...byTime.values()].sort((a, b) => a.t - b.t);
  }
  const newest = merged[merged.length - 1]!.t;
  const first = merged.findIndex((s) => s.t >= newest - maxAgeMs);
  return first > 0 ? merged.slice(first) : merged;
}

/** The samples within `windowMs` of the newest one. */
export function samplesInWindow<P extends Timed>(samples: readonly P[], windowMs: number): P[] {
  const last = samples[samples.length - 1];
  if (!last) return [];
  const from = last.t - windowMs;
  let i = samples.length - 1;
  while (i > 0 && samples[i - 1]!.t >= from) i--;
  return samples.slice(i);
}

/** A gauge series (CPU %, memory, PIDs), divided by `scale`. */
export function gaugeSeries<P extends Timed>(samples: readonly P[], value: (s: P) => number, scale = 1): Point[] {
  return samples.map((s) => ({ x: s.t, y: value(s) / scale }));
}

/**
 * The same points with a break (y = NaN, which chart.js leaves undrawn) wherever two
 * neighbours are more than `maxStepMs` apart: time nobody watched, or the engine was
 * away, shows as a gap rather than as a straight line across it.
 */
export function breakGaps(points: readonly Point[], maxStepMs: number): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < points.length; i++) {
    const previous = points[i - 1];
    if (previous && points[i]!.x - previous.x > maxStepMs) out.push({ x: previous.x + 1, y: Number.NaN });
    out.push(points[i]!);
  }
  return out;
}
