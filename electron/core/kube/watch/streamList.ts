import { DeadlineExceeded, SilenceWatchdog } from '../../net/deadline';
import type { KubeRequest } from '../connection/clusterClient';
import { ListSplitter } from './listSplitter';

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

export interface StreamListOptions {
  /** The body before its items (a list's metadata, with its continue token), as soon as it is in. */
  onHead?: (head: Record<string, unknown>) => void;
  /** Read only once this resolves: a page asked for ahead waits for the one before it. */
  begin?: Promise<void>;
}

/**
 * One list response read as it streams: its items are parsed and handed to `onItems` a few
 * dozen kB at a time while the server is still sending the rest, so no body-sized buffer,
 * text or array of objects is ever held (a page of 5,000 pods, or a poll of 10,000 pods'
 * metrics, leaves young garbage only). Fails when the server stays silent for `request.timeoutMs`
 * once reading has begun, or sends what cannot be read; resolves with the body without its
 * items (its metadata).
 */
export async function streamList(
  client: ListStreamClient,
  request: KubeRequest & { timeoutMs: number },
  parse: (text: string) => unknown,
  onItems: (items: unknown[]) => void,
  signal: AbortSignal,
  options: StreamListOptions = {},
): Promise<Record<string, unknown>> {
  const splitter = new ListSplitter(parse, onItems, { onHead: options.onHead });
  const { begin } = options;
  const end = new SilenceWatchdog(request.timeoutMs, () => new DeadlineExceeded(request.timeoutMs), !begin);
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
      begin?.then(() => end.arm()),
    );
  } catch (error) {
    throw failure ?? error;
  } finally {
    end.stop();
  }
  return splitter.end();
}
