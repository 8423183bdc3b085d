import type { StatsSample } from '../../../shared/docker';
import { parseRfc3339Nano } from '../streams/timestamps';

/** The parts of Docker's stats JSON we use (cgroup v1 and v2 share this shape, with different `memory_stats.stats` keys). */
export interface DockerCpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
  system_cpu_usage?: number;
  online_cpus?: number;
}

export interface DockerStatsJson {
  read?: string;
  pids_stats?: { current?: number };
  cpu_stats?: DockerCpuStats;
  precpu_stats?: DockerCpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op?: string; value?: number }> | null };
}

/**
 * CPU % exactly as `docker stats` computes it: the container's CPU time delta over the
 * host's CPU time delta, times the number of CPUs, so one busy core reads ~100 %.
 * cgroup v1 engines may not report online_cpus: the CLI then counts percpu_usage;
 * cgroup v2 has no percpu_usage, but always reports online_cpus.
 */
export function cpuPercent(current: DockerCpuStats | undefined, previous: DockerCpuStats | undefined): number {
  const cpuDelta = (current?.cpu_usage?.total_usage ?? 0) - (previous?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (current?.system_cpu_usage ?? 0) - (previous?.system_cpu_usage ?? 0);
  const cpus = current?.online_cpus || current?.cpu_usage?.percpu_usage?.length || 0;
  if (cpuDelta <= 0 || systemDelta <= 0 || cpus === 0) return 0;
  return (cpuDelta / systemDelta) * cpus * 100;
}

/**
 * Memory in use without the page cache, as the CLI shows it: cgroup v1 subtracts
 * total_inactive_file (older engines: cache), cgroup v2 subtracts inactive_file.
 */
export function memoryUsage(memory: DockerStatsJson['memory_stats']): number {
  const usage = memory?.usage ?? 0;
  const stats = memory?.stats ?? {};
  const reclaimable = stats.total_inactive_file ?? stats.inactive_file ?? stats.cache;
  if (reclaimable !== undefined && reclaimable < usage) return usage - reclaimable;
  return usage;
}

export function networkTotals(networks: DockerStatsJson['networks']): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const net of Object.values(networks ?? {})) {
    rx += net.rx_bytes ?? 0;
    tx += net.tx_bytes ?? 0;
  }
  return { rx, tx };
}

/** Block I/O bytes; engines spell the op "Read" (v1) or "read" (v2). */
export function blockIoTotals(blkio: DockerStatsJson['blkio_stats']): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const entry of blkio?.io_service_bytes_recursive ?? []) {
    const op = entry.op?.toLowerCase();
    if (op === 'read') read += entry.value ?? 0;
    else if (op === 'write') write += entry.value ?? 0;
  }
  return { read, write };
}

/**
 * One StatsSample from one element of the engine's stats stream (which carries the
 * previous CPU reading in precpu_stats). Undefined when the engine has no data (a
 * stopped container reports Go's zero time) or no previous CPU reading yet.
 */
export function toStatsSample(json: DockerStatsJson, now = Date.now()): StatsSample | undefined {
  if (json.read === undefined) return undefined;
  // The first element of a (re)opened stream has no previous CPU reading: its CPU % would
  // read 0 (or a lifetime average), a false dip in the chart. The next element has one.
  if (!json.precpu_stats?.system_cpu_usage) return undefined;
  const t = parseRfc3339Nano(json.read);
  if (t === undefined) return undefined;
  const memUsage = memoryUsage(json.memory_stats);
  const memLimit = json.memory_stats?.limit ?? 0;
  const net = networkTotals(json.networks);
  const blk = blockIoTotals(json.blkio_stats);
  return {
    // The engine's clock may differ from ours; series need our clock to line up across engines.
    t: Number.isFinite(now) ? Math.round(now) : Math.round(t),
    cpuPercent: round2(cpuPercent(json.cpu_stats, json.precpu_stats)),
    memUsage,
    memLimit,
    memPercent: memLimit > 0 ? round2((memUsage / memLimit) * 100) : 0,
    netRx: net.rx,
    netTx: net.tx,
    blkRead: blk.read,
    blkWrite: blk.write,
    pids: json.pids_stats?.current ?? 0,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
