/**
 * Where a sparkline's line runs, in canvas pixels: a pure function, so the drawing is a few
 * canvas calls. Tables show one sparkline per row and update each every second; a chart.js
 * chart per row cost milliseconds per update for what is twenty points.
 */
export interface SparkPoint {
  x: number;
  y: number;
}

export interface SparkBox {
  width: number;
  height: number;
  /** Space kept free on every side, so a line at the top or bottom is not cut in half. */
  padding: number;
  /** Bottom of the y scale (default 0). */
  min?: number;
  /** Top of the y scale (default: the highest value shown). */
  max?: number;
}

/**
 * The runs of the line, each a list of pixel points left to right. Values are oldest first,
 * evenly spaced (numbers) or placed by their x (points); a value that is not a finite number
 * is a gap and starts a new run. The x range spans the width; y is clamped to the scale.
 */
export function sparklineRuns(
  values: ReadonlyArray<number> | ReadonlyArray<SparkPoint>,
  box: SparkBox,
): SparkPoint[][] {
  const points: SparkPoint[] = values.map((v, i) => (typeof v === 'number' ? { x: i, y: v } : v));
  let xMin = Infinity;
  let xMax = -Infinity;
  let yPeak = -Infinity;
  for (const p of points) {
    if (!Number.isFinite(p.x)) continue;
    xMin = Math.min(xMin, p.x);
    xMax = Math.max(xMax, p.x);
    if (Number.isFinite(p.y)) yPeak = Math.max(yPeak, p.y);
  }
  const min = box.min ?? 0;
  let max = box.max ?? yPeak;
  if (!Number.isFinite(max) || max <= min) max = min + 1;
  const left = box.padding;
  const top = box.padding;
  const w = Math.max(0, box.width - 2 * box.padding);
  const h = Math.max(0, box.height - 2 * box.padding);
  const xSpan = xMax - xMin;

  const runs: SparkPoint[][] = [];
  let run: SparkPoint[] = [];
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) {
      if (run.length) runs.push(run);
      run = [];
      continue;
    }
    const fx = xSpan > 0 ? (p.x - xMin) / xSpan : 0;
    const fy = (Math.min(max, Math.max(min, p.y)) - min) / (max - min);
    run.push({ x: left + fx * w, y: top + (1 - fy) * h });
  }
  if (run.length) runs.push(run);
  return runs;
}
