/** The units of a relative age, each shown while the age is below the next one's size. */
const AGE_UNITS = [
  { ms: 1000, below: 60_000, suffix: 's' },
  { ms: 60_000, below: 3_600_000, suffix: 'm' },
  { ms: 3_600_000, below: 86_400_000, suffix: 'h' },
  { ms: 86_400_000, below: 365 * 86_400_000, suffix: 'd' },
  { ms: 365 * 86_400_000, below: Infinity, suffix: 'y' },
] as const;

/** The age in ms (never negative) and its unit, or undefined for a time not given. */
function ageOf(
  since: number | undefined | null,
  now: number,
): { age: number; unit: (typeof AGE_UNITS)[number] } | undefined {
  if (since === undefined || since === null || !Number.isFinite(since) || since <= 0) return undefined;
  const age = Math.max(0, now - since);
  return { age, unit: AGE_UNITS.find((unit) => age < unit.below)! };
}

/** Relative ages ("3m", "2h", "5d") for dense lists; the exact time goes in a tooltip. */
export function formatAge(since: number | undefined | null, now: number): string {
  const of = ageOf(since, now);
  return of ? `${Math.floor(of.age / of.unit.ms)}${of.unit.suffix}` : '—';
}

/**
 * When `formatAge(since, ·)` next reads differently from what it reads at `now` (epoch ms):
 * the next second for "45s", the next whole day for "5d"; Infinity for a dash.
 */
export function nextAgeChange(since: number | undefined | null, now: number): number {
  const of = ageOf(since, now);
  return of ? since! + (Math.floor(of.age / of.unit.ms) + 1) * of.unit.ms : Infinity;
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
