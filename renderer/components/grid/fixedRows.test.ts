import { describe, expect, it } from 'vitest';
import { rowWindow, scrollToShow } from './fixedRows';

describe('rowWindow', () => {
  it('answers the rows in view and the overscan around them, within the list', () => {
    // 28 px rows, a 280 px view scrolled to row 100.
    expect(rowWindow(30_000, 28, 2800, 280, 8)).toEqual({ first: 92, last: 118 });
    expect(rowWindow(30_000, 28, 0, 280, 8)).toEqual({ first: 0, last: 18 });
    // Scrolled to the end: nothing past the last row.
    expect(rowWindow(30_000, 28, 30_000 * 28 - 280, 280, 8)).toEqual({ first: 29_982, last: 29_999 });
  });

  it('answers no rows for an empty list, and the rows left when the list shrank under the scroll offset', () => {
    expect(rowWindow(0, 28, 0, 280, 8)).toEqual({ first: 0, last: -1 });
    expect(rowWindow(5, 28, 2800, 280, 8)).toEqual({ first: 4, last: 4 });
  });
});

describe('scrollToShow', () => {
  it('scrolls as little as brings the row into view, and not at all when it is in view', () => {
    expect(scrollToShow(5, 28, 0, 280, 0)).toBe(0);
    // Row 20 (560–588 px) below a view of 0–280: its bottom at the view's bottom.
    expect(scrollToShow(20, 28, 0, 280, 0)).toBe(588 - 280);
    // Row 2 above a view scrolled to 280: its top at the view's top.
    expect(scrollToShow(2, 28, 280, 280, 0)).toBe(56);
  });

  it('keeps the row clear of a 30 px header that stays on top of the rows', () => {
    // Row 8 ends 30 + 252 = 282 px into the content: past a 280 px view by 2 px.
    expect(scrollToShow(8, 28, 0, 280, 30)).toBe(2);
    expect(scrollToShow(7, 28, 0, 280, 30)).toBe(0);
    // Scrolled to 100, row 3 (84–112 px of the rows) is partly under the header: its top meets the header's bottom.
    expect(scrollToShow(3, 28, 100, 280, 30)).toBe(84);
  });
});
