import { type FSWatcher, readFileSync, statSync, unwatchFile, watch, watchFile } from 'node:fs';
import { basename, dirname } from 'node:path';

/** Editors and kubectl write a file in several steps; one reload after the last one. */
const DEBOUNCE_MS = 200;
/** When the system has no watch left (inotify limit), the files are polled instead. */
const POLL_INTERVAL_MS = 2_000;

export interface KubeconfigWatcher {
  close(): void;
}

/**
 * Calls `onChange` when the content of any of `paths` changes, including a file created,
 * deleted or replaced by a rename (how editors and kubectl save). Watches each file and
 * its directory, or, while the directory does not exist, the closest ancestor that does.
 * Events that leave every file's bytes as they were (a `touch`, a rewrite with the same
 * content, another file in ~/.kube) call nothing.
 */
export function watchKubeconfig(
  paths: string[],
  onChange: () => void,
  options: { debounceMs?: number } = {},
): KubeconfigWatcher {
  const debounceMs = options.debounceMs ?? DEBOUNCE_MS;
  let watchers: FSWatcher[] = [];
  const polled = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let snapshot = read(paths);

  const schedule = (): void => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  };

  const fire = (): void => {
    if (closed) return;
    // Re-arm first: a replaced file is a new inode, a created directory can now be watched.
    arm();
    const next = read(paths);
    if (sameSnapshot(snapshot, next)) return;
    snapshot = next;
    try {
      onChange();
    } catch {
      // The reload reports its own problems; the watch goes on.
    }
  };

  const poll = (path: string): void => {
    if (polled.has(path)) return;
    polled.add(path);
    watchFile(path, { interval: POLL_INTERVAL_MS, persistent: false }, schedule);
  };

  const watchOne = (target: string, filter?: Set<string>): void => {
    try {
      const watcher = watch(target, { persistent: false }, (_event, filename) => {
        if (!filter || filename === null || filter.has(filename.toString())) schedule();
      });
      watcher.on('error', schedule);
      watchers.push(watcher);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') for (const path of paths) poll(path);
    }
  };

  const arm = (): void => {
    for (const w of watchers) w.close();
    watchers = [];
    // Directory → the names in it that lead to a kubeconfig file.
    const directories = new Map<string, Set<string>>();
    for (const path of paths) {
      if (isFile(path)) watchOne(path);
      let child = path;
      let dir = dirname(path);
      while (!isDirectory(dir) && dirname(dir) !== dir) {
        child = dir;
        dir = dirname(dir);
      }
      const names = directories.get(dir) ?? new Set<string>();
      names.add(basename(child));
      directories.set(dir, names);
    }
    for (const [dir, names] of directories) watchOne(dir, names);
  };

  arm();
  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers) w.close();
      watchers = [];
      for (const path of polled) unwatchFile(path, schedule);
      polled.clear();
    },
  };
}

type Snapshot = Array<string | null>;

function read(paths: string[]): Snapshot {
  return paths.map((path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      // A file that exists but cannot be read is a state of its own (the loader says why).
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : `\0unreadable`;
    }
  });
}

function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
