/** Relative ages ("3m", "2h", "5d") for dense lists; the exact time goes in a tooltip. */
export function formatAge(since: number | undefined | null, now: number): string {
  if (since === undefined || since === null || !Number.isFinite(since) || since <= 0) return '—';
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 365) return `${days}d`;
  return `${Math.floor(days / 365)}y`;
}

const UNITS_MS = [1000, 60_000, 3_600_000, 86_400_000, 365 * 86_400_000];
const UNIT_LIMITS_MS = [60_000, 3_600_000, 86_400_000, 365 * 86_400_000, Infinity];

/**
 * When `formatAge(since, ·)` next reads differently from what it reads at `now` (epoch ms):
 * the next second for "45s", the next whole day for "5d"; Infinity for a dash.
 */
export function nextAgeChange(since: number | undefined | null, now: number): number {
  if (since === undefined || since === null || !Number.isFinite(since) || since <= 0) return Infinity;
  const age = Math.max(0, now - since);
  const unit = UNIT_LIMITS_MS.findIndex((limit) => age < limit);
  const size = UNITS_MS[unit]!;
  return since + (Math.floor(age / size) + 1) * size;
}

/**
 * What `Date.prototype.toLocaleString()` writes, from one formatter: toLocaleString builds a new
 * one per call, which showed among the top costs of scrolling a table of 10,000 ages.
 */
const exactTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** The exact local time, for hover text. */
export function formatExactTime(epochMs: number | undefined | null): string | undefined {
  if (epochMs === undefined || epochMs === null || !Number.isFinite(epochMs) || epochMs <= 0) return undefined;
  return exactTime.format(epochMs);
}
