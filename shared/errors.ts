/** Errors travel as values: a machine-readable code plus a message a user can read. */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_method'
  | 'unknown_topic'
  | 'not_found'
  | 'unavailable'
  | 'permission_denied'
  | 'unauthorized'
  | 'conflict'
  | 'timeout'
  | 'internal';

export interface BerthError {
  code: ErrorCode;
  /** Headline for the user: what failed, where, and what they can do. */
  message: string;
  /** Technical detail, shown one click away. */
  detail?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: BerthError };

/** Thrown inside the backend to carry a BerthError up to the transport unchanged. */
export class BerthFailure extends Error {
  readonly error: BerthError;
  constructor(error: BerthError) {
    super(error.message);
    this.name = 'BerthFailure';
    this.error = error;
  }
}

export function isBerthError(value: unknown): value is BerthError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string';
}
