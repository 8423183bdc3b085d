import type { StreamChunk } from '../../../shared/collection';
import type { BerthError } from '../../../shared/errors';
import { api } from '../../api/client';
import { isValidShellPath, SHELL_SUGGESTIONS } from './execSession';

/**
 * Where a terminal runs: a container on an engine, or a pod's container in a context. The
 * view is the same; only the methods that start, feed, size and close the session differ,
 * and what the shell chooser accepts.
 */
export interface TerminalSource {
  /** Changes when the terminal should start over (another container, pod or context). */
  key: string;
  /** What the status line says while starting and when a session is open. */
  noun: string;
  shells: {
    suggestions: readonly string[];
    placeholder: string;
    /** Why a typed shell cannot be used, or null. */
    invalid: (text: string) => string | null;
  };
  start(size: { cols: number; rows: number }, shell: string | undefined): Promise<{ sessionId: string; shell: string }>;
  input(sessionId: string, data: string): Promise<unknown>;
  resize(sessionId: string, cols: number, rows: number): Promise<unknown>;
  close(sessionId: string): Promise<unknown>;
  output(
    sessionId: string,
    onChunk: (chunk: StreamChunk<string>) => void,
    onError: (error: BerthError) => void,
  ): () => void;
}

/** A shell in a running container (Docker exec). */
export function containerTerminal(engineId: string, containerId: string): TerminalSource {
  return {
    key: `docker:${engineId}:${containerId}`,
    noun: 'container',
    shells: {
      suggestions: SHELL_SUGGESTIONS,
      placeholder: 'auto: /bin/bash, else /bin/sh',
      invalid: (text) =>
        text.trim() === '' || isValidShellPath(text.trim()) ? null : 'An absolute path, e.g. /bin/sh',
    },
    start: ({ cols, rows }, shell) =>
      api.invoke('docker.exec.start', { engineId, id: containerId, cols, rows, ...(shell ? { shell } : {}) }),
    input: (sessionId, data) => api.invoke('docker.exec.input', { sessionId, data }),
    resize: (sessionId, cols, rows) => api.invoke('docker.exec.resize', { sessionId, cols, rows }),
    close: (sessionId) => api.invoke('docker.exec.close', { sessionId }),
    output: (sessionId, onChunk, onError) => api.subscribe('docker.exec.output', { sessionId }, onChunk, onError),
  };
}

/** Shells offered for pods: the command runs as typed, split on spaces (`bash -l`). */
const POD_SHELLS = ['sh', 'bash', 'ash'] as const;

/** A command with a TTY in a pod's container (the API server's exec). */
export function podTerminal(context: string, namespace: string, pod: string, container: string): TerminalSource {
  return {
    key: `kube:${context}:${namespace}:${pod}:${container}`,
    noun: 'pod',
    shells: {
      suggestions: POD_SHELLS,
      placeholder: 'sh (or bash, ash, any command)',
      invalid: (text) => (text.length <= 4096 ? null : 'At most 4096 characters'),
    },
    start: ({ cols, rows }, shell) =>
      api.invoke('kube.exec.start', {
        context,
        namespace,
        pod,
        container,
        command: (shell ?? 'sh').split(/\s+/).filter(Boolean),
        cols,
        rows,
      }),
    input: (sessionId, data) => api.invoke('kube.exec.input', { sessionId, data }),
    resize: (sessionId, cols, rows) => api.invoke('kube.exec.resize', { sessionId, cols, rows }),
    close: (sessionId) => api.invoke('kube.exec.close', { sessionId }),
    output: (sessionId, onChunk, onError) => api.subscribe('kube.exec.output', { sessionId }, onChunk, onError),
  };
}
