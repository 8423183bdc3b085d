import { describe, expect, it } from 'vitest';
import { LineSplitter } from './lineSplitter';

/** Feeds `bytes` in every possible 2-way split and in 1-byte pieces, to prove boundaries do not matter. */
function splits(bytes: Buffer): Buffer[][] {
  const out: Buffer[][] = [[bytes]];
  for (let i = 1; i < bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  out.push([...bytes].map((b) => Buffer.from([b])));
  return out;
}

describe('LineSplitter', () => {
  it('joins a line split across chunks and keeps the unterminated tail for the end', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from('ab'))).toEqual([]);
    expect(splitter.push(Buffer.from('c\nd\r\ne'))).toEqual(['abc', 'd']);
    expect(splitter.flush()).toEqual(['e']);
    expect(splitter.flush()).toEqual([]);
  });

  it('never splits a UTF-8 character, wherever the chunk boundary falls', () => {
    const bytes = Buffer.from('ü€😀\n', 'utf8');
    for (const pieces of splits(bytes)) {
      const splitter = new LineSplitter();
      expect(pieces.flatMap((p) => splitter.push(p))).toEqual(['ü€😀']);
    }
  });

  it('cuts an endless line into bounded pieces', () => {
    const splitter = new LineSplitter(10);
    const lines = splitter.push(Buffer.from('x'.repeat(25)));
    expect(lines).toEqual(['x'.repeat(10), 'x'.repeat(10)]);
    expect(splitter.flush()).toEqual(['x'.repeat(5)]);
  });

  it('ends a line cut exactly at a piece boundary without an extra empty line', () => {
    const splitter = new LineSplitter(10);
    expect(splitter.push(Buffer.from('x'.repeat(20)))).toEqual(['x'.repeat(10), 'x'.repeat(10)]);
    expect(splitter.push(Buffer.from('\n\nnext\n'))).toEqual(['', 'next']);
  });
});
