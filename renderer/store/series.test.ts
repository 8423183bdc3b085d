import { describe, expect, it } from 'vitest';
import { breakGaps, gaugeSeries, mergeSamples, samplesInWindow } from './series';

interface Sample {
  t: number;
  pids: number;
  memUsage: number;
}

function sample(t: number, fields: Partial<Sample> = {}): Sample {
  return { t, pids: 1, memUsage: 0, ...fields };
}

describe('history', () => {
  it('appends in-order samples and keeps only the newest window', () => {
    const h = mergeSamples([sample(0), sample(1000)], [sample(2000), sample(3000)], 2000);
    expect(h.map((s) => s.t)).toEqual([1000, 2000, 3000]);
  });

  it('sorts and de-duplicates overlapping samples (a replayed history)', () => {
    const h = mergeSamples([sample(0), sample(1000), sample(2000)], [sample(1000, { pids: 9 }), sample(1500)]);
    expect(h.map((s) => s.t)).toEqual([0, 1000, 1500, 2000]);
    expect(h[1]!.pids).toBe(9);
  });

  it('selects the samples in the time window', () => {
    const s = [0, 1000, 2000, 3000, 4000].map((t) => sample(t));
    expect(samplesInWindow(s, 2000).map((x) => x.t)).toEqual([2000, 3000, 4000]);
    expect(samplesInWindow([], 2000)).toEqual([]);
  });

  it('makes gauge series with a scale', () => {
    expect(gaugeSeries([sample(5, { memUsage: 2 * 1024 * 1024 })], (s) => s.memUsage, 1024 * 1024)).toEqual([
      { x: 5, y: 2 },
    ]);
  });

  it('breaks the line where nobody watched, instead of drawing across the gap', () => {
    const points = [0, 1000, 2000, 60_000, 61_000].map((x) => ({ x, y: 5 }));
    const broken = breakGaps(points, 3000);
    expect(broken.map((p) => p.x)).toEqual([0, 1000, 2000, 2001, 60_000, 61_000]);
    expect(Number.isNaN(broken[3]!.y)).toBe(true);
    expect(breakGaps(points.slice(0, 3), 3000)).toEqual(points.slice(0, 3));
  });
});
