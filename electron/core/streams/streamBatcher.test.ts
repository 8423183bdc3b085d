import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamChunk } from '../../../shared/collection';
import { StreamBatcher } from './streamBatcher';

describe('StreamBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends items in one chunk per interval, with increasing seq', () => {
    const chunks: StreamChunk<number>[] = [];
    const b = new StreamBatcher<number>((c) => chunks.push(c), { intervalMs: 50 });
    b.push([1, 2]);
    b.push([3]);
    expect(chunks).toEqual([]);
    vi.advanceTimersByTime(50);
    b.push([4]);
    vi.advanceTimersByTime(50);
    expect(chunks).toEqual([
      { seq: 0, items: [1, 2, 3], dropped: 0 },
      { seq: 1, items: [4], dropped: 0 },
    ]);
  });

  it('keeps at most maxPending, dropping the oldest and saying how many', () => {
    const chunks: StreamChunk<number>[] = [];
    const b = new StreamBatcher<number>((c) => chunks.push(c), { intervalMs: 50, maxPending: 3 });
    b.push([1, 2, 3, 4, 5]);
    b.push([6]);
    vi.advanceTimersByTime(50);
    expect(chunks).toEqual([{ seq: 0, items: [4, 5, 6], dropped: 3 }]);
  });

  it('weighs items (terminal output by characters)', () => {
    const chunks: StreamChunk<string>[] = [];
    const b = new StreamBatcher<string>((c) => chunks.push(c), {
      intervalMs: 10,
      maxPending: 5,
      weigh: (s) => s.length,
    });
    b.push(['abc', 'def', 'gh']);
    vi.advanceTimersByTime(10);
    expect(chunks[0]).toEqual({ seq: 0, items: ['def', 'gh'], dropped: 1 });
  });

  it('ends with the pending items and a reason; nothing after that', () => {
    const chunks: StreamChunk<number>[] = [];
    const b = new StreamBatcher<number>((c) => chunks.push(c));
    b.push([1]);
    b.end('container stopped (exit code 0)');
    b.push([2]);
    vi.advanceTimersByTime(1000);
    expect(chunks).toEqual([{ seq: 0, items: [1], dropped: 0, end: { reason: 'container stopped (exit code 0)' } }]);
  });

  it('sends nothing after close (the subscriber left)', () => {
    const emit = vi.fn();
    const b = new StreamBatcher<number>(emit);
    b.push([1]);
    b.close();
    vi.advanceTimersByTime(1000);
    expect(emit).not.toHaveBeenCalled();
  });
});
