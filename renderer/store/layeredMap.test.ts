import { describe, expect, it } from 'vitest';
import { LayeredMap } from './layeredMap';

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32;
    return s / 2 ** 32;
  };
}

function sameAs(layered: LayeredMap<string, number>, plain: Map<string, number>): void {
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
      let layered = LayeredMap.of<string, number>();
      let plain = new Map<string, number>();
      const kept: Array<[LayeredMap<string, number>, Map<string, number>]> = [];
      for (let step = 0; step < 200; step++) {
        // Mostly a few changes, now and then hundreds (past the point where a version is flattened).
        const count = Math.floor(rand() * (step % 25 === 0 ? 800 : 6));
        const upserts: Array<[string, number]> = [];
        const deletes: string[] = [];
        for (let c = 0; c < count; c++) {
          const key = `k${Math.floor(rand() * 1500)}`;
          if (rand() < 0.3) deletes.push(key);
          else upserts.push([key, step * 10_000 + c]);
        }
        layered = layered.with(upserts, deletes);
        plain = new Map(plain);
        for (const key of deletes) plain.delete(key);
        for (const [key, value] of upserts) plain.set(key, value);
        sameAs(layered, plain);
        expect(layered.get('absent')).toBeUndefined();
        expect(layered.has('absent')).toBe(false);
        if (step % 20 === 0) kept.push([layered, plain]);
      }
      for (const [oldLayered, oldPlain] of kept) sameAs(oldLayered, oldPlain);
    }
  });

  it('a key deleted and set again in later versions is there once, with its new value', () => {
    const a = LayeredMap.of([
      ['x', 1],
      ['y', 2],
    ]);
    const b = a.with([], ['x']);
    const c = b.with([['x', 3]]);
    expect([...b]).toEqual([['y', 2]]);
    expect(c.size).toBe(2);
    expect(new Map(c)).toEqual(
      new Map([
        ['x', 3],
        ['y', 2],
      ]),
    );
    expect(a.get('x')).toBe(1);
  });
});
