import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/app';
import type { ContainerRow } from '../../../shared/docker';
import {
  docker,
  removeTestContainers,
  runTestContainer,
  startBackend,
  Subscription,
} from '../../../e2e/docker/dockerTestKit';
import { FaultProxy } from '../../../e2e/docker/faultProxy';
import { DOCKER_SOCKET, requireDocker } from '../../../e2e/docker/requireDocker';
import { ENGINE_CALL_TIMEOUT_MS } from './engineConnection';

const check = await requireDocker();
const SUITE = 'timeouts';
const engineId = 'env';

/** The full listing a (re)connect does, as opposed to the per-event lookups (filtered by id). */
const isRelist = (line: string): boolean => line.includes('/containers/json?') && !line.includes('filters=');
const isLookup = (line: string): boolean => line.includes('/containers/json?') && line.includes('filters=');

/**
 * A hung engine call, made real: the real dockerd behind a proxy that never forwards the
 * chosen requests (FaultProxy). The shared engine itself is only read through the proxy.
 */
describe.skipIf(!check.available)('engine calls that never answer (real dockerd behind a hanging proxy)', () => {
  let ctx: ReturnType<typeof startBackend> | undefined;
  let proxy: FaultProxy | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await ctx?.dispose();
    await proxy?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    ctx = proxy = dir = undefined;
    await removeTestContainers(SUITE);
  });

  async function setUp(): Promise<void> {
    dir = mkdtempSync(join(tmpdir(), 'berth-hang-'));
    proxy = new FaultProxy(join(dir, 'docker.sock'), DOCKER_SOCKET);
    await proxy.listen();
  }

  function watchStatus(): { connections: Subscription; status: () => ConnectionStatus | undefined; states: string[] } {
    const connections = new Subscription(ctx!.backend, 'app.connections', {});
    const status = (): ConnectionStatus | undefined =>
      connections.rows.get(`docker:${engineId}`) as ConnectionStatus | undefined;
    const states: string[] = [];
    ctx!.backend.router.subscribe(
      'app.connections',
      {},
      {
        event: () => {
          const state = status()?.state;
          if (state && states.at(-1) !== state) states.push(state);
        },
        error: () => undefined,
      },
    );
    return { connections, status, states };
  }

  it('a relist that never answers is not called live: it times out, says so, retries, and goes live once the engine answers', async () => {
    await setUp();
    proxy!.hold = isRelist;
    ctx = startBackend({ DOCKER_HOST: proxy!.endpoint });
    const { connections, status, states } = watchStatus();

    await connections.waitFor(() => status()?.state === 'error', ENGINE_CALL_TIMEOUT_MS + 10_000, 'relist timed out');
    expect(status()!.message).toMatch(/does not answer/);
    expect(status()!.nextRetryAt).toBeGreaterThan(Date.now() - 1000);
    expect(states).not.toContain('live');
    expect(ctx.backend.docker.runtime(engineId).connection.isLive).toBe(false);
    // It retries on its own (after the backoff), and that relist hangs too.
    await connections.waitFor(() => proxy!.held.length >= 2, ENGINE_CALL_TIMEOUT_MS + 10_000, 'a retry');

    const mine = await runTestContainer({ suite: SUITE, cmd: ['sleep', '3600'] });
    proxy!.release();
    const list = new Subscription(ctx.backend, 'docker.containers', { engineId });
    await connections.waitFor(() => status()?.state === 'live', ENGINE_CALL_TIMEOUT_MS + 15_000, 'live');
    await list.waitFor(() => (list.rows.get(mine) as ContainerRow | undefined)?.state === 'running', 5000, 'row');
    list.unsubscribe();
    connections.unsubscribe();
  }, 60_000);

  it('a per-event lookup that never answers drops the connection instead of freezing the rows under a "live" status', async () => {
    await setUp();
    ctx = startBackend({ DOCKER_HOST: proxy!.endpoint });
    const { connections, status, states } = watchStatus();
    const list = new Subscription(ctx.backend, 'docker.containers', { engineId });
    await connections.waitFor(() => status()?.state === 'live', 10_000, 'live');
    states.length = 0;

    proxy!.hold = isLookup;
    const created = await runTestContainer({ suite: SUITE, cmd: ['sleep', '3600'] });
    // The event's lookup hangs; past its deadline the engine is dropped and relisted.
    await list.waitFor(
      () => (list.rows.get(created) as ContainerRow | undefined)?.state === 'running',
      ENGINE_CALL_TIMEOUT_MS + 15_000,
      'the row, from the relist after the hung lookup',
    );
    expect(proxy!.held.length).toBeGreaterThanOrEqual(1);
    expect(states).toContain('reconnecting');

    // Rows follow events again once lookups answer.
    proxy!.release();
    await connections.waitFor(() => status()?.state === 'live', 15_000, 'live again');
    await docker.getContainer(created).stop({ t: 0 });
    await list.waitFor(
      () => (list.rows.get(created) as ContainerRow | undefined)?.state === 'exited',
      10_000,
      'exited, from the event',
    );
    list.unsubscribe();
    connections.unsubscribe();
  }, 60_000);

  it('a lookup answered after the container was destroyed does not bring its row back', async () => {
    await setUp();
    ctx = startBackend({ DOCKER_HOST: proxy!.endpoint });
    const { connections, status } = watchStatus();
    const list = new Subscription(ctx.backend, 'docker.containers', { engineId });
    await connections.waitFor(() => status()?.state === 'live', 10_000, 'live');

    // The engine answers the lookup at once (the container exists), the answer arrives late.
    proxy!.delayAnswer = (line) => (isLookup(line) ? 1500 : 0);
    const id = await runTestContainer({ suite: SUITE, cmd: ['sleep', '3600'], start: false });
    await list.waitFor(() => proxy!.delayed.received > 0, 5000, 'the lookup answered by the engine');
    await docker.getContainer(id).remove({ force: true });
    await list.waitFor(() => !list.rows.has(id), 5000, 'row gone with the destroy event');
    proxy!.delayAnswer = undefined;
    const received = proxy!.delayed.received;
    await list.waitFor(() => proxy!.delayed.delivered >= received, 5000, 'the late answer delivered');
    await new Promise((resolve) => setTimeout(resolve, 200)); // and handled
    expect(list.rows.has(id)).toBe(false);
    list.unsubscribe();
    connections.unsubscribe();
  }, 30_000);
});
