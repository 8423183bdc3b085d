import { describe, expect, it } from 'vitest';
import { LayeredMap } from './layeredMap';

interface Item {
  id: string;
  n: number;
}
const idOf = (item: Item): string => item.id;

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32;
    return s / 2 ** 32;
  };
}

function sameAs(layered: LayeredMap<string, Item>, plain: Map<string, Item>): void {
  expect(layered.size).toBe(plain.size);
  expect(new Map(layered)).toEqual(plain);
  expect([...layered.keys()].length).toBe(plain.size);
  expect([...layered.values()].length).toBe(plain.size);
  const wrong = [...plain].filter(([key, value]) => layered.get(key) !== value || !layered.has(key));
  expect(wrong).toEqual([]);
}

describe('LayeredMap', () => {
  it('after any sequence of versions, each holds what a Map given the same changes holds, old versions unchanged', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const rand = random(seed);
      let layered = LayeredMap.of<string, Item>();
      let plain = new Map<string, Item>();
      const kept: Array<[LayeredMap<string, Item>, Map<string, Item>]> = [];
      for (let step = 0; step < 200; step++) {
        // Mostly a few changes, now and then hundreds (past the point where a version is flattened).
        const count = Math.floor(rand() * (step % 25 === 0 ? 800 : 6));
        const upserts: Item[] = [];
        const deletes: string[] = [];
        for (let c = 0; c < count; c++) {
          const id = `k${Math.floor(rand() * 1500)}`;
          if (rand() < 0.3) deletes.push(id);
          else upserts.push({ id, n: step * 10_000 + c });
        }
        layered = layered.with(upserts, idOf, deletes);
        plain = new Map(plain);
        for (const id of deletes) plain.delete(id);
        for (const item of upserts) plain.set(item.id, item);
        sameAs(layered, plain);
        expect(layered.get('absent')).toBeUndefined();
        expect(layered.has('absent')).toBe(false);
        if (step % 20 === 0) kept.push([layered, plain]);
      }
      for (const [oldLayered, oldPlain] of kept) sameAs(oldLayered, oldPlain);
    }
  });

  it('a key deleted and set again in later versions is there once, with its new value', () => {
    const x1 = { id: 'x', n: 1 };
    const y = { id: 'y', n: 2 };
    const x3 = { id: 'x', n: 3 };
    const a = LayeredMap.of([
      ['x', x1],
      ['y', y],
    ]);
    const b = a.with([], idOf, ['x']);
    const c = b.with([x3], idOf);
    expect([...b]).toEqual([['y', y]]);
    expect(c.size).toBe(2);
    expect(new Map(c)).toEqual(
      new Map([
        ['x', x3],
        ['y', y],
      ]),
    );
    expect(a.get('x')).toBe(x1);
  });
});
