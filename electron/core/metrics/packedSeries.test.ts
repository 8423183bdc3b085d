import { describe, expect, it } from 'vitest';
import { PackedSeries } from './packedSeries';

const fields = ['cpu', 'memory'] as const;

describe('PackedSeries: many bounded series at a few bytes per point', () => {
  it('keeps points in order, grows as they arrive, and overwrites the oldest once full', () => {
    const series = new PackedSeries(fields, { capacity: 10, initialCapacity: 2 });
    expect(series.bytes).toBe(2 * 24);
    for (let i = 1; i <= 7; i++) series.push({ t: i * 1000, cpu: i, memory: i * 1024 ** 3 });
    expect(series.size).toBe(7);
    expect(series.toArray().map((p) => p.cpu)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (let i = 8; i <= 25; i++) series.push({ t: i * 1000, cpu: i, memory: i * 1024 ** 3 });
    expect(series.size).toBe(10);
    expect(series.bytes).toBe(10 * 24); // never beyond capacity
    expect(series.toArray().map((p) => p.cpu)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(series.firstTime()).toBe(16_000);
    expect(series.last()).toEqual({ t: 25_000, cpu: 25, memory: 25 * 1024 ** 3 });
    expect(series.lastN(3).map((p) => p.t)).toEqual([23_000, 24_000, 25_000]);
    expect(series.lastValues('cpu', 3)).toEqual([23, 24, 25]);
  });

  it('stores 32-bit fields in half the space, to about 7 significant digits', () => {
    const series = new PackedSeries(fields, { capacity: 4, initialCapacity: 4, float32: ['cpu'] });
    expect(series.bytes).toBe(4 * (8 + 4 + 8));
    series.push({ t: 1, cpu: 0.012345, memory: 123456789012 });
    const p = series.last()!;
    expect(p.cpu).toBeCloseTo(0.012345, 8);
    expect(p.memory).toBe(123456789012); // bytes stay exact in 64 bits
  });

  it('keeps each field at its width and every point in order when it grows past a wrap', () => {
    const series = new PackedSeries(fields, { capacity: 8, initialCapacity: 2, float32: ['cpu'] });
    for (let i = 1; i <= 5; i++) series.push({ t: i, cpu: i / 1000, memory: 2 ** 40 + i });
    expect(series.bytes).toBe(8 * (8 + 4 + 8));
    for (let i = 6; i <= 11; i++) series.push({ t: i, cpu: i / 1000, memory: 2 ** 40 + i });
    expect(series.toArray().map((p) => p.t)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(series.lastValues('memory', 2)).toEqual([2 ** 40 + 10, 2 ** 40 + 11]); // still 64-bit
    expect(series.last()!.cpu).toBeCloseTo(0.011, 9);
    expect(series.last()!.cpu).not.toBe(0.011); // still 32-bit
  });

  it('ignores points that do not move forward in time', () => {
    const series = new PackedSeries(fields, { capacity: 4 });
    expect(series.push({ t: 2000, cpu: 1, memory: 1 })).toBe(true);
    expect(series.push({ t: 2000, cpu: 2, memory: 2 })).toBe(false);
    expect(series.push({ t: 1000, cpu: 3, memory: 3 })).toBe(false);
    expect(series.size).toBe(1);
  });

  it('is empty after clear and rejects a nonsensical capacity', () => {
    const series = new PackedSeries(fields, { capacity: 3 });
    series.push({ t: 1, cpu: 1, memory: 1 });
    series.clear();
    expect(series.toArray()).toEqual([]);
    expect(series.last()).toBeUndefined();
    expect(() => new PackedSeries(fields, { capacity: 0 })).toThrow();
  });
});
