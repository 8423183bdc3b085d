import { useCallback, useEffect, useRef, useState } from 'react';
import { nextAgeChange } from '../format/age';

/** Longer than this, a timer is cut short (timers overflow past 24.8 days) and simply set again. */
const LONGEST_WAIT_MS = 3_600_000;

/**
 * The time relative ages on screen are drawn with, moved on exactly when one of them would read
 * differently: every second while a row shows "45s", once a day for rows that show "5d", not on
 * a fixed interval that is both too slow for seconds and needless for days. `shownSince` gives
 * the times the rows on screen count from; call `refresh` when the rows on screen change.
 */
export function useAgeClock(shownSince: () => Iterable<number | undefined>): { now: number; refresh: () => void } {
  const [now, setNow] = useState(Date.now);
  const latest = useRef({ shownSince, now });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const refresh = useCallback(() => {
    clearTimeout(timer.current);
    const { shownSince: since, now: drawnAt } = latest.current;
    let next = Infinity;
    for (const t of since()) next = Math.min(next, nextAgeChange(t, drawnAt));
    if (next === Infinity) return;
    // A row that came into view may already read stale: then at once.
    const wait = Math.min(LONGEST_WAIT_MS, Math.max(0, next - Date.now()));
    timer.current = setTimeout(() => setNow(Date.now()), wait);
  }, []);

  // After every render: the rows, or the time they were drawn with, may have changed.
  useEffect(() => {
    latest.current = { shownSince, now };
    refresh();
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  return { now, refresh };
}
