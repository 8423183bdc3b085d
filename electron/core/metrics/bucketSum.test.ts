import { describe, expect, it } from 'vitest';
import { BucketSum } from './bucketSum';

const T0 = 1_700_000_000_000; // a whole second
const fields = ['cpu', 'mem'] as const;

function session(now = T0): BucketSum<'cpu' | 'mem'> {
  const sum = new BucketSum(fields);
  sum.start(now);
  return sum;
}

describe('BucketSum: an engine total from its containers, one point per second', () => {
  it('adds up containers sampled at different instants of the same second', () => {
    const sum = session();
    sum.track('a', T0);
    sum.track('b', T0);
    sum.add('a', T0 + 120, { cpu: 100, mem: 10 });
    sum.add('b', T0 + 870, { cpu: 3, mem: 5 });
    expect(sum.close(T0 + 999)).toEqual([]); // the second is not over
    expect(sum.close(T0 + 1000)).toEqual([{ t: T0, sources: 2, cpu: 103, mem: 15 }]);
  });

  it('does not dip when a container misses a second: its last sample carries forward', () => {
    const sum = session();
    sum.track('a', T0);
    sum.track('b', T0);
    const totals: number[] = [];
    for (let s = 0; s < 6; s++) {
      sum.add('a', T0 + s * 1000 + 100, { cpu: 100, mem: 1 });
      // b's sample for second 3 lands late, in second 4 (two samples there, none in 3).
      if (s !== 3) sum.add('b', T0 + s * 1000 + (s === 4 ? 50 : 990), { cpu: 50, mem: 1 });
      if (s === 4) sum.add('b', T0 + 4990, { cpu: 50, mem: 1 });
      for (const p of sum.close(T0 + (s + 1) * 1000)) totals.push(p.cpu);
    }
    expect(totals).toEqual([150, 150, 150, 150, 150, 150]);
  });

  it('counts each container once per second even when it reported twice', () => {
    const sum = session();
    sum.track('a', T0);
    sum.add('a', T0 + 10, { cpu: 40, mem: 1 });
    sum.add('a', T0 + 990, { cpu: 60, mem: 2 });
    expect(sum.close(T0 + 1000)).toEqual([{ t: T0, sources: 1, cpu: 60, mem: 2 }]);
  });

  it('drops a container that went quiet after the carry window, and at once when it stops', () => {
    const sum = session();
    sum.track('a', T0);
    sum.track('b', T0);
    sum.add('a', T0 + 500, { cpu: 10, mem: 1 });
    sum.add('b', T0 + 500, { cpu: 20, mem: 1 });
    const cpu = (now: number) => sum.close(now).map((p) => p.cpu);
    expect(cpu(T0 + 1000)).toEqual([30]);
    for (let s = 1; s < 5; s++) sum.add('a', T0 + s * 1000 + 500, { cpu: 10, mem: 1 });
    // b is silent: its sample at 0.5 s stands in for seconds 1 and 2 (within 2 s), then it is gone.
    expect(cpu(T0 + 5000)).toEqual([30, 30, 10, 10]);
    sum.untrack('a');
    expect(cpu(T0 + 6000)).toEqual([0]);
  });

  it('starts a session only once every container has reported (no false zero first point)', () => {
    const sum = session(T0 + 300);
    sum.track('a', T0 + 300);
    sum.track('b', T0 + 300);
    sum.add('a', T0 + 900, { cpu: 100, mem: 1 });
    expect(sum.close(T0 + 1000)).toEqual([]); // b has not reported yet
    sum.add('a', T0 + 1900, { cpu: 100, mem: 1 });
    sum.add('b', T0 + 1950, { cpu: 100, mem: 1 });
    expect(sum.close(T0 + 2000)).toEqual([{ t: T0 + 1000, sources: 2, cpu: 200, mem: 2 }]);
  });

  it('gives up waiting for a container that never reports, after the warm-up', () => {
    const sum = session();
    sum.track('a', T0);
    sum.track('silent', T0);
    const points = [];
    for (let s = 0; s < 5; s++) {
      sum.add('a', T0 + s * 1000 + 500, { cpu: 7, mem: 1 });
      points.push(...sum.close(T0 + (s + 1) * 1000));
    }
    expect(points.map((p) => p.t)).toEqual([T0 + 2000, T0 + 3000, T0 + 4000]);
    expect(points.every((p) => p.cpu === 7 && p.sources === 1)).toBe(true);
  });

  it('counts a container that starts later from its first sample (growth, not a dip)', () => {
    const sum = session();
    sum.track('a', T0);
    sum.add('a', T0 + 500, { cpu: 10, mem: 1 });
    expect(sum.close(T0 + 1000).map((p) => p.cpu)).toEqual([10]);
    sum.track('late', T0 + 1000);
    sum.add('a', T0 + 1500, { cpu: 10, mem: 1 });
    expect(sum.close(T0 + 2000).map((p) => p.cpu)).toEqual([10]);
    sum.add('a', T0 + 2500, { cpu: 10, mem: 1 });
    sum.add('late', T0 + 2600, { cpu: 90, mem: 1 });
    expect(sum.close(T0 + 3000).map((p) => p.cpu)).toEqual([100]);
  });

  it('emits zero for an engine with nothing running, and ignores untracked sources', () => {
    const sum = session();
    sum.add('ghost', T0 + 10, { cpu: 50, mem: 50 });
    expect(sum.close(T0 + 2000)).toEqual([
      { t: T0, sources: 0, cpu: 0, mem: 0 },
      { t: T0 + 1000, sources: 0, cpu: 0, mem: 0 },
    ]);
  });

  it('after a stall closes only the last few buckets, and nothing before start or after stop', () => {
    const sum = new BucketSum(fields);
    expect(sum.close(T0)).toEqual([]);
    sum.start(T0);
    expect(sum.close(T0 + 60_000).map((p) => p.t)).toEqual([55, 56, 57, 58, 59].map((s) => T0 + s * 1000));
    sum.stop();
    expect(sum.close(T0 + 70_000)).toEqual([]);
  });
});
