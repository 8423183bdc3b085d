import { describe, expect, it } from 'vitest';
import { sparklineRuns } from './sparklineGeometry';

const box = { width: 102, height: 22, padding: 1 };

describe('sparklineRuns', () => {
  it('spans evenly spaced values across the width, the highest at the top and 0 at the bottom', () => {
    expect(sparklineRuns([0, 5, 10], box)).toEqual([
      [
        { x: 1, y: 21 },
        { x: 51, y: 11 },
        { x: 101, y: 1 },
      ],
    ]);
  });

  it('places points by their x (epoch ms), not by their index', () => {
    const runs = sparklineRuns(
      [
        { x: 1000, y: 1 },
        { x: 1100, y: 1 },
        { x: 2000, y: 1 },
      ],
      { ...box, max: 2 },
    );
    expect(runs[0]!.map((p) => p.x)).toEqual([1, 11, 101]);
    expect(runs[0]!.map((p) => p.y)).toEqual([11, 11, 11]);
  });

  it('breaks the line where a value is missing (NaN): time nobody measured', () => {
    const runs = sparklineRuns(
      [
        { x: 0, y: 1 },
        { x: 10, y: 2 },
        { x: 11, y: Number.NaN },
        { x: 50, y: 3 },
        { x: 100, y: 4 },
      ],
      box,
    );
    expect(runs.map((r) => r.length)).toEqual([2, 2]);
    expect(runs[1]![0]!.x).toBeCloseTo(51);
  });

  it('keeps values within the given scale: above max at the top, below min at the bottom', () => {
    const [run] = sparklineRuns([-5, 50, 200], { ...box, min: 0, max: 100 });
    expect(run!.map((p) => p.y)).toEqual([21, 11, 1]);
  });

  it('draws a flat line at the bottom when every value is 0; a lone value sits at the left, nothing draws nothing', () => {
    expect(sparklineRuns([0, 0], box)[0]!.map((p) => p.y)).toEqual([21, 21]);
    expect(sparklineRuns([3], box)).toEqual([[{ x: 1, y: 1 }]]);
    expect(sparklineRuns([], box)).toEqual([]);
  });
});
