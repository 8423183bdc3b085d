import { describe, expect, it } from 'vitest';
import { downsample, TimeSeries } from './timeSeries';

interface P {
  t: number;
  cpu: number;
  mem: number;
}

describe('TimeSeries', () => {
  it('holds 15 minutes of 1-second samples and forgets older ones', () => {
    const series = new TimeSeries<P>(900, 15 * 60_000);
    const start = 1_700_000_000_000;
    for (let i = 0; i < 1000; i++) series.push({ t: start + i * 1000, cpu: i, mem: 0 });
    expect(series.size).toBe(900);
    const now = start + 999_000;
    const points = series.points(now);
    expect(points[0]!.t).toBeGreaterThanOrEqual(now - 15 * 60_000);
    expect(points.at(-1)!.cpu).toBe(999);
  });

  it('ignores points that do not move forward in time', () => {
    const series = new TimeSeries<P>(10);
    series.push({ t: 2000, cpu: 1, mem: 1 });
    series.push({ t: 2000, cpu: 2, mem: 2 });
    series.push({ t: 1000, cpu: 3, mem: 3 });
    expect(series.size).toBe(1);
  });
});

describe('downsample', () => {
  it('averages numeric fields per aligned bucket', () => {
    const points: P[] = [
      { t: 10_000, cpu: 10, mem: 100 },
      { t: 11_000, cpu: 20, mem: 200 },
      { t: 20_000, cpu: 50, mem: 500 },
      { t: 29_000, cpu: 70, mem: 700 },
    ];
    expect(downsample(points, 10_000)).toEqual([
      { t: 10_000, cpu: 15, mem: 150 },
      { t: 20_000, cpu: 60, mem: 600 },
    ]);
  });

  it('returns nothing for nothing', () => {
    expect(downsample([], 1000)).toEqual([]);
  });
});
