import { createHook } from 'node:async_hooks';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** What a process holds open: counted from /proc (fds, children) and async_hooks (timers). */
export interface ResourceCounts {
  /** Open file descriptors of every kind. */
  fds: number;
  /** Of which sockets (engine connections, listeners…). */
  sockets: number;
  /** Timers (setTimeout/setInterval) not yet fired or cleared, unref'd ones included. */
  timers: number;
  /** Live child processes. */
  children: number;
}

/**
 * Counts this process's resources, to show a piece of work leaves none behind. Timers are
 * tracked from `start()` on (async_hooks sees them created and destroyed), so call it before
 * the work whose timers are to be counted.
 */
export class ResourceProbe {
  private readonly timers = new Set<number>();
  private readonly hook = createHook({
    init: (id, type) => {
      if (type === 'Timeout') this.timers.add(id);
    },
    destroy: (id) => {
      this.timers.delete(id);
    },
  });

  start(): this {
    this.hook.enable();
    return this;
  }

  stop(): void {
    this.hook.disable();
  }

  counts(pid = process.pid): ResourceCounts {
    let fds = 0;
    let sockets = 0;
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue; // closed meanwhile (the readdir's own fd, say)
      }
      fds += 1;
      if (target.startsWith('socket:')) sockets += 1;
    }
    return { fds, sockets, timers: this.timers.size, children: childrenOf(pid).length };
  }
}

/** Pids whose parent is `pid` (from /proc/<pid>/stat). */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may contain spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return children;
}
