export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Fraction of the delay randomised, 0..1 (so reconnecting clients do not stampede). */
  jitter: number;
  random?: () => number;
}

const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, jitter: 0.3 };

/** Capped exponential backoff with jitter: attempt 0 → ~initialMs, doubling up to maxMs. */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const random = options.random ?? Math.random;
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt));
  const spread = base * options.jitter;
  return Math.max(0, Math.round(base - spread + random() * 2 * spread));
}
