import { describe, expect, it } from 'vitest';
import type { CollectionEvent } from '../../../shared/collection';
import { applyCollectionEvent, emptyCollection, type CollectionState } from '../../store/collection';
import { createLiveOrder, type OrderQuery } from './liveOrder';

interface Row {
  id: string;
  name: string;
  cpu: number;
}

const byCpuThenName = (a: Row, b: Row): number => a.cpu - b.cpu || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const query = (extra: Partial<OrderQuery<Row>> = {}): OrderQuery<Row> => ({
  deps: [],
  keep: null,
  compare: byCpuThenName,
  ...extra,
});

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32;
    return s / 2 ** 32;
  };
}

function fullOrder(rows: ReadonlyMap<string, Row>, q: OrderQuery<Row>): Row[] {
  return [...rows.values()].filter((r) => !q.keep || q.keep(r)).sort(q.compare);
}

describe('createLiveOrder', () => {
  it('after any sequence of upserts and deletes, shows the same rows in the same order as sorting afresh', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rand = random(seed);
      const order = createLiveOrder<Row>();
      const keep = (r: Row) => r.cpu % 3 !== 0;
      let rows = new Map<string, Row>();
      for (let step = 0; step < 60; step++) {
        rows = new Map(rows);
        const changes = Math.floor(rand() * (step % 10 === 0 ? 200 : 8));
        for (let c = 0; c < changes; c++) {
          const id = `pod-${Math.floor(rand() * 300)}`;
          if (rand() < 0.2) rows.delete(id);
          else rows.set(id, { id, name: `${id}-${Math.floor(rand() * 5)}`, cpu: Math.floor(rand() * 20) });
        }
        // The filter changes now and then; in between, each step merges its changes.
        const filtered = Math.floor(step / 15) % 2 === 1;
        const q = query({ keep: filtered ? keep : null, deps: [filtered] });
        expect(order({ rows }, q)).toEqual(fullOrder(rows, q));
      }
    }
  });

  it('answers the same array while nothing shown changed, so the table does not render again', () => {
    const order = createLiveOrder<Row>();
    const a = { id: 'a', name: 'a', cpu: 1 };
    const hidden = { id: 'h', name: 'h', cpu: 3 };
    const keep = (r: Row) => r.cpu !== 3;
    const rows = new Map([
      ['a', a],
      ['h', hidden],
    ]);
    const first = order({ rows }, query({ keep }));
    expect(order({ rows: new Map(rows) }, query({ keep }))).toBe(first);
    // A row that stays filtered out changes: still nothing to show.
    expect(order({ rows: new Map([...rows, ['h', { ...hidden, name: 'h2' }]]) }, query({ keep }))).toBe(first);
    const moved = order({ rows: new Map([...rows, ['a', { ...a, cpu: 2 }]]) }, query({ keep }));
    expect(moved).not.toBe(first);
    expect(moved.map((r) => r.cpu)).toEqual([2]);
  });

  it('orders every row again when the sort or filter changes', () => {
    const order = createLiveOrder<Row>();
    const rows = new Map(['b', 'a', 'c'].map((n, i) => [n, { id: n, name: n, cpu: i }]));
    expect(order({ rows }, query({ deps: ['cpu'] })).map((r) => r.name)).toEqual(['b', 'a', 'c']);
    const byName = (x: Row, y: Row) => x.name.localeCompare(y.name);
    expect(order({ rows }, query({ deps: ['name'], compare: byName })).map((r) => r.name)).toEqual(['a', 'b', 'c']);
  });

  it('places a few changed rows among 10,000 with a few hundred comparisons, not a sort of the whole list', () => {
    const order = createLiveOrder<Row>();
    let compared = 0;
    const counting = (a: Row, b: Row) => {
      compared += 1;
      return byCpuThenName(a, b);
    };
    let rows = new Map<string, Row>();
    for (let i = 0; i < 10_000; i++) rows.set(`p${i}`, { id: `p${i}`, name: `p${i}`, cpu: i % 97 });
    order({ rows }, query({ compare: counting }));
    rows = new Map(rows);
    for (const i of [5, 500, 5000, 9000, 9999]) rows.set(`p${i}`, { id: `p${i}`, name: `p${i}`, cpu: 50 });
    rows.delete('p42');
    compared = 0;
    const shown = order({ rows }, query({ compare: counting }));
    expect(compared).toBeLessThan(200);
    expect(shown).toEqual(fullOrder(rows, query()));
  });

  it('from a run of deltas, agrees with sorting afresh whichever versions it is given, skipped or older ones too', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rand = random(seed);
      const order = createLiveOrder<Row>();
      const keep = (r: Row) => r.cpu % 3 !== 0;
      const versions: Array<CollectionState<Row>> = [];
      let state = applyCollectionEvent(emptyCollection<Row>(), { type: 'snapshot', seq: 0, rows: [] })!;
      for (let step = 1; step < 120; step++) {
        const event: CollectionEvent<Row> = { type: 'delta', seq: step, upserts: [], deletes: [] };
        // Now and then a page of hundreds, as while listing; else a few changes.
        const changes = Math.floor(rand() * (step % 10 === 0 ? 600 : 8));
        for (let c = 0; c < changes; c++) {
          const id = `pod-${Math.floor(rand() * 900)}`;
          if (rand() < 0.2) event.deletes.push(id);
          else event.upserts.push({ id, name: `${id}-${Math.floor(rand() * 5)}`, cpu: Math.floor(rand() * 20) });
        }
        state = applyCollectionEvent(state, event)!;
        versions.push(state);
        // Renders see some versions, not all, and now and then an older one again.
        const roll = rand();
        if (roll < 0.4) continue;
        const shownVersion = roll < 0.5 ? versions[Math.floor(rand() * versions.length)]! : state;
        const filtered = Math.floor(step / 25) % 2 === 1;
        const q = query({ keep: filtered ? keep : null, deps: [filtered] });
        expect(order(shownVersion, q)).toEqual(fullOrder(shownVersion.rows, q));
      }
    }
  });

  it('after a delta, looks only at the rows it changed, not at each of 10,000', () => {
    const order = createLiveOrder<Row>();
    let kept = 0;
    const keep = () => {
      kept += 1;
      return true;
    };
    const rows: Row[] = [];
    for (let i = 0; i < 10_000; i++) rows.push({ id: `p${i}`, name: `p${i}`, cpu: i % 97 });
    const listed = applyCollectionEvent(emptyCollection<Row>(), { type: 'snapshot', seq: 0, rows })!;
    order(listed, query({ keep }));
    const changed = [5, 500, 9999].map((i) => ({ id: `p${i}`, name: `p${i}`, cpu: 50 }));
    const next = applyCollectionEvent(listed, { type: 'delta', seq: 1, upserts: changed, deletes: ['p42'] })!;
    kept = 0;
    const shown = order(next, query({ keep }));
    expect(kept).toBe(3);
    expect(shown).toEqual(fullOrder(next.rows, query()));
  });
});
