/**
 * Parses RFC3339Nano timestamps (Docker's and Kubernetes') ("2024-05-01T12:00:00.123456789Z" or with an
 * offset) to epoch milliseconds, keeping sub-millisecond digits as a fraction. Returns
 * undefined for anything else, and for Go's zero time (Docker's "never").
 */
export function parseRfc3339Nano(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  if (y === '0001') return undefined;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (frac) ms += Number(`0.${frac}`) * 1000;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const [zh, zm] = zone.slice(1).split(':').map(Number);
    ms -= sign * ((zh ?? 0) * 60 + (zm ?? 0)) * 60_000;
  }
  return Number.isFinite(ms) ? ms : undefined;
}
