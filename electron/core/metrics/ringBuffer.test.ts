import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ringBuffer';

describe('RingBuffer', () => {
  it('keeps items in order until it is full', () => {
    const ring = new RingBuffer<number>(3);
    ring.push(1);
    ring.push(2);
    expect(ring.toArray()).toEqual([1, 2]);
    expect(ring.size).toBe(2);
    expect(ring.last()).toBe(2);
  });

  it('overwrites the oldest item once full, so memory stays bounded', () => {
    const ring = new RingBuffer<number>(3);
    const evicted = [];
    for (let i = 1; i <= 7; i++) evicted.push(ring.push(i));
    expect(evicted).toEqual([undefined, undefined, undefined, 1, 2, 3, 4]);
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([5, 6, 7]);
    expect(ring.lastN(2)).toEqual([6, 7]);
    expect(ring.lastN(10)).toEqual([5, 6, 7]);
    expect(ring.last()).toBe(7);
  });

  it('is empty after clear and rejects a nonsensical capacity', () => {
    const ring = new RingBuffer<string>(2);
    ring.push('a');
    ring.clear();
    expect(ring.toArray()).toEqual([]);
    expect(ring.last()).toBeUndefined();
    expect(() => new RingBuffer(0)).toThrow();
  });
});
