import { describe, expect, it } from 'vitest';
import {
  COARSE_BUCKET_MS,
  COARSE_POINTS,
  FINE_POINTS,
  IncidentLog,
  bucketFor,
  countIncidents,
  rollup,
  tieredHistory,
  usageWindow,
  windowOf,
} from './historyTiers';

const MIN = 60_000;

describe('tiered history', () => {
  it('keeps the last 15 minutes at one point a second and 10-second averages for six hours before', () => {
    const h = tieredHistory(['cpu', 'memory'] as const);
    const start = 1_700_000_000_000;
    // Seven hours of one point a second: cpu is the minute number.
    for (let s = 0; s < 7 * 3600; s++) h.push({ t: start + s * 1000, cpu: Math.floor(s / 60), memory: 1000 });
    const points = h.points();
    const fine = points.filter((p, i) => i > 0 && p.t - points[i - 1]!.t === 1000);
    expect(fine.length).toBe(FINE_POINTS - 1);
    expect(points.at(-1)!.t - points.at(-FINE_POINTS)!.t).toBe((FINE_POINTS - 1) * 1000);
    const coarse = points.slice(0, points.length - FINE_POINTS);
    // The coarse ring spans six hours, the last 15 minutes of which the fine points show instead.
    expect(coarse.length).toBe(COARSE_POINTS - (FINE_POINTS * 1000) / COARSE_BUCKET_MS + 1);
    expect(coarse.every((p, i) => i === 0 || p.t - coarse[i - 1]!.t === COARSE_BUCKET_MS)).toBe(true);
    // Six hours in all; a 10 s average of one minute's value is that value.
    expect(points.at(-1)!.t - points[0]!.t).toBeGreaterThanOrEqual(6 * 3600_000 - COARSE_BUCKET_MS);
    expect(coarse[0]!.cpu).toBe(Math.floor((coarse[0]!.t - start) / 1000 / 60));
  });

  it('costs 8 bytes a point for the time plus 4 per field, with a fixed ceiling', () => {
    const h = tieredHistory(['cpu', 'memory'] as const);
    expect(h.maxBytes).toBe((FINE_POINTS + COARSE_POINTS) * 16);
    expect(h.bytes).toBeLessThan(1024); // grows by doubling: an empty series is small
  });
});

describe('windows and rollups', () => {
  it('gives each window at most 180 buckets of whole seconds', () => {
    expect(bucketFor(5 * MIN)).toBe(2000);
    expect(bucketFor(15 * MIN)).toBe(5000);
    expect(bucketFor(60 * MIN)).toBe(20_000);
    expect(bucketFor(6 * 60 * MIN)).toBe(120_000);
  });

  it('clamps a window to what history keeps', () => {
    expect(windowOf(24 * 60 * MIN, 10 * 60 * MIN * 60).to - windowOf(24 * 60 * MIN, 10 * 60 * MIN * 60).from).toBe(
      6 * 60 * MIN,
    );
  });

  it('averages the points of the window per bucket and leaves out the others', () => {
    const points = [0, 1000, 2000, 3000, 9000].map((t, i) => ({ t, cpu: i * 10 }));
    expect(rollup(points, 1000, 3500, 2000)).toEqual([
      { t: 0, cpu: 10 },
      { t: 2000, cpu: 25 },
    ]);
  });

  it('rounds usage for the wire and is empty without a history', () => {
    const h = tieredHistory(['cpu', 'memory'] as const);
    h.push({ t: 1000, cpu: 12.3456, memory: 1024.4 });
    expect(usageWindow(h, 0, 2000, 1000)).toEqual([{ t: 1000, cpu: 12.35, memory: 1024 }]);
    expect(usageWindow(undefined, 0, 1, 1)).toEqual([]);
  });
});

describe('incidents', () => {
  it('counts restarts, OOM kills and warnings per bucket, empty buckets included', () => {
    const counts = countIncidents(
      [
        { t: 500, kind: 'restarts', n: 1 },
        { t: 1500, kind: 'restarts', n: 2 },
        { t: 1600, kind: 'oomKills', n: 1 },
        { t: 3500, kind: 'warnings', n: 4 },
        { t: 9000, kind: 'warnings', n: 1 },
      ],
      0,
      3999,
      1000,
    );
    expect(counts).toEqual([
      { t: 0, restarts: 1, oomKills: 0, warnings: 0 },
      { t: 1000, restarts: 2, oomKills: 1, warnings: 0 },
      { t: 2000, restarts: 0, oomKills: 0, warnings: 0 },
      { t: 3000, restarts: 0, oomKills: 0, warnings: 4 },
    ]);
  });

  it('keeps a bounded log, the oldest going first', () => {
    const log = new IncidentLog(3);
    log.add(1, 'restarts', 'a');
    log.add(2, 'restarts', 'b', 5);
    log.add(3, 'warnings', 'a');
    log.add(4, 'warnings', 'c');
    expect(log.size).toBe(3);
    expect(log.list(0, 10).map((i) => i.t)).toEqual([2, 3, 4]); // the oldest went
    expect(log.list(3, 4).map((i) => i.subject)).toEqual(['a', 'c']);
  });
});
