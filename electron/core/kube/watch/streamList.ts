import { DeadlineExceeded, SilenceWatchdog } from '../../net/deadline';
import type { KubeRequest } from '../connection/clusterClient';
import { ListSplitter } from './listSplitter';

/** What reading a list as it streams needs of a cluster client (the real one, or a test's). */
export interface ListStreamClient {
  stream(request: KubeRequest, onChunk: (chunk: Buffer) => void, signal: AbortSignal): Promise<void>;
}

/**
 * One list response read as it streams: its items are parsed and handed to `onItems` a few
 * dozen kB at a time while the server is still sending the rest, so no body-sized buffer,
 * text or array of objects is ever held (a page of 5,000 pods, or a poll of 10,000 pods'
 * metrics, leaves young garbage only). Fails when the server stays silent for `request.timeoutMs`
 * or sends what cannot be read; resolves with the body without its items (its metadata).
 */
export async function streamList(
  client: ListStreamClient,
  request: KubeRequest & { timeoutMs: number },
  parse: (text: string) => unknown,
  onItems: (items: unknown[]) => void,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const splitter = new ListSplitter(parse, onItems);
  const end = new SilenceWatchdog(request.timeoutMs, () => new DeadlineExceeded(request.timeoutMs));
  // Thrown here rather than in the socket's handler: what the server sent could not be read.
  let failure: unknown;
  try {
    await client.stream(
      request,
      (chunk) => {
        end.heard();
        try {
          splitter.push(chunk);
        } catch (error) {
          failure ??= error;
          end.abort(error);
        }
      },
      AbortSignal.any([signal, end.signal]),
    );
  } catch (error) {
    throw failure ?? error;
  } finally {
    end.stop();
  }
  return splitter.end();
}
