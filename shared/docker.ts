/** Docker domain types: rows are the fields the UI needs; full objects are a method call away. */
import type { SeriesEvent } from './collection';

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface PortMapping {
  ip?: string;
  privatePort: number;
  publicPort?: number;
  type: string;
}

export interface ContainerRow {
  /** Full container id (unique within an engine). */
  id: string;
  engineId: string;
  name: string;
  image: string;
  command: string;
  state: ContainerState;
  /** Docker's human status, e.g. "Up 3 minutes (healthy)". */
  status: string;
  exitCode?: number;
  health?: 'starting' | 'healthy' | 'unhealthy';
  ports: PortMapping[];
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms of the last start, when known. */
  startedAt?: number;
  composeProject?: string;
  composeService?: string;
  labels: Record<string, string>;
}

export type ContainerAction = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'kill';

/** One stats sample, computed as the docker CLI computes it. */
export interface StatsSample {
  /** Epoch ms. */
  t: number;
  cpuPercent: number;
  /** Bytes, without page cache. */
  memUsage: number;
  memLimit: number;
  memPercent: number;
  netRx: number;
  netTx: number;
  blkRead: number;
  blkWrite: number;
  pids: number;
}

export type StatsEvent = SeriesEvent<StatsSample>;

/** One second of an engine's usage: the sum over its running (and paused) containers. */
export interface EngineUsagePoint {
  /** Epoch ms: the start of the second. */
  t: number;
  /** Sum of the containers' CPU %, as docker stats counts it (one busy core = 100 %). */
  cpuPercent: number;
  /** Bytes in use without page cache, summed. */
  memUsage: number;
  /** How many containers were counted. */
  containers: number;
}

export type EngineUsageEvent = SeriesEvent<EngineUsagePoint>;

export interface ImageRow {
  id: string;
  engineId: string;
  repoTags: string[];
  size: number;
  createdAt: number;
  /** How many containers (running or not) use this image. */
  containers: number;
  /** Names of those containers. */
  usedBy: string[];
  /** Untagged and unused by any tag: what `docker image prune` removes. */
  dangling: boolean;
}

export interface VolumeRow {
  id: string;
  engineId: string;
  name: string;
  driver: string;
  mountpoint: string;
  createdAt?: number;
  usedBy: string[];
}

export interface NetworkRow {
  id: string;
  engineId: string;
  name: string;
  driver: string;
  scope: string;
  subnets: string[];
  /** Names of attached containers. */
  containers: string[];
  /** bridge/host/none and other networks Docker manages itself (cannot be removed). */
  builtIn: boolean;
}

export interface EngineEventRow {
  id: string;
  engineId: string;
  /** Epoch ms. */
  t: number;
  type: string;
  action: string;
  actorId: string;
  actorName?: string;
  /** Selected attributes of the actor (image, exit code, signal…): data, shown as text. */
  attributes?: Record<string, string>;
}

/** Environment variable in the details panel; `secretLike` values are masked until revealed. */
export interface EnvVar {
  name: string;
  value: string;
  secretLike: boolean;
}

/** A readable view of `docker inspect`, for the details panel. The raw object is `docker.container.inspect`. */
export interface ContainerDetails {
  id: string;
  engineId: string;
  name: string;
  image: string;
  imageId: string;
  /** Epoch ms. */
  createdAt?: number;
  state: {
    status: string;
    running: boolean;
    paused: boolean;
    restarting: boolean;
    oomKilled: boolean;
    exitCode: number;
    error: string;
    pid: number;
    startedAt?: number;
    finishedAt?: number;
  };
  /** Entrypoint + cmd as the process runs it. */
  command: string[];
  entrypoint: string[];
  cmd: string[];
  workingDir: string;
  user: string;
  hostname: string;
  tty: boolean;
  env: EnvVar[];
  mounts: Array<{ type: string; name?: string; source: string; destination: string; mode: string; readOnly: boolean }>;
  ports: Array<{ containerPort: number; protocol: string; hostIp?: string; hostPort?: number }>;
  networks: Array<{ name: string; ipAddress: string; gateway: string; macAddress: string; aliases: string[] }>;
  labels: Record<string, string>;
  restartPolicy: { name: string; maximumRetryCount: number };
  health?: {
    status: string;
    failingStreak: number;
    log: Array<{ start?: number; end?: number; exitCode: number; output: string }>;
  };
  resources: {
    /** Bytes; 0 = unlimited. */
    memory: number;
    memoryReservation: number;
    /** CPUs (NanoCpus / 1e9); 0 = unlimited. */
    cpus: number;
    cpuShares: number;
    cpuQuota: number;
    cpuPeriod: number;
    cpusetCpus: string;
    pidsLimit: number;
  };
}

/** One row of `docker.stats.summary`: list columns and a CPU sparkline. */
export interface StatsSummaryRow {
  /** Container id. */
  id: string;
  cpuPercent: number;
  memUsage: number;
  memLimit: number;
  /** Last ~60 CPU % points, oldest first, one per second. */
  spark: number[];
}

/**
 * What went wrong with a container, derived from the engine's events: it exited with a
 * non-zero code, was killed by a signal, ran out of memory, or its health check failed.
 */
export type EngineWarningKind = 'exited' | 'killed' | 'oom' | 'unhealthy';

/** One of an engine's latest warnings (`docker.engine.warnings`). Repeats of the same problem share a row. */
export interface EngineWarningRow {
  /** Container id, kind and exit code: the same problem again updates the row. */
  id: string;
  engineId: string;
  /** Epoch ms of the latest occurrence. */
  t: number;
  kind: EngineWarningKind;
  containerId: string;
  /** Data from the engine: shown as text, never markup. */
  containerName: string;
  exitCode?: number;
  /** The signal that killed it, as the engine reports it ("9", "15", "SIGKILL"). */
  signal?: string;
  /** Occurrences since Berth connected to the engine. */
  count: number;
  /** The container has since been removed. */
  removed?: boolean;
}

export type PruneKind = 'containers' | 'images' | 'volumes' | 'networks';

export interface PruneItem {
  id: string;
  name: string;
  /** Bytes freed, when the engine knows. */
  size?: number;
}

export interface PrunePreview {
  kind: PruneKind;
  items: PruneItem[];
  totalSize: number;
}

/** What confirming a preview did: each previewed item deleted, or skipped with the reason. */
export interface PruneResult {
  kind: PruneKind;
  /** Ids of the previewed items that were deleted. */
  deleted: string[];
  /** Previewed items left alone: in use now (e.g. a container started since), already gone… */
  skipped: Array<{ id: string; reason: string }>;
}

export interface ExecStarted {
  sessionId: string;
  /** The shell that runs, e.g. /bin/bash or /bin/sh. */
  shell: string;
}
