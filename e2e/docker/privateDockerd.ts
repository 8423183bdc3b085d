import { execSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { childrenOf } from './processResources';
import { TEST_IMAGE } from './requireDocker';

export interface PrivateDockerdOptions {
  /**
   * More dockerd flags, e.g. a TLS listener (`--tlsverify … --host tcp://127.0.0.1:2376`).
   * The unix socket stays, so ping() and loadTestImage() work as before. A tcp listener
   * lives inside the namespace: reach it through `nsenter --net=/proc/<pid>/ns/net`.
   */
  extraArgs?: string[];
  /**
   * vfs (the default) works on any file system but copies the image for every container;
   * overlay2 makes creating hundreds of containers take seconds instead of minutes.
   */
  storageDriver?: 'vfs' | 'overlay2';
}

/**
 * A second dockerd of our own (own socket, data root, exec root, containerd; no bridge,
 * no iptables), so a test can stop and restart an engine without disturbing the shared
 * one that other suites and people use. It is stopped by its own pid, never by name.
 *
 * It runs in its own network namespace (`unshare --net`): dockerd started with
 * `--bridge none` DELETES the host's docker0 interface at startup, which would cut the
 * shared engine's containers off their network. In a private namespace there is no
 * docker0 to delete; the unix socket is a file, reachable from the host all the same.
 */
export class PrivateDockerd {
  readonly socket: string;
  private child: ChildProcess | undefined;

  constructor(
    readonly dir: string,
    private readonly options: PrivateDockerdOptions = {},
  ) {
    this.socket = join(dir, 'docker.sock');
  }

  /** dockerd's own pid while it runs (unshare and sh exec it), e.g. for nsenter. */
  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  get endpoint(): string {
    return `unix://${this.socket}`;
  }

  async start(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const log = openSync(join(this.dir, 'dockerd.log'), 'a');
    const extra = this.options.extraArgs ?? [];
    // A new namespace's loopback starts down; a tcp listener on 127.0.0.1 needs it up.
    // Without extra flags the command stays exactly what it was (no need for `ip`).
    const launcher = extra.length > 0 ? ['sh', '-c', 'ip link set lo up && exec "$@"', 'sh'] : [];
    this.child = spawn(
      'unshare',
      [
        '--net',
        ...launcher,
        'dockerd',
        '--host',
        this.endpoint,
        '--data-root',
        join(this.dir, 'data'),
        '--exec-root',
        join(this.dir, 'exec'),
        '--pidfile',
        join(this.dir, 'docker.pid'),
        '--bridge',
        'none',
        '--iptables=false',
        '--ip-masq=false',
        '--storage-driver',
        this.options.storageDriver ?? 'vfs',
        '--shutdown-timeout',
        '2',
        ...extra,
      ],
      { stdio: ['ignore', log, log] },
    );
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (await this.ping()) return;
      if (this.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`private dockerd did not start; see ${join(this.dir, 'dockerd.log')}`);
  }

  /** Graceful stop (SIGTERM to our own pid), waiting until it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 20_000));
    await Promise.race([exited, timeout]);
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    this.child = undefined;
  }

  /** Sends `signal` to dockerd itself (SIGSTOP/SIGCONT to freeze it, SIGKILL to crash it). */
  signal(signal: NodeJS.Signals): void {
    if (this.child?.exitCode === null) this.child.kill(signal);
  }

  /**
   * Kills dockerd and the containerd it runs, without letting them shut down (a crash of the
   * engine), waiting until dockerd has exited. Container shims survive, as they do in a real
   * crash; the restarted engine finds them.
   */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.pid === undefined) return;
    const containerd = childrenOf(child.pid);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    for (const pid of containerd) killQuietly(pid);
    await exited;
    this.child = undefined;
    // Until containerd is reaped its pid still answers, and a restarted dockerd would wait for it.
    const deadline = Date.now() + 10_000;
    while (containerd.some((pid) => existsSync(`/proc/${pid}`)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Copies the test image from the shared engine (no registry here). */
  loadTestImage(): void {
    execSync(`docker save ${TEST_IMAGE} | docker -H ${this.endpoint} load`, { stdio: 'pipe' });
  }

  /**
   * Stops dockerd, then clears what a crashed one leaves behind: our processes (shims,
   * containerd: their command lines name our directory) and our mounts, so the directory goes.
   */
  async dispose(): Promise<void> {
    await this.stop();
    for (const pid of processesNaming(this.dir)) killQuietly(pid);
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[1] ?? '')
      .filter((path) => path.startsWith(`${this.dir}/`))
      .sort()
      .reverse();
    for (const mount of mounts) spawnSync('umount', ['-l', mount]);
    rmSync(this.dir, { recursive: true, force: true });
  }

  ping(): Promise<boolean> {
    return new Promise((resolve) => {
      const req = request({ socketPath: this.socket, path: '/_ping', timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
      req.end();
    });
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Pids whose command line names `dir` (ours alone: the directory is unique to one daemon). */
function processesNaming(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}
