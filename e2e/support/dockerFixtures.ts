import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

/** Test containers carry this label, so tests remove only their own. */
export const TEST_LABEL = 'berth.test=1';
export const TEST_IMAGE = process.env.BERTH_TEST_IMAGE ?? 'berth-test/busybox:1';

/**
 * The CPU % a container running `yes` must pass: one busy core reads ~100 % as docker counts
 * it. On a host that is already saturated (load above its CPU count: other suites, builds)
 * the container only gets its share, so there a clear gap to idle (15 %) is required instead.
 */
export function busyCpuThreshold(normal: number): number {
  const saturated = loadavg()[0]! > cpus().length;
  if (!saturated) return normal;
  console.warn(
    `[note] host saturated (load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs): busy threshold lowered to 15 %`,
  );
  return 15;
}

/**
 * Far longer than any call here takes (`rm -f` of a few containers, `wait` on one that exits at
 * once). An engine that stops answering (dockerd 20.10 here once waited forever in `rm -f` for
 * containers already gone) then fails the test that asked, rather than hold the whole run.
 */
const DOCKER_CLI_TIMEOUT_MS = 60_000;

export function docker(...args: string[]): string {
  try {
    return execFileSync('docker', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: DOCKER_CLI_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    }).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw error;
    throw new Error(
      `docker ${args.join(' ')} did not finish in ${DOCKER_CLI_TIMEOUT_MS / 1000} s: the engine is not answering (its goroutines: kill -USR1 $(pidof dockerd), then see dockerd's log)`,
      { cause: error },
    );
  }
}

export function dockerAvailable(): boolean {
  try {
    docker('version', '--format', '{{.Server.Version}}');
    return true;
  } catch {
    return false;
  }
}

/**
 * Skip the calling suite when there is no engine, except in CI where a missing
 * dockerd is a failure. Returns the reason to pass to `skip`, or null.
 */
export function dockerSkipReason(): string | null {
  if (dockerAvailable()) {
    docker('image', 'inspect', TEST_IMAGE);
    return null;
  }
  const reason = 'no Docker engine reachable (start dockerd; bash .ci/run does)';
  if (process.env.CI === 'true') throw new Error(`CI requires a Docker engine: ${reason}`);
  return reason;
}

/**
 * `docker run -d` with the test label; returns the container id. `network: 'none'` for a test
 * that needs no network, so it does not depend on the engine's bridge.
 */
export function runContainer(
  name: string,
  args: string[],
  options: { labels?: Record<string, string>; tty?: boolean; network?: 'none' } = {},
): string {
  const labels = Object.entries(options.labels ?? {}).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  return docker(
    'run',
    '-d',
    '--label',
    TEST_LABEL,
    ...labels,
    ...(options.network ? ['--network', options.network] : []),
    ...(options.tty ? ['-t'] : []),
    '--name',
    name,
    TEST_IMAGE,
    ...args,
  );
}

/** Removes the named containers (a suite's own: other suites share the engine). */
export function removeContainersNamed(names: string[]): void {
  const ids = names.flatMap((name) => docker('ps', '-aq', '--filter', `name=^/${name}$`).split('\n').filter(Boolean));
  if (ids.length) docker('rm', '-f', ...ids);
}

/**
 * The containers one spec file runs: each named uniquely and remembered, so the file removes
 * only its own. `defaults` are the options of each `run` (a call's own options add to them).
 */
export function specContainers(defaults: Parameters<typeof runContainer>[2] = {}): {
  run: (prefix: string, args: string[], options?: Parameters<typeof runContainer>[2]) => string;
  remember: (name: string) => void;
  removeAll: () => void;
} {
  const names: string[] = [];
  return {
    run(prefix, args, options = {}) {
      const name = uniqueName(prefix);
      names.push(name);
      runContainer(name, args, { ...defaults, ...options });
      return name;
    },
    remember: (name) => void names.push(name),
    removeAll: () => removeContainersNamed(names),
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}
