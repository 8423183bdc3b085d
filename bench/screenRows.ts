import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import type { ScreenWatch } from './podChanges';

/**
 * When a page has a row's new version on screen. An annotation change shows in no cell, so a
 * MutationObserver would see nothing; instead the page reports, for every row of a delta its
 * WebSocket handler has applied, the first animation frame after React's next commit (React
 * tells a DevTools hook about every commit, production builds included). The row is then in
 * the state React has written to the DOM, and that frame paints it if it is in view.
 *
 * Strings, not functions: tsx would wrap a function's inner helpers in its own __name, which
 * the page does not have.
 */
export const ROW_COMMITS_INIT = `(() => {
  const handled = [];
  const shown = [];
  const now = () => performance.timeOrigin + performance.now();
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    renderers: new Map(),
    supportsFiber: true,
    isDisabled: false,
    inject: () => 1,
    checkDCE: () => {},
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
    onCommitFiberRoot: () => {
      if (!handled.length) return;
      const committed = handled.splice(0);
      requestAnimationFrame(() => {
        const at = now();
        for (const rows of committed) for (const row of rows) shown.push(row[0], row[1], at);
      });
    },
  };
  // After the app's own handler (a listener added now would run before it): its update is queued by then.
  const native = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    configurable: true,
    get() { return native.get.call(this); },
    set(handler) {
      native.set.call(this, typeof handler !== 'function' ? handler : function (event) {
        const result = handler.call(this, event);
        try {
          const frame = JSON.parse(event.data);
          const upserts = frame && frame.t === 'event' && frame.payload && frame.payload.type === 'delta' ? frame.payload.upserts : null;
          if (upserts && upserts.length && upserts[0].kind === 'Pod') handled.push(upserts.map((r) => [r.id, r.resourceVersion]));
        } catch {}
        return result;
      });
    },
  });
  window.__berthShownRows = () => shown.splice(0);
})()`;

/**
 * Reads what ROW_COMMITS_INIT (added to the page before it loaded) saw, every 250 ms, on the
 * bench's clock: the page's clock is compared with ours once, over one round trip.
 */
export async function watchScreen(page: Page): Promise<ScreenWatch & { stop(): Promise<void> }> {
  const offset = await pageClockOffset(page);
  let listener: ((uid: string, resourceVersion: string, at: number) => void) | undefined;
  let stopped = false;
  const drain = async (): Promise<void> => {
    // A page that crashed or closed has nothing more to say; the figures then lack its rows.
    const flat = ((await page.evaluate('window.__berthShownRows()').catch(() => [])) ?? []) as Array<string | number>;
    for (let i = 0; i + 2 < flat.length; i += 3) {
      listener?.(flat[i] as string, flat[i + 1] as string, (flat[i + 2] as number) - offset);
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await drain();
      await new Promise((r) => setTimeout(r, 250));
    }
    await drain();
  })();
  return {
    onRow: (l) => (listener = l),
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/**
 * How far the page's clock (`performance.timeOrigin + performance.now()` there) is ahead of
 * ours, compared once over one round trip: a page's time minus this is a time on our clock.
 */
export async function pageClockOffset(page: Page): Promise<number> {
  const before = performance.timeOrigin + performance.now();
  const pageNow = (await page.evaluate('performance.timeOrigin + performance.now()')) as number;
  const after = performance.timeOrigin + performance.now();
  return pageNow - (before + after) / 2;
}
