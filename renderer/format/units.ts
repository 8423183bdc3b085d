/** Number formatting for charts and readouts: binary units, as docker stats shows them. */

export const KiB = 1024;
export const MiB = 1024 * 1024;
const GiB = 1024 * 1024 * 1024;

function trim(n: number, digits: number): string {
  return n
    .toFixed(digits)
    .replace(/\.0+$/, '')
    .replace(/(\.\d*?)0+$/, '$1');
}

/** 1536 → "1.5 KiB"; 0 → "0 B". */
export function formatBytes(bytes: number, digits = 1): string {
  if (!Number.isFinite(bytes)) return '–';
  const abs = Math.abs(bytes);
  if (abs < KiB) return `${Math.round(bytes)} B`;
  if (abs < MiB) return `${trim(bytes / KiB, digits)} KiB`;
  if (abs < GiB) return `${trim(bytes / MiB, digits)} MiB`;
  return `${trim(bytes / GiB, digits)} GiB`;
}

/** Bytes per second, e.g. "12.5 KiB/s". */
export function formatRate(bytesPerSecond: number, digits = 1): string {
  return `${formatBytes(bytesPerSecond, digits)}/s`;
}

/** 12.345 → "12.3 %". */
export function formatPercent(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '–';
  return `${value.toFixed(digits)} %`;
}
