import { describe, expect, it } from 'vitest';
import { ListSplitter } from './listSplitter';
import { parseApiJson } from './watchJson';

/**
 * Items with every trap for a splitter: braces, brackets, quotes and backslashes in strings,
 * multi-byte characters, and arrays of objects that begin like an item (`{"metadata":`).
 */
const tricky = [
  { metadata: { name: 'a', annotations: { note: 'a } ] { [ " \\ quote \\" and },{"metadata": "items":[' } } },
  {
    metadata: { name: 'b', labels: { ünïcødé: 'naïve 🚢 berth', backslash: '\\\\' } },
    spec: { volumeClaimTemplates: [{ metadata: { name: 'x' } }, { metadata: { name: 'y' } }] },
  },
  { metadata: { name: 'c' }, spec: { containers: [{ name: 'app', args: ['--a="b"', '\\'] }] } },
  { metadata: { name: 'd', empty: '', deep: [[[{ a: [] }]]] } },
];

function split(body: string | Buffer, chunkSizes: (at: number) => number) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const items: unknown[] = [];
  // Items looked for after every chunk, so that every cut is tried.
  const splitter = new ListSplitter(JSON.parse, (batch) => items.push(...batch), { batchLength: 1 });
  for (let at = 0; at < bytes.length;) {
    const size = Math.max(1, chunkSizes(at));
    splitter.push(bytes.subarray(at, at + size));
    at += size;
  }
  return { items, envelope: splitter.end() };
}

