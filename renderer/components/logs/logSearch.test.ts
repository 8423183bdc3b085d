import { describe, expect, it } from 'vitest';
import { findMatches, markSegments, reselectMatch, stepMatch } from './logSearch';

const entries = (...texts: string[]) => texts.map((plain, i) => ({ id: i + 10, plain }));

describe('findMatches', () => {
  it('finds every occurrence in reading order, case-insensitively by default', () => {
    const { matches, limited } = findMatches(entries('Error one', 'ok', 'error ERROR'), 'error');
    expect(limited).toBe(false);
    expect(matches).toEqual([
      { line: 0, entryId: 10, start: 0, end: 5 },
      { line: 2, entryId: 12, start: 0, end: 5 },
      { line: 2, entryId: 12, start: 6, end: 11 },
    ]);
  });

  it('respects case when asked', () => {
    expect(findMatches(entries('Error error'), 'error', { caseSensitive: true }).matches).toHaveLength(1);
  });

  it('finds nothing for an empty query', () => {
    expect(findMatches(entries('abc'), '').matches).toEqual([]);
  });

  it('does not count overlapping matches twice', () => {
    expect(findMatches(entries('aaaa'), 'aa').matches.map((m) => m.start)).toEqual([0, 2]);
  });

  it('treats the query as literal text, not a pattern', () => {
    expect(findMatches(entries('a.b axb (x)'), '.').matches).toHaveLength(1);
    expect(findMatches(entries('a.b axb (x)'), '(x)').matches).toHaveLength(1);
  });

  it('stops at the limit and says so', () => {
    const r = findMatches(entries('x'.repeat(50)), 'x', { limit: 20 });
    expect(r.matches).toHaveLength(20);
    expect(r.limited).toBe(true);
  });
});

describe('stepMatch', () => {
  it('moves forward and back, wrapping around', () => {
    expect(stepMatch(-1, 3, 1)).toBe(0);
    expect(stepMatch(-1, 3, -1)).toBe(2);
    expect(stepMatch(2, 3, 1)).toBe(0);
    expect(stepMatch(0, 3, -1)).toBe(2);
    expect(stepMatch(0, 0, 1)).toBe(-1);
  });
});

describe('reselectMatch', () => {
  it('keeps the selected match when new lines arrive', () => {
    const before = findMatches(entries('x', 'x', 'x'), 'x').matches;
    const after = findMatches(entries('x', 'x', 'x', 'x'), 'x').matches;
    expect(reselectMatch(after, before[1])).toBe(1);
  });

  it('moves to the nearest later match when the selected line was trimmed', () => {
    const now = [{ line: 0, entryId: 20, start: 0, end: 1 }];
    expect(reselectMatch(now, { line: 0, entryId: 5, start: 0, end: 1 })).toBe(0);
    expect(reselectMatch([], { line: 0, entryId: 5, start: 0, end: 1 })).toBe(-1);
  });
});

describe('markSegments', () => {
  const red = { fg: { palette: 1 } };
  it('splits styled segments at match edges and keeps their styles', () => {
    const segments = [
      { text: 'hello ', style: {} },
      { text: 'red world', style: red },
    ];
    expect(markSegments(segments, [{ start: 4, end: 9, current: true }])).toEqual([
      { text: 'hell', style: {} },
      { text: 'o ', style: {}, mark: 'current' },
      { text: 'red', style: red, mark: 'current' },
      { text: ' world', style: red },
    ]);
  });

  it('marks several matches in one segment', () => {
    expect(
      markSegments(
        [{ text: 'abcabc', style: {} }],
        [
          { start: 0, end: 1 },
          { start: 3, end: 4 },
        ],
      ),
    ).toEqual([
      { text: 'a', style: {}, mark: 'match' },
      { text: 'bc', style: {} },
      { text: 'a', style: {}, mark: 'match' },
      { text: 'bc', style: {} },
    ]);
  });

  it('leaves segments alone without matches', () => {
    expect(markSegments([{ text: 'x', style: red }], [])).toEqual([{ text: 'x', style: red }]);
  });
});
