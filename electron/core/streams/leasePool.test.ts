import { afterEach, describe, expect, it, vi } from 'vitest';
import { LeasePool } from './leasePool';

describe('LeasePool', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('creates a value on the first lease and shares it with later ones', () => {
    const create = vi.fn((key: string) => ({ key }));
    const pool = new LeasePool(create, () => {}, 1000);
    const a = pool.acquire('pods');
    const b = pool.acquire('pods');
    expect(a.value).toBe(b.value);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('disposes a value only after the grace period that follows the last release', () => {
    vi.useFakeTimers();
    const destroy = vi.fn();
    const pool = new LeasePool((key: string) => key, destroy, 1000);
    const a = pool.acquire('pods');
    const b = pool.acquire('pods');
    a.release();
    a.release(); // a second release of the same lease counts once
    vi.advanceTimersByTime(5000);
    expect(destroy).not.toHaveBeenCalled();
    b.release();
    vi.advanceTimersByTime(999);
    expect(destroy).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(destroy).toHaveBeenCalledWith('pods', 'pods');
    expect(pool.size).toBe(0);
  });

  it('keeps the value when it is acquired again within the grace period', () => {
    vi.useFakeTimers();
    const create = vi.fn((key: string) => ({ key }));
    const destroy = vi.fn();
    const pool = new LeasePool(create, destroy, 1000);
    const first = pool.acquire('pods');
    first.release();
    vi.advanceTimersByTime(500);
    const again = pool.acquire('pods');
    vi.advanceTimersByTime(5000);
    expect(again.value).toBe(first.value);
    expect(create).toHaveBeenCalledTimes(1);
    expect(destroy).not.toHaveBeenCalled();
  });

  it('clear() disposes everything at once', () => {
    const destroy = vi.fn();
    const pool = new LeasePool((key: string) => key, destroy, 1000);
    pool.acquire('pods');
    pool.acquire('nodes');
    pool.clear();
    expect(destroy).toHaveBeenCalledTimes(2);
    expect(pool.size).toBe(0);
  });

  it('discards a value that went bad at once; the next lease gets a new one, old releases are harmless', () => {
    vi.useFakeTimers();
    let made = 0;
    const destroy = vi.fn();
    const pool = new LeasePool((key: string) => ({ key, n: ++made }), destroy, 1000);
    const held = pool.acquire('graph');
    pool.discard('graph', { key: 'graph', n: 99 }); // not the held value: nothing happens
    expect(destroy).not.toHaveBeenCalled();
    pool.discard('graph', held.value);
    expect(destroy).toHaveBeenCalledTimes(1);
    expect(pool.size).toBe(0);
    const fresh = pool.acquire('graph');
    expect(fresh.value.n).toBe(2);
    held.release();
    vi.advanceTimersByTime(5000);
    expect(destroy).toHaveBeenCalledTimes(1);
    expect(pool.peek('graph')).toBe(fresh.value);
  });
});
