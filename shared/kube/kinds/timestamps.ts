/** Epoch ms of an RFC 3339 timestamp from the API server; null when absent or unreadable. */
export function epochMs(value: unknown): number | null {
  if (typeof value !== 'string' || !value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}
