/**
 * Subscribes to `docker.container.logs` while mounted and feeds a bounded LogBuffer.
 * Renders are coalesced to one per animation frame, however fast chunks arrive.
 */
import { useEffect, useState } from 'react';
import type { BerthError } from '../../../../shared/errors';
import { api } from '../../../api/client';
import { LogBuffer } from './logBuffer';

export interface LogStreamParams {
  engineId: string;
  containerId: string;
  tail: number;
  /** Show lines from this long ago; null for all. */
  sinceMs: number | null;
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

export function useLogStream(params: LogStreamParams): LogStream {
  const [buffer] = useState(() => new LogBuffer());
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<BerthError | null>(null);
  const [loading, setLoading] = useState(true);
  const { engineId, containerId, tail, sinceMs, attempt } = params;

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
    const since = sinceMs === null ? undefined : Math.max(0, Math.floor(Date.now() - sinceMs));
    const stop = api.subscribe(
      'docker.container.logs',
      { engineId, id: containerId, tail, timestamps: true, follow: true, ...(since !== undefined ? { since } : {}) },
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
  }, [buffer, engineId, containerId, tail, sinceMs, attempt]);

  return { buffer, version, error, loading };
}
