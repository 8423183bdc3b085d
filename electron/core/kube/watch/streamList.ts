import { DeadlineExceeded, SilenceWatchdog } from '../../net/deadline';
import type { KubeRequest } from '../connection/clusterClient';

/** What reading a list as it streams needs of a cluster client (the real one, or a test's). */
export interface ListStreamClient {
  /** With `begin`, the body is read only once `begin` resolves (see ClusterClient.stream). */
  stream(
    request: KubeRequest,
    onChunk: (chunk: Buffer) => void,
    signal: AbortSignal,
    begin?: Promise<void>,
  ): Promise<void>;
}

/** A list body read as its bytes arrive, handing on its items as they are complete (ListSplitter for JSON, ProtobufListReader). */
export interface ListBodyReader {
  push(chunk: Buffer): void;
  /** The body without its items (they went out as they came): its metadata. Throws if it was cut short. */
  end(): Record<string, unknown>;
}

/**
 * One list response read as it streams: `reader` hands its items on a few dozen kB at a time
 * while the server is still sending the rest, so no body-sized buffer, text or array of
 * objects is ever held (a page of 5,000 pods, or a poll of 10,000 pods' metrics, leaves young
 * garbage only). With `begin`, the body is read only once it resolves (a page asked for ahead
 * waits for the one before it). Fails when the server stays silent for `request.timeoutMs`
 * once reading has begun, or sends what cannot be read; resolves with the body without its
 * items (its metadata).
 */
export async function streamList(
  client: ListStreamClient,
  request: KubeRequest & { timeoutMs: number },
  reader: ListBodyReader,
  signal: AbortSignal,
  begin?: Promise<void>,
): Promise<Record<string, unknown>> {
  const end = new SilenceWatchdog(request.timeoutMs, () => new DeadlineExceeded(request.timeoutMs), !begin);
  // Thrown here rather than in the socket's handler: what the server sent could not be read.
  let failure: unknown;
  try {
    await client.stream(
      request,
      (chunk) => {
        end.heard();
        try {
          reader.push(chunk);
        } catch (error) {
          failure ??= error;
          end.abort(error);
        }
      },
      AbortSignal.any([signal, end.signal]),
      begin?.then(() => end.arm()),
    );
  } catch (error) {
    throw failure ?? error;
  } finally {
    end.stop();
  }
  // A client that had the whole body already may end without seeing the abort.
  if (failure) throw failure;
  return reader.end();
}
