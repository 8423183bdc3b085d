import type { KubeEventRow } from './types';

/** Latest usage of one node (`name`) or pod (`namespace/name`), for table columns. */
export interface KubeMetricsRow {
  /** `name` for nodes, `namespace/name` for pods. */
  id: string;
  /** Millicores. */
  cpu: number;
  /** Bytes. */
  memory: number;
  /** Epoch ms of the sample. */
  t: number;
  /** CPU (millicores) of the last samples, oldest first. */
  spark: number[];
}

/** Whether metrics.k8s.io answers in a context: said once, the rest shows either way. */
export interface MetricsAvailability {
  state: 'ok' | 'missing' | 'forbidden' | 'error' | 'waiting';
  message?: string;
}

/** The Overview card of one context. */
export interface KubeContextSummary {
  context: string;
  nodes: { ready: number; total: number };
  pods: { running: number; pending: number; succeeded: number; failed: number; crashLooping: number; total: number };
  /** Latest warning events, newest first. */
  warnings: KubeEventRow[];
  metrics: MetricsAvailability;
}
