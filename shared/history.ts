/** History of engines, contexts, workloads and containers, kept in the main process (see electron/core/metrics/). */

/** CPU and memory at one time: CPU in % of one core for Docker, millicores for Kubernetes; memory in bytes. */
export interface UsagePoint {
  t: number;
  cpu: number;
  memory: number;
}

/** One of the biggest consumers of the window, with its own series; `link` opens it. */
export interface ConsumerSeries {
  id: string;
  name: string;
  /** Namespace of a pod, for its link. */
  namespace?: string;
  points: UsagePoint[];
}

/** Counts by state (containers or pods) per bucket, for a stacked chart: `values[i]` is for `keys[i]`. */
export interface StateSeries {
  keys: string[];
  points: Array<{ t: number; values: number[] }>;
}

/** How many restarts, OOM kills and warnings happened in each bucket. */
export interface IncidentPoint {
  t: number;
  restarts: number;
  oomKills: number;
  warnings: number;
}

/** Everything a dashboard of one engine or one context shows, for one window. */
export interface DashboardHistory {
  from: number;
  to: number;
  bucketMs: number;
  cpuUnit: '%' | 'millicores';
  usage: UsagePoint[];
  top: ConsumerSeries[];
  states: StateSeries;
  incidents: IncidentPoint[];
  /** How CPU and memory are recorded here, in words (rate, source), for the dashboard's caption. */
  sampling: string;
  /** Memory the histories of this engine or context hold now, in bytes. */
  bytes: number;
}

export type TimelineKind =
  'start' | 'exit' | 'restart' | 'oom' | 'unhealthy' | 'healthy' | 'rollout' | 'scale' | 'warning' | 'event';

/** One thing that happened to a container or workload. */
export interface TimelineEvent {
  id: string;
  t: number;
  kind: TimelineKind;
  /** Short, for the marker's label: "exited (code 3)". */
  title: string;
  /** The engine's or the cluster's words. */
  detail?: string;
  exitCode?: number;
  /**
   * For a restart, an exit or an OOM kill: the container instance that ended (Kubernetes: the
   * container whose `kubectl logs --previous` shows that run, and the pod it ran in, in the
   * timeline's namespace). A timeline point opens those logs.
   */
  previous?: { container: string; exitCode?: number; reason?: string; pod?: string };
  /** The Kubernetes Event this entry is (its own namespace and name): a timeline point opens it. */
  event?: { namespace?: string; name: string };
}

/** The timeline of one container or workload, beside its CPU and memory. */
export interface TimelineHistory {
  from: number;
  to: number;
  cpuUnit: '%' | 'millicores';
  usage: UsagePoint[];
  events: TimelineEvent[];
}
