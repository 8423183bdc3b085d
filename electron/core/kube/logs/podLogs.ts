import type { StreamChunk } from '../../../../shared/collection';
import type { BerthError } from '../../../../shared/errors';
import type { Pod } from '../../../../shared/kube/kinds/podStatus';
import type { LogLine } from '../../../../shared/logs';
import { toBerthError } from '../../errors';
import { LOG_BATCH } from '../../streams/logBatch';
import { StreamBatcher } from '../../streams/streamBatcher';
import type { ClusterRuntime } from '../clusterRuntime';
import {
  logFailure,
  logProblem,
  podPath,
  readContainerLog,
  whyLogEnded,
  type ContainerLogTarget,
} from './containerLog';

export interface LogSink {
  emit(chunk: StreamChunk<LogLine>): void;
  fail(error: BerthError): void;
}

/**
 * Streams one container's log. Fails at once, in words, when the log cannot be read (no
 * such container, not started yet, no previous container, not allowed, pod gone); once
 * streaming, the last chunk says why it ended (container exited, pod deleted). The pods
 * watch tells when the pod is deleted, since a log request may outlive its pod.
 */
export async function followPodLog(
  runtime: ClusterRuntime,
  target: ContainerLogTarget,
  sink: LogSink,
): Promise<() => void> {
  // Taken before any await, so that a burst of requests cannot pass the cap together.
  const stream = runtime.streams.reserve('logs', target.pod);
  const batcher = new StreamBatcher<LogLine>((chunk) => sink.emit(chunk), LOG_BATCH);
  const cleanups: Array<() => void> = [];
  const cleanup = (): void => {
    for (const fn of cleanups.splice(0)) fn();
  };
  stream.signal.addEventListener('abort', cleanup, { once: true });
  const failure = (error: unknown): BerthError =>
    toBerthError(
      logFailure(error, target, runtime.name) ??
        runtime.failure(error, `the logs of pod “${target.namespace}/${target.pod}”`),
    );

  let pod: Pod;
  try {
    pod = await runtime.client.json<Pod>({ path: podPath(target.namespace, target.pod), signal: stream.signal });
    const problem = logProblem(pod, target);
    if (problem) throw problem;
    const { cache, release } = await runtime.acquire('pods');
    cleanups.push(release);
    if (stream.signal.aborted) throw stream.signal.reason;
    const uid = pod.metadata.uid;
    cleanups.push(
      cache.rows.subscribe(
        (event) => {
          if (event.type === 'delta' && uid !== undefined && event.deletes.includes(uid)) finish('pod deleted');
        },
        (row) => row.id === uid,
      ),
    );
  } catch (error) {
    stream.close('failed');
    batcher.close();
    cleanup();
    throw failure(error);
  }

  let received = false;
  function finish(reason: string): void {
    if (batcher.isEnded) return;
    batcher.end(reason);
    stream.close(reason);
  }
  readContainerLog(runtime.client, target, stream.signal, (lines) => {
    received = true;
    batcher.push(lines);
  }).then(
    async () => {
      if (stream.signal.aborted) return;
      finish(
        target.previous
          ? 'end of the previous container’s log'
          : await whyLogEnded(runtime.client, target, pod.metadata.uid, stream.signal),
      );
    },
    (error: unknown) => {
      if (stream.signal.aborted) return;
      // Refused before a line arrived: the subscription fails with the reason; later, the stream ends with it.
      if (!received) {
        stream.close('failed');
        batcher.close();
        sink.fail(failure(error));
      } else finish(`the log stream broke: ${failure(error).message}`);
    },
  );

  return () => {
    batcher.close();
    stream.close('unsubscribed');
  };
}
