/**
 * What a log panel shows: a log topic, its parameters and a label (for the download's file
 * name). The panel adds the time window (lines from the end, since when) in each topic's terms.
 */
import type { TopicParams } from '../../../shared/contract';

export type LogSource =
  | { topic: 'docker.container.logs'; params: { engineId: string; id: string }; label: string }
  | {
      topic: 'kube.pod.logs';
      params: Omit<TopicParams<'kube.pod.logs'>, 'tailLines' | 'sinceSeconds'>;
      label: string;
    }
  | {
      topic: 'kube.workload.logs';
      params: Omit<TopicParams<'kube.workload.logs'>, 'tailLines' | 'sinceSeconds'>;
      label: string;
    };

export interface LogWindow {
  /** Lines from the end. */
  tail: number;
  /** Show lines from this long ago; null for all. */
  sinceMs: number | null;
}

/** Stable identity of a source: a new one means a new subscription. */
export function logSourceKey(source: LogSource): string {
  return JSON.stringify([source.topic, source.params]);
}

/** Whether a source tells stdout from stderr (the Kubernetes API merges them). */
export function hasStreams(source: LogSource): boolean {
  return source.topic === 'docker.container.logs';
}

/** The engine takes `since` as an instant; the API server takes seconds ago (at least 1). */
export function sinceSecondsOf(sinceMs: number | null): number | undefined {
  return sinceMs === null ? undefined : Math.max(1, Math.round(sinceMs / 1000));
}
