import type Docker from 'dockerode';
import type { StreamChunk } from '../../../shared/collection';
import type { LogLine } from '../../../shared/logs';
import { withDeadline } from '../net/deadline';
import { httpStatus } from './dockerErrors';
import { ENGINE_CALL_TIMEOUT_MS } from './engineConnection';
import { LogDecoder } from './logDemux';
import { LOG_BATCH } from '../streams/logBatch';
import { StreamBatcher } from '../streams/streamBatcher';

export interface LogsRequest {
  id: string;
  tail: number;
  /** Epoch ms. */
  since?: number;
  timestamps: boolean;
  follow: boolean;
}

/**
 * Streams a container's logs as LogLine chunks. The container's TTY setting decides the
 * format: a TTY container's log is plain bytes, any other is multiplexed stdout/stderr.
 * The last chunk's `end.reason` says why it ended (stopped, removed, end of log).
 * `inspect` must already have been done by the caller (to fail fast on a bad id).
 */
export async function streamContainerLogs(
  client: Docker,
  request: LogsRequest,
  tty: boolean,
  emit: (chunk: StreamChunk<LogLine>) => void,
): Promise<() => void> {
  const container = client.getContainer(request.id);
  const abort = new AbortController();
  const batcher = new StreamBatcher<LogLine>(emit, LOG_BATCH);
  const decoder = new LogDecoder({ tty, timestamps: request.timestamps });
  const options = {
    follow: request.follow,
    stdout: true,
    stderr: true,
    timestamps: request.timestamps,
    tail: request.tail,
    // The engine takes seconds, with a fraction.
    ...(request.since !== undefined ? { since: request.since / 1000 } : {}),
    abortSignal: abort.signal,
  };

  const finish = async (fallback: string): Promise<void> => {
    if (batcher.isEnded || abort.signal.aborted) return;
    batcher.push(decoder.end());
    batcher.end(request.follow ? await whyLogEnded(container, fallback) : 'end of log');
  };

  // dockerode answers a Buffer without follow and a stream with it; one call covers both.
  const logs = container.logs.bind(container) as unknown as (
    o: typeof options,
  ) => Promise<NodeJS.ReadableStream | Buffer>;
  // The deadline bounds the wait for the engine's answer; the stream then lives until closed.
  const result = await withDeadline(ENGINE_CALL_TIMEOUT_MS, (signal) =>
    logs({ ...options, abortSignal: AbortSignal.any([signal, abort.signal]) }),
  );
  if (Buffer.isBuffer(result)) {
    batcher.push(decoder.push(result));
    await finish('end of log');
    return () => batcher.close();
  }
  result.on('data', (chunk: Buffer) => batcher.push(decoder.push(chunk)));
  result.on('end', () => void finish('log stream ended'));
  result.on('error', (error: Error) => void finish(`log stream failed: ${error.message}`));
  return () => {
    abort.abort();
    batcher.close();
  };
}

/** A followed log ends when the container stops or is removed (or the engine went away). */
async function whyLogEnded(container: Docker.Container, fallback: string): Promise<string> {
  try {
    const info = await withDeadline(ENGINE_CALL_TIMEOUT_MS, (abortSignal) => container.inspect({ abortSignal }));
    if (!info.State.Running) return `container stopped (exit code ${info.State.ExitCode})`;
    return fallback;
  } catch (error) {
    return httpStatus(error) === 404 ? 'container removed' : `${fallback} (engine unreachable)`;
  }
}
