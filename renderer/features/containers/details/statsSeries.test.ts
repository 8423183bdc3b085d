import { describe, expect, it } from 'vitest';
import type { StatsSample } from '../../../../shared/docker';
import { counterIncrease, currentStats, rateSeries } from './statsSeries';

function sample(t: number, fields: Partial<StatsSample> = {}): StatsSample {
  return {
    t,
    cpuPercent: 0,
    memUsage: 0,
    memLimit: 1024,
    memPercent: 0,
    netRx: 0,
    netTx: 0,
    blkRead: 0,
    blkWrite: 0,
    pids: 1,
    ...fields,
  };
}

describe('counter rates', () => {
  it('computes bytes per second from cumulative counters', () => {
    const s = [sample(0, { netRx: 0 }), sample(1000, { netRx: 2048 }), sample(3000, { netRx: 6144 })];
    expect(rateSeries(s, (x) => x.netRx)).toEqual([
      { x: 1000, y: 2048 },
      { x: 3000, y: 2048 },
    ]);
    expect(rateSeries(s, (x) => x.netRx, 1024)).toEqual([
      { x: 1000, y: 2 },
      { x: 3000, y: 2 },
    ]);
  });

  it('treats a smaller reading as a counter reset, never a negative rate', () => {
    expect(counterIncrease(5000, 300)).toBe(300);
    expect(counterIncrease(100, 100)).toBe(0);
    const s = [sample(0, { blkRead: 9000 }), sample(1000, { blkRead: 500 }), sample(2000, { blkRead: 1500 })];
    expect(rateSeries(s, (x) => x.blkRead).map((p) => p.y)).toEqual([500, 1000]);
  });

  it('skips pairs whose time does not move forward', () => {
    const s = [sample(1000, { netTx: 0 }), sample(1000, { netTx: 10 }), sample(2000, { netTx: 20 })];
    expect(rateSeries(s, (x) => x.netTx)).toEqual([{ x: 2000, y: 10 }]);
  });

  it('ignores non-numeric readings', () => {
    expect(counterIncrease(Number.NaN, 10)).toBe(0);
  });
});

describe('currentStats', () => {
  it('gives the newest values and rates, null rates with one sample', () => {
    expect(currentStats([])).toBeNull();
    const one = currentStats([sample(0, { cpuPercent: 50 })])!;
    expect(one.cpuPercent).toBe(50);
    expect(one.netRxRate).toBeNull();
    const two = currentStats([sample(0, { netRx: 0, blkWrite: 100 }), sample(2000, { netRx: 4096, blkWrite: 50 })])!;
    expect(two.netRxRate).toBe(2048);
    expect(two.blkWriteRate).toBe(25);
  });
});
