import type { Page } from 'playwright-core';
import { GRID_SCREEN } from './figures';

/** When a list being loaded reached the screen, in ms after the click that asked for it. */
export interface ListingTimes {
  /** The click, in epoch ms (the page's clock), to match the times with other readings. */
  clickAt: number;
  /** The grid's rows fill the screen (or hold every row, for a list shorter than the screen). */
  screenMs: number;
  screenRows: number;
  /** The table's counter says `first` rows or more. */
  firstMs: number;
  /** The counter says "N of N" with at least `every` rows, and the screen is full. */
  allMs: number;
  /**
   * As `allMs`, and every row the grid holds has text in the `filled` column, if given (a pod's
   * memory usage: the metrics, which come apart from the rows, in one answer for every pod).
   */
  completeMs: number;
}

/**
 * Watches, from inside the page, a table's counter ("N of M Pods") and its grid on every
 * animation frame: each frame reads the state React has written to the DOM, which that frame
 * paints. The page only marks the times; we read them a few times a second. Asking Playwright
 * for the counter's text every 50 ms instead searched the whole page's text each time, on the
 * renderer's main thread the app needs (about a third of its busy time while 10,000 pods
 * load, on two cores), and took up to a poll interval and a round trip to see a change.
 *
 * The times count from the first click in the page after this call, when the page got it (the
 * event's own time stamp): the moment the user chooses. Playwright's `click()` first checks
 * that the element is visible, stable and hit, which took 55-90 ms here before the click
 * landed; a clock started before calling it counted that too.
 */
export async function watchListing(
  page: Page,
  options: { noun: string; every: number; first: number; filled?: string },
): Promise<{ times(): Promise<ListingTimes> }> {
  const counter = new RegExp(`^(\\d+) of (\\d+) ${options.noun}$`).source;
  await page.evaluate(`(() => {
    const counter = new RegExp(${JSON.stringify(counter)});
    const marks = { clickAt: null, screenAt: null, screenRows: 0, firstAt: null, allAt: null, completeAt: null };
    window.__berthListing = marks;
    addEventListener('click', (event) => {
      if (marks.clickAt === null) marks.clickAt = performance.timeOrigin + event.timeStamp;
    }, { capture: true });
    const count = () => {
      for (const el of document.querySelectorAll('[role="status"]')) {
        const match = counter.exec(el.textContent || '');
        if (match) return [Number(match[1]), Number(match[2])];
      }
      return null;
    };
    // Whether every row the grid holds (those on the screen and a few past it) has text in the column.
    const filled = () => {
      if (${JSON.stringify(options.filled ?? null)} === null) return true;
      const grid = document.querySelector('[role="grid"]');
      if (!grid) return false;
      const header = [...grid.querySelectorAll('[role="columnheader"]')].find(
        (h) => (h.textContent || '').trim().startsWith(${JSON.stringify(options.filled)}),
      );
      const col = header && header.getAttribute('aria-colindex');
      const rows = col ? grid.querySelectorAll('.vgrid-body [role="row"]') : [];
      if (rows.length === 0) return false;
      for (const row of rows) {
        const cell = row.querySelector('[role="gridcell"][aria-colindex="' + col + '"]');
        if (!cell || !(cell.textContent || '').trim()) return false;
      }
      return true;
    };
    const frame = () => {
      const at = performance.timeOrigin + performance.now();
      const shown = count();
      if (marks.screenAt === null) {
        const screen = ${GRID_SCREEN};
        if (screen.reachesBottom || (screen.rows > 0 && screen.rows >= ${options.every})) {
          marks.screenAt = at;
          marks.screenRows = screen.rows;
        }
      }
      if (shown && marks.firstAt === null && shown[0] >= ${options.first}) marks.firstAt = at;
      if (shown && shown[0] === shown[1] && shown[0] >= ${options.every} && marks.screenAt !== null) {
        if (marks.allAt === null) marks.allAt = at;
        if (filled()) {
          marks.completeAt = at;
          return;
        }
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })()`);
  return {
    times: async () => {
      for (let waited = 0; ; waited += 100) {
        const marks = (await page.evaluate('window.__berthListing')) as {
          clickAt: number | null;
          screenAt: number | null;
          screenRows: number;
          firstAt: number | null;
          allAt: number | null;
          completeAt: number | null;
        };
        if (marks.completeAt !== null) {
          const origin = marks.clickAt;
          if (origin === null) throw new Error(`${options.noun} listed without a click in the page`);
          return {
            clickAt: origin,
            screenMs: marks.screenAt! - origin,
            screenRows: marks.screenRows,
            firstMs: (marks.firstAt ?? marks.allAt!) - origin,
            allMs: marks.allAt! - origin,
            completeMs: marks.completeAt - origin,
          };
        }
        if (waited > 300_000) {
          const what =
            marks.allAt === null ? `counted ${options.every} ${options.noun}` : `filled its ${options.filled} column`;
          throw new Error(`the table never ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
