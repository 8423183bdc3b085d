import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { processTree, procUsage } from './figures';

/**
 * Berth's peers, run against the same cluster in the same session: kubectl (the list, and a
 * watch kept open) and k9s (a terminal UI, in a tmux pane). Their memory and CPU are read
 * from /proc exactly as the web-mode server's are.
 */
export interface KubeTarget {
  kubeconfig: string;
  context: string;
}

/** kubectl on the measured context; its output as text (or into `stdout`, a file descriptor). */
export function kubectlOn(
  target: KubeTarget,
  args: string[],
  options: { input?: string; stdout?: number } = {},
): string {
  const out = execFileSync('kubectl', ['--kubeconfig', target.kubeconfig, '--context', target.context, ...args], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    ...(options.input ? { input: options.input } : {}),
    stdio: ['pipe', options.stdout ?? 'pipe', 'inherit'],
  });
  return out ?? '';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** "The whole list", within 2 %: other tests may add or remove pods on a shared cluster meanwhile. */
const enough = (count: number): number => Math.floor(count * 0.98);

/** `kubectl get pods -A` to the full list, with its peak RSS from /usr/bin/time. */
export function kubectlGetPods(target: KubeTarget): { ms: number; count: number; peakRss: number } {
  const started = performance.now();
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', 'PEAK %M', 'kubectl', '--kubeconfig', target.kubeconfig, '--context', target.context, 'get', 'pods', '-A'],
    { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 },
  );
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`kubectl get pods -A failed: ${run.stderr}`);
  const peakKb = Number(/PEAK (\d+)/.exec(run.stderr)?.[1] ?? NaN);
  return { ms, count: run.stdout.trim().split('\n').length - 1, peakRss: peakKb * 1024 };
}

export interface Running {
  pid: number;
  /** Time from start to the whole list shown, in ms. */
  listedMs: number;
  stop(): Promise<void>;
}

/** `kubectl get pods -A --watch`, running until stopped; resolves once it has printed `count` pods. */
export async function kubectlWatchPods(target: KubeTarget, count: number): Promise<Running> {
  const started = performance.now();
  const child = spawn(
    'kubectl',
    ['--kubeconfig', target.kubeconfig, '--context', target.context, 'get', 'pods', '-A', '--watch', '--no-headers'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let lines = 0;
  let listedMs = NaN;
  const listed = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 10) lines += 1;
      if (lines >= enough(count) && Number.isNaN(listedMs)) {
        listedMs = performance.now() - started;
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`kubectl --watch exited (${code}) after ${lines} lines`)));
  });
  await Promise.race([listed, sleep(300_000).then(() => Promise.reject(new Error('kubectl --watch: no full list')))]);
  return {
    pid: child.pid!,
    listedMs,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** The k9s binary: BERTH_K9S, or the one `go install` put in the cache (see bench/README). */
export const K9S_VERSION = process.env.BERTH_K9S_VERSION ?? 'v0.50.16';
export function k9sBinary(): string | undefined {
  const candidates = [
    process.env.BERTH_K9S,
    join(process.env.BERTH_CACHE_DIR ?? join(homedir(), '.cache/berth'), 'k9s', K9S_VERSION, 'k9s'),
  ];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

export function k9sVersion(binary: string): string {
  const out = execFileSync(binary, ['version', '--short'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return /Version\s+(\S+)/.exec(out)?.[1] ?? out.trim().split('\n')[0] ?? 'unknown';
}

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });

/**
 * k9s showing every pod of the context in a 250×60 tmux pane; resolves when its table title
 * says `pods(all)[count]`, i.e. the full list is on its screen.
 */
export async function k9sPods(binary: string, target: KubeTarget, count: number): Promise<Running> {
  const config = mkdtempSync(join(tmpdir(), 'berth-bench-k9s-'));
  // No update check (there is no internet here) and no splash screen to wait through.
  writeFileSync(join(config, 'config.yaml'), 'k9s:\n  skipLatestRevCheck: true\n  ui:\n    splashless: true\n');
  const session = `berth-bench-k9s-${process.pid}`;
  const started = performance.now();
  tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    '250',
    '-y',
    '60',
    'env',
    `K9S_CONFIG_DIR=${config}`,
    `XDG_STATE_HOME=${config}`,
    `XDG_DATA_HOME=${config}`,
    'TERM=xterm-256color',
    binary,
    '--kubeconfig',
    target.kubeconfig,
    '--context',
    target.context,
    '-c',
    'pods',
    '-A',
    '--headless',
    '--readonly',
    '--logFile',
    join(config, 'k9s.log'),
  );
  const stop = async (): Promise<void> => {
    spawnSync('tmux', ['kill-session', '-t', session]);
    await sleep(200);
  };
  try {
    let listedMs = NaN;
    let screen = '';
    for (let i = 0; i < 3000 && Number.isNaN(listedMs); i++) {
      screen = tmux('capture-pane', '-p', '-t', session);
      // k9s groups thousands: "pods(all)[10,000]".
      const shown = /pods\(all\)\[([\d,]+)\]/i.exec(screen);
      if (shown && Number(shown[1]!.replaceAll(',', '')) >= enough(count)) listedMs = performance.now() - started;
      else await sleep(100);
    }
    if (Number.isNaN(listedMs)) throw new Error(`k9s never showed ${count} pods; its screen:\n${screen}`);
    const panePid = Number(tmux('list-panes', '-t', session, '-F', '#{pane_pid}').trim());
    return { pid: findProcess(panePid, 'k9s') ?? panePid, listedMs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The pid of the process named `name` at or below `root` (the pane runs `env`, which execs k9s). */
function findProcess(root: number, name: string): number | undefined {
  const named = (pid: number): boolean => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
    } catch {
      return false;
    }
  };
  return [root, ...processTree(root).map((p) => p.pid)].find(named);
}

/** CPU (share of one core) and RSS of several processes over the same window. */
export async function usageOver(
  pids: Record<string, number>,
  seconds: number,
): Promise<Record<string, { cpu: number; rss: number }>> {
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, procUsage(pid)]));
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  return Object.fromEntries(
    Object.entries(pids).map(([k, pid]) => {
      const after = procUsage(pid);
      const start = before[k];
      return [
        k,
        {
          cpu: after && start ? (after.cpuSeconds - start.cpuSeconds) / elapsed : NaN,
          rss: after?.rss ?? NaN,
        },
      ];
    }),
  );
}
