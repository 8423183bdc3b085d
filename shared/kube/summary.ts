import type { KubeEventRow, KubeUsagePoint } from './types';

/** Points in a table row's sparkline (five minutes at metrics-server's 15 s): the backend sends that many, the page keeps that many. */
export const SPARK_POINTS = 20;

/** One sample of a node or pod: CPU in millicores, memory in bytes, `t` epoch ms of the scrape. */
export interface KubeUsageSample extends KubeUsagePoint {
  /** `name` for nodes, `namespace/name` for pods. */
  id: string;
}

/** Latest usage of one node or pod, for table columns, with its sparkline. */
export interface KubeMetricsRow extends KubeUsageSample {
  /** CPU (millicores) of the last samples (at most SPARK_POINTS), oldest first; the newest is `cpu`. */
  spark: number[];
}

/**
 * `kube.metrics.latest`: whole rows once, then after each poll only what is new. At 10,000
 * pods a delta of whole rows was 2 MB every 15 s for 20 sparkline points of which one was new.
 * `seq` increases by one per message; a gap means the page resubscribes for a snapshot.
 */
export type KubeMetricsEvent =
  | { type: 'snapshot'; seq: number; rows: KubeMetricsRow[] }
  | {
      type: 'delta';
      seq: number;
      /** Rows the page does not hold yet (a new pod, or one listed again), whole. */
      rows: KubeMetricsRow[];
      /** The new sample of rows the page holds: it becomes the row's usage and the last point of its sparkline. */
      samples: KubeUsageSample[];
      deletes: string[];
    };

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
