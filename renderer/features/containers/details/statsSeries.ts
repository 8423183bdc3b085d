/**
 * Per-second rates from Docker's cumulative counters (network and block I/O) and the
 * current values, from the stats stream's samples (kept by `store/series.ts`).
 */
import type { StatsSample } from '../../../../shared/docker';
import type { Point } from '../../../store/series';

/**
 * The increase of a cumulative counter between two readings. A smaller reading means
 * the counter restarted (container restart, interface re-created): the increase is
 * then the new reading itself, as Prometheus' rate() treats resets.
 */
export function counterIncrease(previous: number, current: number): number {
  if (!Number.isFinite(previous) || !Number.isFinite(current)) return 0;
  return current >= previous ? current - previous : Math.max(0, current);
}

/** Per-second rate of a counter between two samples; null when time did not move forward. */
function rateBetween(a: StatsSample, b: StatsSample, counter: (s: StatsSample) => number): number | null {
  const seconds = (b.t - a.t) / 1000;
  if (!(seconds > 0)) return null;
  return counterIncrease(counter(a), counter(b)) / seconds;
}

/** A rate series (units per second, divided by `scale`), one point per sample after the first. */
export function rateSeries(samples: readonly StatsSample[], counter: (s: StatsSample) => number, scale = 1): Point[] {
  const out: Point[] = [];
  for (let i = 1; i < samples.length; i++) {
    const rate = rateBetween(samples[i - 1]!, samples[i]!, counter);
    if (rate !== null) out.push({ x: samples[i]!.t, y: rate / scale });
  }
  return out;
}

export interface CurrentStats {
  t: number;
  cpuPercent: number;
  memUsage: number;
  memLimit: number;
  memPercent: number;
  /** Bytes per second; null until two samples are in. */
  netRxRate: number | null;
  netTxRate: number | null;
  blkReadRate: number | null;
  blkWriteRate: number | null;
  pids: number;
}

/** The newest values, for the text readout. */
export function currentStats(samples: readonly StatsSample[]): CurrentStats | null {
  const last = samples[samples.length - 1];
  if (!last) return null;
  const prev = samples[samples.length - 2];
  const rate = (counter: (s: StatsSample) => number): number | null => (prev ? rateBetween(prev, last, counter) : null);
  return {
    t: last.t,
    cpuPercent: last.cpuPercent,
    memUsage: last.memUsage,
    memLimit: last.memLimit,
    memPercent: last.memPercent,
    netRxRate: rate((s) => s.netRx),
    netTxRate: rate((s) => s.netTx),
    blkReadRate: rate((s) => s.blkRead),
    blkWriteRate: rate((s) => s.blkWrite),
    pids: last.pids,
  };
}
