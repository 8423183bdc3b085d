/**
 * Loaded with `node --import` into Electron's installer by ensure-electron.mjs. The installer
 * reports a failed download as a bare stack ("TypeError: fetch failed"), without the address
 * it tried or the network error behind it; this notes both, one JSON line per request on
 * file descriptor 3 (a pipe ensure-electron.mjs reads). The requests themselves are unchanged.
 */
import { writeSync } from 'node:fs';

/** The network error under fetch's generic "fetch failed". */
function describe(error) {
  let cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  // Several addresses tried (IPv4 and IPv6): the first says enough.
  if (cause instanceof AggregateError && !cause.message && cause.errors[0] instanceof Error) cause = cause.errors[0];
  if (!(cause instanceof Error)) return String(cause);
  return cause.message || String(cause.code ?? cause.name);
}

function note(record) {
  try {
    writeSync(3, JSON.stringify(record) + '\n');
  } catch {
    // Nobody listening on fd 3: the installer runs as it would without us.
  }
}

const fetchForReal = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  try {
    const response = await fetchForReal(input, init);
    note({ url, status: response.status, statusText: response.statusText });
    return response;
  } catch (error) {
    note({ url, error: describe(error) });
    throw error;
  }
};
