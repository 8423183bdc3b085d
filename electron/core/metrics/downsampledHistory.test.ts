import { describe, expect, it } from 'vitest';
import { DownsampledHistory } from './downsampledHistory';

const fields = ['cpu', 'memory'] as const;
const T0 = 1_700_000_100_000; // a multiple of 5 minutes
const MIN = 60_000;

describe('DownsampledHistory: the last hour at full resolution, the day before it averaged', () => {
  it('keeps an hour of 15 s points and 5 minute averages before them, within a fixed memory bound', () => {
    const history = new DownsampledHistory(fields, {
      fineCapacity: 240,
      coarse: { bucketMs: 5 * MIN, capacity: 288 },
      float32: ['cpu'],
    });
    expect(history.maxBytes).toBe((240 + 288) * 20);
    // Six hours of points every 15 s; CPU is the minute of the hour.
    for (let t = T0; t < T0 + 6 * 60 * MIN; t += 15_000) {
      history.push({ t, cpu: Math.floor((t - T0) / MIN) % 60, memory: 1024 });
    }
    const points = history.points();
    const fine = points.filter((p, i) => i > 0 && p.t - points[i - 1]!.t === 15_000);
    expect(fine.length).toBe(239); // 240 full-resolution points: the last hour
    expect(points.at(-1)!.t - points.at(-240)!.t).toBe(239 * 15_000);
    const coarse = points.slice(0, points.length - 240);
    expect(coarse.length).toBe(5 * 12); // the five hours before, as 5-minute buckets
    expect(coarse[0]!.t).toBe(T0);
    expect(coarse[0]!.cpu).toBeCloseTo(2, 5); // minutes 0..4 averaged
    expect(coarse.every((p, i) => i === 0 || p.t - coarse[i - 1]!.t === 5 * MIN)).toBe(true);
    expect(coarse.at(-1)!.t + 5 * MIN).toBeLessThanOrEqual(points.at(-240)!.t);
    expect(points.every((p) => p.memory === 1024)).toBe(true);
    expect(history.bytes).toBeLessThanOrEqual(history.maxBytes);
  });

  it('forgets averages older than its coarse capacity', () => {
    const history = new DownsampledHistory(fields, { fineCapacity: 4, coarse: { bucketMs: MIN, capacity: 3 } });
    for (let t = T0; t < T0 + 20 * MIN; t += 15_000) history.push({ t, cpu: 1, memory: 1 });
    const points = history.points();
    expect(points.length).toBe(3 + 4);
    expect(history.bytes).toBeLessThanOrEqual(history.maxBytes);
  });

  it('without a coarse tier is just the newest points', () => {
    const history = new DownsampledHistory(fields, { fineCapacity: 3 });
    for (let i = 0; i < 10; i++) history.push({ t: T0 + i, cpu: i, memory: i });
    expect(history.points().map((p) => p.cpu)).toEqual([7, 8, 9]);
    expect(history.lastN(2).map((p) => p.cpu)).toEqual([8, 9]);
    expect(history.push({ t: T0, cpu: 0, memory: 0 })).toBe(false);
  });
});
