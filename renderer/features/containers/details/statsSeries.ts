/**
 * Turns the stats stream's samples into chart series: a bounded, time-ordered history,
 * and per-second rates from Docker's cumulative counters (network and block I/O).
 */
import type { StatsSample } from '../../../../shared/docker';

export interface Point {
  x: number;
  y: number;
}

/** The backend keeps 15 minutes at 1 s; keep a little more so the window edge is filled. */
export const HISTORY_MS = 16 * 60_000;

/**
 * Merges new samples into the history: sorted by time, one sample per timestamp (the
 * newer wins), nothing older than `maxAgeMs` before the newest.
 */
export function mergeSamples(
  history: readonly StatsSample[],
  incoming: readonly StatsSample[],
  maxAgeMs = HISTORY_MS,
): StatsSample[] {
  if (!incoming.length) return history as StatsSample[];
  let merged: StatsSample[];
  const last = history[history.length - 1];
  const inOrder = incoming.every((s, i) => (i === 0 ? !last || s.t > last.t : s.t > incoming[i - 1]!.t));
  if (inOrder) {
    merged = history.concat(incoming);
  } else {
    const byTime = new Map<number, StatsSample>();
    for (const s of history) byTime.set(s.t, s);
    for (const s of incoming) byTime.set(s.t, s);
    merged = [...byTime.values()].sort((a, b) => a.t - b.t);
  }
  const newest = merged[merged.length - 1]!.t;
  const first = merged.findIndex((s) => s.t >= newest - maxAgeMs);
  return first > 0 ? merged.slice(first) : merged;
}

/** The samples within `windowMs` of the newest one. */
export function samplesInWindow(samples: readonly StatsSample[], windowMs: number): StatsSample[] {
  const last = samples[samples.length - 1];
  if (!last) return [];
  const from = last.t - windowMs;
  let i = samples.length - 1;
  while (i > 0 && samples[i - 1]!.t >= from) i--;
  return samples.slice(i);
}

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
export function rateBetween(a: StatsSample, b: StatsSample, counter: (s: StatsSample) => number): number | null {
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

/** A gauge series (CPU %, memory, PIDs), divided by `scale`. */
export function gaugeSeries(samples: readonly StatsSample[], value: (s: StatsSample) => number, scale = 1): Point[] {
  return samples.map((s) => ({ x: s.t, y: value(s) / scale }));
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