describe('ListSplitter', () => {
  const list = {
    kind: 'PodList',
    apiVersion: 'v1',
    metadata: { resourceVersion: '42', continue: 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ' },
    items: tricky,
  };
  const body = Buffer.from(`${JSON.stringify(list)}\n`);

  it('hands on every item whole, however the bytes are cut, and keeps the rest of the body', () => {
    for (const size of [1, 2, 3, 5, 7, 64, 4096]) {
      const { items, envelope } = split(body, () => size);
      expect(items, `chunks of ${size} bytes`).toEqual(tricky);
      expect(envelope).toEqual({ ...list, items: [] });
    }
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 40) + 1;
    for (let run = 0; run < 50; run++) expect(split(body, random).items).toEqual(tricky);
  });

  it('hands items on while the body is still arriving, a few dozen kB at a time', () => {
    const pod = (i: number) => ({ metadata: { name: `pod-${i}`, labels: { app: 'x'.repeat(1000) } } });
    const many = { ...list, items: Array.from({ length: 200 }, (_, i) => pod(i)) };
    const bytes = Buffer.from(JSON.stringify(many));
    const batches: number[] = [];
    const splitter = new ListSplitter(JSON.parse, (batch) => batches.push(batch.length));
    for (let at = 0; at < bytes.length / 2; at += 4096)
      splitter.push(bytes.subarray(at, Math.min(at + 4096, bytes.length / 2)));
    const early = batches.reduce((a, b) => a + b, 0);
    expect(early).toBeGreaterThan(60);
    // About 32 kB of text per batch, not one per chunk nor one per item.
    expect(batches.length).toBeLessThan(early / 10);
    splitter.push(bytes.subarray(bytes.length / 2));
    splitter.end();
    expect(batches.reduce((a, b) => a + b, 0)).toBe(200);
  });

  it('hands items on when the text so far ends inside an array of objects that begin like an item', () => {
    // StatefulSets: each item's volumeClaimTemplates begin `{"metadata":` too.
    const set = (i: number) => ({
      metadata: { name: `web-${i}` },
      spec: { volumeClaimTemplates: [{ metadata: { name: 'data' } }, { metadata: { name: 'logs' } }] },
    });
    const text = JSON.stringify({ ...list, items: Array.from({ length: 40 }, (_, i) => set(i)) });
    const nested = '},{"metadata":{"name":"logs"';
    const items: unknown[] = [];
    const splitter = new ListSplitter(JSON.parse, (batch) => items.push(...batch), { batchLength: 1 });
    // Every push ends just after an item's inner separator: the last separator is never between items.
    let from = 0;
    for (let at = text.indexOf(nested); at !== -1; at = text.indexOf(nested, at + 1)) {
      splitter.push(Buffer.from(text.slice(from, at + nested.length)));
      from = at + nested.length;
    }
    expect(items.length).toBeGreaterThanOrEqual(38);
    splitter.push(Buffer.from(text.slice(from)));
    splitter.end();
    expect(items).toEqual(Array.from({ length: 40 }, (_, i) => set(i)));
  });

  it('reads the list’s metadata wherever it comes, and an empty, missing or pretty-printed items array', () => {
    const after = { items: tricky, metadata: { resourceVersion: '7' }, kind: 'List' };
    expect(split(JSON.stringify(after), () => 3)).toEqual({ items: tricky, envelope: { ...after, items: [] } });
    // "items" in the head that is not the list's own, and other arrays of the body.
    const nested = { kind: 'List', metadata: { items: [1] }, notes: [{ a: 1 }], items: tricky };
    expect(split(JSON.stringify(nested), () => 4)).toEqual({ items: tricky, envelope: { ...nested, items: [] } });
    expect(split('{"items":[],"metadata":{}}', () => 1)).toEqual({ items: [], envelope: { items: [], metadata: {} } });
    expect(split('{"kind":"items","items":null}', () => 2)).toEqual({
      items: [],
      envelope: { kind: 'items', items: [] },
    });
    expect(split(JSON.stringify(list, null, 2), () => 5)).toEqual({ items: tricky, envelope: { ...list, items: [] } });
  });

  it('reads a long pretty-printed body whole at its end, however small its chunks', () => {
    const many = { kind: 'List', items: Array.from({ length: 3000 }, (_, i) => ({ metadata: { name: `pod-${i}` } })) };
    const pretty = Buffer.from(JSON.stringify(many, null, 2));
    const items: unknown[] = [];
    const splitter = new ListSplitter(JSON.parse, (batch) => items.push(...batch));
    for (let at = 0; at < pretty.length; at += 1024) splitter.push(pretty.subarray(at, at + 1024));
    expect(items).toEqual([]);
    expect(splitter.end()).toEqual({ kind: 'List', items: [] });
    expect(items).toEqual(many.items);
  });

  it('parses with the function it is given (managedFields cut before parsing)', () => {
    const managed = {
      items: [{ metadata: { name: 'm', managedFields: [{ manager: 'x' }] } }, { metadata: { name: 'n' } }],
    };
    const items: unknown[] = [];
    const splitter = new ListSplitter(parseApiJson, (batch) => items.push(...batch), { batchLength: 1 });
    splitter.push(Buffer.from(JSON.stringify(managed)));
    splitter.end();
    expect(items).toEqual([{ metadata: { name: 'm' } }, { metadata: { name: 'n' } }]);
  });

  it('says when the response ended before its JSON did, or is not JSON', () => {
    const cut = new ListSplitter(JSON.parse, () => {});
    cut.push(body.subarray(0, body.length - 10));
    expect(() => cut.end()).toThrow(/ended early or is not JSON/);
    const twice = new ListSplitter(JSON.parse, () => {});
    twice.push(Buffer.from('{"items":[]} {"items":[]}'));
    expect(() => twice.end()).toThrow(/ended early or is not JSON/);
    const text = new ListSplitter(JSON.parse, () => {});
    text.push(Buffer.from('<html>Bad gateway</html>'));
    expect(() => text.end()).toThrow(/not JSON/);
  });

  it('refuses an object longer than its bound instead of holding it', () => {
    const splitter = new ListSplitter(JSON.parse, () => {}, { maxPendingLength: 100, batchLength: 1 });
    splitter.push(Buffer.from('{"items":[{"a":"'));
    expect(() => splitter.push(Buffer.alloc(200, 0x61))).toThrow(/longer than 100 characters/);
  });
});
