import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

/** The rows to render of a list of equal rows scrolled to `scrollTop` in a `height` tall view. */
export function rowWindow(
  count: number,
  rowHeight: number,
  scrollTop: number,
  height: number,
  overscan: number,
): { first: number; last: number } {
  if (count === 0) return { first: 0, last: -1 };
  const top = Math.max(0, Math.floor(scrollTop / rowHeight));
  const bottom = Math.ceil((scrollTop + height) / rowHeight);
  return {
    first: Math.max(0, Math.min(count - 1, top - overscan)),
    last: Math.min(count - 1, bottom + overscan),
  };
}

/**
 * Where to scroll so that row `index` is in view, moving as little as possible; `scrollTop`
 * itself when it already is. The rows start `inset` px into the scrolled content, below a
 * header that stays on top of them.
 */
export function scrollToShow(
  index: number,
  rowHeight: number,
  scrollTop: number,
  height: number,
  inset: number,
): number {
  const start = index * rowHeight;
  const end = inset + start + rowHeight;
  if (end > scrollTop + height) return end - height;
  if (start < scrollTop) return start;
  return scrollTop;
}

/**
 * Virtualization of equal rows by arithmetic: the rows in view follow from the scroll offset
 * alone, so a list that grows by a delta costs nothing per row (a general virtualizer keeps a
 * measurement per row and rebuilds all of them, 30,000 while pods are being listed, whenever
 * the count changes). Renders again when the rows in view change, not per scrolled pixel.
 */
export function useFixedRows(
  scrollRef: RefObject<HTMLElement | null>,
  /** The rows' container, below the header in the scrolled content. */
  bodyRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
): { first: number; last: number; height: number; totalHeight: number; scrollToIndex: (index: number) => void } {
  const [view, setView] = useState({ scrollTop: 0, height: 0 });

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    let frame = 0;
    const read = (): void => {
      frame = 0;
      const next = { scrollTop: element.scrollTop, height: element.clientHeight };
      // The same rows in view whatever the count: no render for a scroll within a row.
      setView((prev) =>
        Math.floor(prev.scrollTop / rowHeight) === Math.floor(next.scrollTop / rowHeight) &&
        Math.ceil((prev.scrollTop + prev.height) / rowHeight) === Math.ceil((next.scrollTop + next.height) / rowHeight)
          ? prev
          : next,
      );
    };
    read();
    const onScroll = (): void => {
      if (!frame) frame = requestAnimationFrame(read);
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    const resize = new ResizeObserver(read);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      resize.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [scrollRef, rowHeight]);

  const scrollToIndex = useCallback(
    (index: number) => {
      const element = scrollRef.current;
      if (!element) return;
      const inset = bodyRef.current?.offsetTop ?? 0;
      const to = scrollToShow(index, rowHeight, element.scrollTop, element.clientHeight, inset);
      if (to !== element.scrollTop) element.scrollTop = to;
    },
    [scrollRef, bodyRef, rowHeight],
  );

  const { first, last } = rowWindow(count, rowHeight, view.scrollTop, view.height, overscan);
  return { first, last, height: view.height, totalHeight: count * rowHeight, scrollToIndex };
}
