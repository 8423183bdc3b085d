/**
 * Subscribes to a log source while mounted and feeds a bounded LogBuffer.
 * Renders are coalesced to one per animation frame, however fast chunks arrive.
 */
import { useEffect, useState } from 'react';
import type { StreamChunk } from '../../../shared/collection';
import type { BerthError } from '../../../shared/errors';
import type { LogLine } from '../../../shared/logs';
import { api } from '../../api/client';
import { LogBuffer } from './logBuffer';
import { logSourceKey, sinceSecondsOf, type LogSource, type LogWindow } from './logSource';

export interface LogStreamParams extends LogWindow {
  source: LogSource;
  /** Bump to subscribe again (after the stream ended, or on "Reconnect"). */
  attempt: number;
}

export interface LogStream {
  buffer: LogBuffer;
  /** Changes whenever the buffer did. */
  version: number;
  error: BerthError | null;
  /** True until the first chunk arrives. */
  loading: boolean;
}

function kubeWindow(window: LogWindow): { tailLines: number; sinceSeconds?: number } {
  const sinceSeconds = sinceSecondsOf(window.sinceMs);
  return { tailLines: window.tail, ...(sinceSeconds !== undefined ? { sinceSeconds } : {}) };
}

function subscribe(
  source: LogSource,
  window: LogWindow,
  onChunk: (chunk: StreamChunk<LogLine>) => void,
  onError: (error: BerthError) => void,
): () => void {
  switch (source.topic) {
    case 'docker.container.logs': {
      const since = window.sinceMs === null ? undefined : Math.max(0, Math.floor(Date.now() - window.sinceMs));
      const params = {
        ...source.params,
        tail: window.tail,
        timestamps: true,
        follow: true,
        ...(since !== undefined ? { since } : {}),
      };
      return api.subscribe(source.topic, params, onChunk, onError);
    }
    case 'kube.pod.logs':
      return api.subscribe(source.topic, { ...source.params, ...kubeWindow(window) }, onChunk, onError);
    case 'kube.workload.logs':
      return api.subscribe(source.topic, { ...source.params, ...kubeWindow(window) }, onChunk, onError);
  }
}

export function useLogStream(params: LogStreamParams): LogStream {
  const [buffer] = useState(() => new LogBuffer());
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<BerthError | null>(null);
  const [loading, setLoading] = useState(true);
  const { source, tail, sinceMs, attempt } = params;
  const key = logSourceKey(source);

  useEffect(() => {
    buffer.reset();
    setError(null);
    setLoading(true);
    setVersion(buffer.version);
    let frame = 0;
    const flush = (): void => {
      frame = 0;
      setVersion(buffer.version);
    };
    const stop = subscribe(
      source,
      { tail, sinceMs },
      (chunk) => {
        buffer.applyChunk(chunk);
        setLoading(false);
        if (!frame) frame = requestAnimationFrame(flush);
      },
      (err) => {
        setLoading(false);
        setError(err);
      },
    );
    return () => {
      stop();
      if (frame) cancelAnimationFrame(frame);
    };
    // `key` stands for `source`: a parent's new object with the same topic and params is the same source.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [buffer, key, tail, sinceMs, attempt]);

  return { buffer, version, error, loading };
}
