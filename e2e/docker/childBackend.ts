import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../shared/errors';
import type { RawSink } from '../../electron/core/router';
import type { ResourceCounts } from './processResources';

export interface ChildBackendOptions {
  /** DOCKER_HOST of the backend. */
  dockerHost: string;
  /** Run as this user (needs root), e.g. nobody, to meet a socket's permissions as a user would. */
  user?: { uid: number; gid: number };
}

/**
 * The parent side of backendChild.ts: a backend in its own process, with the `router`
 * surface tests use (`subscribe`, `invoke`), so `Subscription` from dockerTestKit works on it.
 */
export class ChildBackend {
  readonly router = {
    subscribe: (topic: string, params: unknown, sink: RawSink): (() => void) => {
      const sub = this.nextId++;
      this.sinks.set(sub, sink);
      void this.request({ op: 'subscribe', sub, topic, params });
      return () => {
        this.sinks.delete(sub);
        this.child.send({ op: 'unsubscribe', sub });
      };
    },
    invoke: (method: string, input: unknown): Promise<Result<unknown>> =>
      this.request({ op: 'invoke', method, input }) as Promise<Result<unknown>>,
  };
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly sinks = new Map<number, RawSink>();
  private readonly pending = new Map<number, (value: unknown) => void>();
  private readonly ready: Promise<void>;

  constructor(options: ChildBackendOptions) {
    this.child = fork(join(dirname(fileURLToPath(import.meta.url)), 'backendChild.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BERTH_CHILD_DOCKER_HOST: options.dockerHost },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('exit', (code) => reject(new Error(`backend process exited (${code}) before it was ready`)));
      this.child.on('message', (raw) => {
        const message = raw as {
          ready?: true;
          id?: number;
          result?: unknown;
          sub?: number;
          event?: unknown;
          error?: never;
        };
        if (message.ready) resolve();
        else if (message.id !== undefined) {
          this.pending.get(message.id)?.(message.result);
          this.pending.delete(message.id);
        } else if (message.sub !== undefined) {
          const sink = this.sinks.get(message.sub);
          if (message.error) sink?.error(message.error);
          else sink?.event(message.event);
        }
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  start(): Promise<void> {
    return this.ready;
  }

  /** The backend process's open fds, sockets, timers, children (as it counts them) and RSS. */
  counts(): Promise<ResourceCounts & { rss: number }> {
    return this.request({ op: 'counts' }) as Promise<ResourceCounts & { rss: number }>;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ op: 'exit' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  private request(message: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.send({ ...message, id });
    });
  }
}
