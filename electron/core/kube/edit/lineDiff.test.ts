import { describe, expect, it } from 'vitest';
import { lineDiff } from './lineDiff';

describe('lineDiff', () => {
  it('shows an added line with its context and folds the rest', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
    const after = ['a', 'b', 'c', 'd', 'e', 'NEW', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
    expect(lineDiff(before, after)).toEqual({
      changed: 1,
      lines: [
        { op: 'folded', count: 2 },
        { op: 'same', text: 'c' },
        { op: 'same', text: 'd' },
        { op: 'same', text: 'e' },
        { op: 'added', text: 'NEW' },
        { op: 'same', text: 'f' },
        { op: 'same', text: 'g' },
        { op: 'same', text: 'h' },
        { op: 'folded', count: 2 },
      ],
    });
  });

  it('pairs a changed line as removed then added', () => {
    expect(lineDiff('x: 1\ny: 2\n', 'x: 1\ny: 3\n').lines).toEqual([
      { op: 'same', text: 'x: 1' },
      { op: 'removed', text: 'y: 2' },
      { op: 'added', text: 'y: 3' },
    ]);
  });

  it('reports no change for equal texts, and handles empty ones', () => {
    expect(lineDiff('a\nb\n', 'a\nb\n')).toEqual({ changed: 0, lines: [{ op: 'folded', count: 2 }] });
    expect(lineDiff('', 'a\n')).toEqual({ changed: 1, lines: [{ op: 'added', text: 'a' }] });
    expect(lineDiff('a\n', '')).toEqual({ changed: 1, lines: [{ op: 'removed', text: 'a' }] });
  });

  it('diffs thousands of lines with a few changes quickly', () => {
    const before = Array.from({ length: 20_000 }, (_, i) => `line ${i}`);
    const after = [...before];
    after[100] = 'changed';
    after.splice(15_000, 1);
    const started = performance.now();
    const { changed } = lineDiff(before.join('\n'), after.join('\n'));
    expect(changed).toBe(3);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
