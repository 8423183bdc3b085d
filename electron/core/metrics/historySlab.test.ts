import { describe, expect, it } from 'vitest';
import { DownsampledHistory } from './downsampledHistory';
import { HistorySlab } from './historySlab';

const fields = ['cpu', 'memory'] as const;
const T0 = 1_700_000_100_000; // a multiple of 5 minutes
const MIN = 60_000;
const podShape = { fields, fineCapacity: 20, coarse: { bucketMs: MIN, capacity: 60 }, float32: fields };

describe('HistorySlab: thousands of two-tier histories in shared arrays', () => {
  it('keeps each history exactly as a DownsampledHistory of the same shape does', () => {
    const shape = { fineCapacity: 240, coarse: { bucketMs: 5 * MIN, capacity: 288 }, float32: ['cpu'] as const };
    const slab = new HistorySlab({ fields, ...shape });
    const slots = [slab.acquire(), slab.acquire(), slab.acquire()];
    const references = slots.map(() => new DownsampledHistory(fields, shape));
    // Six hours every 15 s, each history its own values; the second misses some polls.
    for (let t = T0; t < T0 + 6 * 60 * MIN; t += 15_000) {
      slots.forEach((slot, i) => {
        if (i === 1 && Math.floor(t / (7 * MIN)) % 3 === 0) return;
        const point = { t, cpu: ((t - T0) / MIN) * (i + 1) * 0.001, memory: 1024 * (i + 1) + ((t / 15_000) % 11) };
        expect(slab.push(slot, point)).toBe(references[i]!.push(point));
      });
    }
    slots.forEach((slot, i) => {
      const reference = references[i]!;
      expect(slab.points(slot)).toEqual(reference.points());
      expect(slab.last(slot)).toEqual(reference.last());
      expect(slab.lastValues(slot, 'cpu', 20)).toEqual(reference.lastValues('cpu', 20));
    });
    expect(slab.points(slots[0]!).length).toBe(240 + 5 * 12);
  });

  it('ignores a point that does not move forward in time', () => {
    const slab = new HistorySlab({ fields, fineCapacity: 3 });
    const slot = slab.acquire();
    expect(slab.last(slot)).toBeUndefined();
    for (let i = 0; i < 10; i++) slab.push(slot, { t: T0 + i, cpu: i, memory: i });
    expect(slab.points(slot).map((p) => p.cpu)).toEqual([7, 8, 9]);
    expect(slab.push(slot, { t: T0 + 9, cpu: 0, memory: 0 })).toBe(false);
    expect(slab.lastValues(slot, 'memory', 2)).toEqual([8, 9]);
  });

  it('grows past its first slots, reuses released ones empty, and gives memory back once most are released', () => {
    // A short coarse ring, so that it wraps within the test.
    const shape = { ...podShape, coarse: { bucketMs: MIN, capacity: 8 } };
    const slab = new HistorySlab(shape);
    const owners = new Map<number, number>(); // slot → the pod number whose points it holds
    for (let pod = 0; pod < 1000; pod++) owners.set(slab.acquire(), pod);
    expect(slab.size).toBe(1000);
    expect(slab.bytes).toBe(1024 * slab.bytesPerSlot);
    // Each pod scraped at its own moment, as metrics-server scrapes node by node, and first
    // listed at its own poll, and missing from some answers; a DownsampledHistory of each says
    // what its history should be.
    const references = new Map<number, DownsampledHistory<(typeof fields)[number]>>();
    const poll = (n: number): void => {
      for (const [slot, pod] of owners) {
        if (n < pod % 12 || (n + pod) % 9 === 0) continue;
        const point = { t: T0 + n * 15_000 + ((pod * 7919) % MIN), cpu: pod + n / 100, memory: pod * 1024 };
        let reference = references.get(pod);
        if (!reference) references.set(pod, (reference = new DownsampledHistory(fields, shape)));
        reference.push(point);
        slab.push(slot, point);
      }
    };
    for (let n = 0; n < 40; n++) poll(n);
    // Release all but every tenth: a scaled-down cluster.
    for (const [slot, pod] of [...owners]) {
      if (pod % 10 !== 0) {
        slab.release(slot);
        owners.delete(slot);
      }
    }
    const reused = slab.acquire();
    expect(slab.points(reused)).toEqual([]);
    slab.release(reused);
    const moves: Array<[number, number]> = [];
    slab.shrink((from, to) => {
      moves.push([from, to]);
      const pod = owners.get(from)!;
      owners.delete(from);
      owners.set(to, pod);
    });
    expect(moves.length).toBeGreaterThan(0);
    expect(slab.size).toBe(100);
    expect(slab.bytes).toBe(128 * slab.bytesPerSlot);
    for (const [slot, pod] of owners) expect(slab.points(slot)).toEqual(references.get(pod)!.points());
    // The moved histories go on as if they had not moved: 7 minutes, so that the minute open at
    // the move shows as an average, beside averages from before the move.
    for (let n = 40; n < 68; n++) poll(n);
    for (const [slot, pod] of owners) {
      expect(slot).toBeLessThan(100);
      expect(slab.points(slot)).toEqual(references.get(pod)!.points());
      expect(slab.last(slot)!.t).toBeGreaterThanOrEqual(T0 + 66 * 15_000);
    }
    // A new history after the shrink takes a free slot and starts empty.
    const fresh = slab.acquire();
    expect([...owners.keys()]).not.toContain(fresh);
    expect(slab.points(fresh)).toEqual([]);
  });

  it('holds a pod at a fixed size: the hour of points and a few numbers', () => {
    const slab = new HistorySlab(podShape);
    // 20 points of 8 + 4 + 4 bytes, 60 averages of 4 + 4 + 4, the rings' state.
    expect(slab.bytesPerSlot).toBe(20 * 16 + 60 * 12 + 20 + 8 + 16 + 1);
  });
});
