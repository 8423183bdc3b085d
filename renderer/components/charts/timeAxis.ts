/** Time on a linear chart axis: epoch-ms values, shown as local HH:MM:SS (no date adapter needed). */

const pad = (n: number): string => String(n).padStart(2, '0');

/** Local wall-clock time of an epoch-ms value, HH:MM:SS. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600].map((s) => s * 1000);

/** A round tick spacing that puts at most `maxTicks` ticks across `rangeMs`. */
export function timeStep(rangeMs: number, maxTicks = 6): number {
  const wanted = rangeMs / Math.max(1, maxTicks);
  return STEPS_MS.find((s) => s >= wanted) ?? STEPS_MS[STEPS_MS.length - 1]!;
}

/**
 * Tick values between `min` and `max` (epoch ms) on round local times: every `step`
 * counted from local midnight, so a 1-minute step ticks at :00 seconds.
 */
export function timeTicks(min: number, max: number, step: number): number[] {
  if (!(step > 0) || !(max >= min)) return [];
  const offset = new Date(min).getTimezoneOffset() * 60_000;
  const first = Math.ceil((min - offset) / step) * step + offset;
  const ticks: number[] = [];
  for (let t = first; t <= max && ticks.length < 1000; t += step) ticks.push(t);
  return ticks;
}
