import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';

/** Small helpers both benchmarks share: figures, and removing their containers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** Removes every container with the label `key=value`, 20 at a time. */
export async function removeContainersLabelled(docker: Docker, label: string): Promise<void> {
  const list = await docker.listContainers({ all: true, filters: { label: [label] } });
  for (let i = 0; i < list.length; i += 20) {
    await Promise.all(
      list.slice(i, i + 20).map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  }
}

const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat counts in these ticks
const PAGE = 4096;

/** utime+stime (s) and RSS (bytes) of a process, from /proc: the same outside view for Berth and its peers. */
export function procUsage(pid: number): { cpuSeconds: number; rss: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime = field 14, stime = 15, rss = 24.
    return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLK_TCK, rss: Number(fields[21]) * PAGE };
  } catch {
    return undefined;
  }
}

export const mb = (bytes: number): string => `${fmt(bytes / 1024 / 1024)} MB`;
