import { readdirSync, readFileSync } from 'node:fs';
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

/** The CPU a process has spent, in ms; undefined when there is no such process (or none given). */
export function cpuMsOf(pid: number | undefined): number | undefined {
  const usage = pid === undefined ? undefined : procUsage(pid);
  return usage && usage.cpuSeconds * 1000;
}

/** How often `cpuSampler` reads /proc: the kernel counts in 10 ms ticks. */
const SAMPLE_EVERY_MS = 20;

/**
 * The CPU of some processes, read every 20 ms until `stop()`, so that the CPU each spent
 * between two moments known only afterwards (a click and a mark the page set) can be told:
 * `between(from, to)` in ms of CPU per name, for epoch-ms times within the sampling.
 */
export function cpuSampler(pids: Record<string, number>): {
  stop(): void;
  between(from: number, to: number): Record<string, number>;
} {
  const samples: Array<{ at: number; cpu: Record<string, number> }> = [];
  const read = (): void => {
    const cpu: Record<string, number> = {};
    for (const [name, pid] of Object.entries(pids)) cpu[name] = cpuMsOf(pid) ?? NaN;
    samples.push({ at: Date.now(), cpu });
  };
  read();
  const timer = setInterval(read, SAMPLE_EVERY_MS);
  return {
    stop: () => {
      clearInterval(timer);
      read();
    },
    between: (from, to) => {
      // The last reading at or before `from`, the first at or after `to`: the window holds both.
      const start = samples.findLast((s) => s.at <= from) ?? samples[0]!;
      const end = samples.find((s) => s.at >= to) ?? samples.at(-1)!;
      return Object.fromEntries(Object.keys(pids).map((name) => [name, end.cpu[name]! - start.cpu[name]!]));
    },
  };
}

export const mb = (bytes: number): string => `${fmt(bytes / 1024 / 1024)} MB`;

/**
 * Page code (a string, not a function: tsx would wrap a function's inner helpers in its own
 * __name, which the page does not have): the element that scrolls the first grid, the grid
 * itself or its nearest ancestor with overflowing content; null when nothing scrolls.
 */
const GRID_SCROLLER = `let scroller = document.querySelector('[role="grid"]');
  while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;`;

/**
 * Scrolls the first grid's scroller 300 px per animation frame to the end; resolves with the
 * frame times (ms).
 */
export const SCROLL_THROUGH_GRID = `new Promise((resolve) => {
  ${GRID_SCROLLER}
  const el = scroller;
  if (!el) return resolve([]);
  const times = [];
  let last = performance.now();
  const step = () => {
    const now = performance.now();
    times.push(now - last);
    last = now;
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1 || times.length > 2000) return resolve(times.slice(1));
    el.scrollTop += 300;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`;

/**
 * The first grid's rows on screen, as the user sees them: how many are drawn within its
 * scroller's visible part (the window's, when nothing scrolls), and whether they reach its bottom.
 */
export const GRID_SCREEN = `(() => {
  const grid = document.querySelector('[role="grid"]');
  const body = grid && grid.querySelector('.vgrid-body');
  if (!body) return { rows: 0, reachesBottom: false };
  ${GRID_SCROLLER}
  const bottom = Math.min(scroller ? scroller.getBoundingClientRect().bottom : Infinity, window.innerHeight);
  let rows = 0;
  let lowest = body.getBoundingClientRect().top;
  for (const row of body.children) {
    const box = row.getBoundingClientRect();
    if (box.top >= bottom || box.height === 0) continue;
    rows += 1;
    lowest = Math.max(lowest, box.bottom);
  }
  return { rows, reachesBottom: rows > 0 && lowest >= bottom - 1 };
})()`;

/**
 * Every live process below `root` (children, their children, …) with its command line, from
 * /proc, arguments joined by spaces (Chromium rewrites its own as one space-separated string).
 */
export function processTree(root: number): Array<{ pid: number; command: string }> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // gone meanwhile
    }
  }
  const found: Array<{ pid: number; command: string }> = [];
  const queue = [...(children.get(root) ?? [])];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    try {
      found.push({ pid, command: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim() });
    } catch {
      continue; // gone meanwhile: its children were re-parented, not ours any more
    }
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** The shared dockerd's pid, from its pid file, to measure what it costs beside Berth. */
export function dockerdPid(): number | undefined {
  for (const file of ['/var/run/docker.pid', '/run/docker.pid']) {
    try {
      return Number(readFileSync(file, 'utf8').trim());
    } catch {
      // next
    }
  }
  return undefined;
}
