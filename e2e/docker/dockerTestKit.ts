import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { Backend } from '../../electron/core/backend';
import type { BerthError } from '../../shared/errors';
import type { CollectionEvent } from '../../shared/collection';
import { DOCKER_SOCKET, TEST_IMAGE } from './requireDocker';

/**
 * Every container a test makes carries berth.test=1, plus the suite's own label so one
 * file's cleanup never touches another's containers.
 */
export function testLabels(suite: string): Record<string, string> {
  return { 'berth.test': '1', 'berth.test.suite': suite };
}

export const docker = new Docker({ socketPath: DOCKER_SOCKET });

export interface TestContainerSpec {
  suite: string;
  cmd: string[];
  tty?: boolean;
  name?: string;
  labels?: Record<string, string>;
  start?: boolean;
}

export async function runTestContainer(spec: TestContainerSpec): Promise<string> {
  const container = await docker.createContainer({
    Image: TEST_IMAGE,
    Cmd: spec.cmd,
    Tty: spec.tty ?? false,
    Labels: { ...testLabels(spec.suite), ...spec.labels },
    ...(spec.name ? { name: spec.name } : {}),
  });
  if (spec.start !== false) await container.start();
  return container.id;
}

export async function removeTestContainers(suite: string): Promise<void> {
  const list = await docker.listContainers({ all: true, filters: { label: [`berth.test.suite=${suite}`] } });
  await Promise.all(
    list.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

/**
 * A container that keeps one core busy (`busyCmd`) and an idle one, both of `suite`, once
 * the backend's container list shows them running: the setup of the CPU tests.
 */
export async function runBusyAndIdle(
  backend: Backend,
  suite: string,
  busyCmd: string[],
): Promise<{ busy: string; idle: string }> {
  const busy = await runTestContainer({ suite, cmd: busyCmd });
  const idle = await runTestContainer({ suite, cmd: ['sleep', '3600'] });
  const list = new Subscription(backend, 'docker.containers', { engineId: 'env' });
  await list.waitFor(
    () => list.rows.get(busy)?.state === 'running' && list.rows.get(idle)?.state === 'running',
    5000,
    'running',
  );
  list.unsubscribe();
  return { busy, idle };
}

/** A Backend (web mode) that sees only the real engine, as engine id "env". */
export function startBackend(env: Record<string, string> = { DOCKER_HOST: `unix://${DOCKER_SOCKET}` }): {
  backend: Backend;
  dispose: () => Promise<void>;
} {
  const home = mkdtempSync(join(tmpdir(), 'berth-int-'));
  const backend = new Backend({ mode: 'web', version: 'test', env, homeDir: home });
  return {
    backend,
    dispose: async () => {
      await backend.dispose();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** startBackend(), resolved once the engine's connection is live. */
export async function startLiveBackend(): Promise<ReturnType<typeof startBackend>> {
  const ctx = startBackend();
  const connections = new Subscription(ctx.backend, 'app.connections', {});
  await connections.waitFor(() => connections.rows.get('docker:env')?.state === 'live', 10_000, 'engine live');
  connections.unsubscribe();
  return ctx;
}

/** Everything a subscription delivered, plus the rows of a collection topic applied in order. */
export class Subscription<P = unknown> {
  readonly events: P[] = [];
  readonly rows = new Map<string, Record<string, unknown>>();
  error: BerthError | undefined;
  private waiters: Array<() => void> = [];
  readonly unsubscribe: () => void;

  /** `backend`: an in-process Backend, or anything with its router's subscribe (a ChildBackend). */
  constructor(backend: { router: Pick<Backend['router'], 'subscribe'> }, topic: string, params: unknown) {
    this.unsubscribe = backend.router.subscribe(topic, params, {
      event: (payload) => {
        this.events.push(payload as P);
        const collection = payload as CollectionEvent<{ id: string }>;
        if (collection && (collection.type === 'snapshot' || collection.type === 'delta')) {
          if (collection.type === 'snapshot') {
            this.rows.clear();
            for (const row of collection.rows) this.rows.set(row.id, row);
          } else {
            for (const row of collection.upserts) this.rows.set(row.id, row);
            for (const id of collection.deletes) this.rows.delete(id);
          }
        }
        for (const w of this.waiters.splice(0)) w();
      },
      error: (error) => {
        this.error = error;
        for (const w of this.waiters.splice(0)) w();
      },
    });
  }

  /** Resolves when `check` holds (checked after each event); rejects after `timeoutMs`. */
  async waitFor(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<number> {
    const started = Date.now();
    const deadline = started + timeoutMs;
    while (!check()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return Date.now() - started;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
