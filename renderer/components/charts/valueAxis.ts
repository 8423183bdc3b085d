/**
 * Y axes whose values are not plain decimals. Counts tick on whole numbers (no "0.5 pods");
 * bytes tick on powers of two (256 MiB, 512 MiB, 768 MiB, 1 GiB), never on decimal steps that
 * print as "477 MiB" or, on an empty chart, as "0 B, 0 B, 1 B, 1 B".
 */

/** What a chart's y values are, when the ticks should respect it. */
export type ValueAxis = 'count' | 'bytes';

/** The least top of a bytes axis: an empty or all-zero chart still reads as a size. */
const MIN_BYTES_TOP = 1024;

/** A power-of-two byte spacing that puts at most `maxTicks` steps between zero and `max`. */
export function byteStep(max: number, maxTicks = 4): number {
  const top = Math.max(MIN_BYTES_TOP, max);
  return 2 ** Math.ceil(Math.log2(top / Math.max(1, maxTicks)));
}

/** The axis top: `max` rounded up to the byte step, so the top line is a tick too. */
export function bytesTop(max: number, maxTicks = 4): number {
  const top = Math.max(MIN_BYTES_TOP, max);
  const step = byteStep(top, maxTicks);
  return Math.ceil(top / step) * step;
}

/** Ticks from `min` (zero or below) to `max` on multiples of `step`. */
export function stepTicks(min: number, max: number, step: number): number[] {
  if (!(step > 0) || !(max >= min)) return [];
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9 && ticks.length < 100; v += step) ticks.push(v);
  return ticks;
}
