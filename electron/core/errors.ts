import { BerthFailure, isBerthError, type BerthError } from '../../shared/errors';

/** Any thrown value → a BerthError a user can read. Unknown errors keep their text as detail. */
export function toBerthError(error: unknown): BerthError {
  if (error instanceof BerthFailure) return error.error;
  if (isBerthError(error)) return error;
  const text = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: 'Something went wrong inside Berth.', detail: text };
}
