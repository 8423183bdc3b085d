import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CollectionEvent } from '../../../shared/collection';
import { LiveCollection } from './liveCollection';

interface Row {
  id: string;
  state: string;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('LiveCollection', () => {
  it('sends a snapshot first, then one coalesced delta per flush', () => {
    vi.useFakeTimers();
    const collection = new LiveCollection<Row>(100);
    collection.upsert({ id: 'a', state: 'running' });
    const events: Array<CollectionEvent<Row>> = [];
    collection.subscribe((e) => events.push(e));
    collection.upsert({ id: 'b', state: 'created' });
    collection.upsert({ id: 'b', state: 'running' });
    collection.upsert({ id: 'c', state: 'running' });
    collection.delete('c');
    collection.upsert({ id: 'a', state: 'running' }); // unchanged: no noise
    expect(events).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(events).toEqual([
      { type: 'snapshot', seq: 0, rows: [{ id: 'a', state: 'running' }] },
      { type: 'delta', seq: 1, upserts: [{ id: 'b', state: 'running' }], deletes: ['c'] },
    ]);
  });

  it('sends a change after a quiet spell on the same turn of the event loop, not a batch window later', async () => {
    const collection = new LiveCollection<Row>(10_000);
    const events: Array<CollectionEvent<Row>> = [];
    collection.subscribe((e) => events.push(e));
    collection.upsert({ id: 'a', state: 'running' });
    collection.upsert({ id: 'b', state: 'running' });
    expect(events).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.slice(1)).toEqual([
      {
        type: 'delta',
        seq: 1,
        upserts: [
          { id: 'a', state: 'running' },
          { id: 'b', state: 'running' },
        ],
        deletes: [],
      },
    ]);
    collection.dispose();
  });

  it('under steady changes sends at most one delta per interval, then is quick again once quiet', () => {
    vi.useFakeTimers();
    const collection = new LiveCollection<Row>(100);
    const deltas: Array<{ at: number; ids: string[] }> = [];
    const t0 = Date.now();
    collection.subscribe((e) => {
      if (e.type === 'delta') deltas.push({ at: Date.now() - t0, ids: e.upserts.map((r) => r.id) });
    });
    // A change every 10 ms for 300 ms.
    for (let i = 0; i < 30; i++) {
      collection.upsert({ id: `p${i}`, state: 'running' });
      vi.advanceTimersByTime(10);
    }
    expect(deltas.map((d) => d.at)).toEqual([0, 100, 200, 300]);
    expect(deltas.flatMap((d) => d.ids)).toHaveLength(30);
    expect(deltas[0]!.ids).toEqual(['p0']);
    expect(deltas[2]!.ids).toHaveLength(10);
    // Quiet for a whole interval: the next change goes out at once.
    vi.advanceTimersByTime(150);
    collection.upsert({ id: 'late', state: 'running' });
    vi.advanceTimersByTime(0);
    expect(deltas.at(-1)).toEqual({ at: 450, ids: ['late'] });
    collection.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('replaceAll removes rows that are gone (nothing stale after a relist)', () => {
    const collection = new LiveCollection<Row>();
    collection.replaceAll([
      { id: 'a', state: 'running' },
      { id: 'b', state: 'running' },
    ]);
    const events: Array<CollectionEvent<Row>> = [];
    collection.subscribe((e) => events.push(e));
    collection.replaceAll([{ id: 'b', state: 'exited' }]);
    collection.flush();
    expect(collection.values()).toEqual([{ id: 'b', state: 'exited' }]);
    expect(events[1]).toEqual({ type: 'delta', seq: 1, upserts: [{ id: 'b', state: 'exited' }], deletes: ['a'] });
    collection.dispose();
  });

  it('numbers deltas per subscriber and stops sending after unsubscribe', () => {
    const collection = new LiveCollection<Row>();
    const first: number[] = [];
    const second: number[] = [];
    const stopFirst = collection.subscribe((e) => first.push(e.seq));
    collection.upsert({ id: 'a', state: 'x' });
    collection.flush();
    collection.subscribe((e) => second.push(e.seq));
    stopFirst();
    collection.upsert({ id: 'a', state: 'y' });
    collection.flush();
    expect(first).toEqual([0, 1]);
    expect(second).toEqual([0, 1]);
    collection.dispose();
  });
});

describe('LiveCollection with a per-subscriber filter', () => {
  it('sends a subscriber only the rows its filter matches, in the snapshot and in deltas', () => {
    const collection = new LiveCollection<{ id: string; ns: string }>(10_000);
    collection.upsert({ id: 'a', ns: 'team-a' });
    collection.upsert({ id: 'b', ns: 'team-b' });
    const events: unknown[] = [];
    collection.subscribe(
      (event) => events.push(event),
      (row) => row.ns === 'team-a',
    );
    collection.upsert({ id: 'c', ns: 'team-a' });
    collection.upsert({ id: 'd', ns: 'team-b' });
    collection.delete('b');
    collection.flush();
    collection.delete('a');
    collection.flush();
    expect(events).toEqual([
      { type: 'snapshot', seq: 0, rows: [{ id: 'a', ns: 'team-a' }] },
      { type: 'delta', seq: 1, upserts: [{ id: 'c', ns: 'team-a' }], deletes: [] },
      { type: 'delta', seq: 2, upserts: [], deletes: ['a'] },
    ]);
  });
});
