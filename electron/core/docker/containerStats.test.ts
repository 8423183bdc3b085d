import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockIoTotals, cpuPercent, memoryUsage, toStatsSample, type DockerStatsJson } from './containerStats';

function fixture(name: string): DockerStatsJson {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as DockerStatsJson;
}

describe('container stats, cgroup v1 (this machine’s engine)', () => {
  const v1 = fixture('stats-cgroup-v1.json');

  it('reads CPU % like the docker CLI: cpu delta / system delta × CPUs × 100', () => {
    // (2896650932 − 1985449994) / (996040000000 − 994040000000) × 2 × 100
    expect(cpuPercent(v1.cpu_stats, v1.precpu_stats)).toBeCloseTo(91.12, 2);
  });

  it('counts percpu_usage when the engine does not report online_cpus', () => {
    const { online_cpus: _, ...cpu } = v1.cpu_stats!;
    expect(cpuPercent(cpu, v1.precpu_stats)).toBeCloseTo(91.12, 2);
  });

  it('reports memory without the page cache (usage − total_inactive_file)', () => {
    expect(memoryUsage(v1.memory_stats)).toBe(1839104 - 421888);
  });

  it('falls back to usage − cache on old v1 engines without inactive_file', () => {
    expect(memoryUsage({ usage: 1000, stats: { cache: 300 } })).toBe(700);
  });

  it('builds a whole sample: network summed over interfaces, block I/O by op', () => {
    expect(toStatsSample(v1, 1_000)).toEqual({
      t: 1_000,
      cpuPercent: 91.12,
      memUsage: 1417216,
      memLimit: 25276502016,
      memPercent: 0.01,
      netRx: 1736,
      netTx: 150,
      blkRead: 4096000,
      blkWrite: 8192,
      pids: 1,
    });
  });
});

describe('container stats, cgroup v2', () => {
  const v2 = fixture('stats-cgroup-v2.json');

  it('uses online_cpus (there is no percpu_usage on v2)', () => {
    // 500000000 / 8000000000 × 8 × 100
    expect(cpuPercent(v2.cpu_stats, v2.precpu_stats)).toBeCloseTo(50, 5);
  });

  it('reports memory as usage − inactive_file', () => {
    expect(memoryUsage(v2.memory_stats)).toBe(157286400 - 52428800);
  });

  it('reads lower-case block I/O ops across devices', () => {
    expect(blockIoTotals(v2.blkio_stats)).toEqual({ read: 11534336, write: 2097152 });
  });

  it('builds a whole sample', () => {
    expect(toStatsSample(v2, 5)).toMatchObject({ cpuPercent: 50, memUsage: 104857600, memPercent: 19.53, pids: 12 });
  });
});

describe('edge cases', () => {
  it('is 0 % when no CPU time passed (two identical readings, a paused container)', () => {
    const v1 = fixture('stats-cgroup-v1.json');
    expect(cpuPercent(v1.cpu_stats, v1.cpu_stats)).toBe(0);
  });

  it('has no sample for the first element of a stream, which lacks a previous CPU reading', () => {
    const v1 = fixture('stats-cgroup-v1.json');
    expect(toStatsSample({ ...v1, precpu_stats: {} })).toBeUndefined();
    expect(toStatsSample({ ...v1, precpu_stats: undefined })).toBeUndefined();
  });

  it('has no sample for a stopped container (Go zero time)', () => {
    expect(toStatsSample({ read: '0001-01-01T00:00:00Z' })).toBeUndefined();
  });

  it('keeps usage when the reclaimable figure is larger than usage', () => {
    expect(memoryUsage({ usage: 100, stats: { inactive_file: 500 } })).toBe(100);
  });
});
