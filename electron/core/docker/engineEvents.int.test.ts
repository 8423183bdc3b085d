import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/app';
import type { CollectionEvent } from '../../../shared/collection';
import type { EngineEventRow, EngineWarningRow } from '../../../shared/docker';
import {
  docker,
  removeTestContainers,
  runTestContainer,
  startBackend,
  startLiveBackend,
  Subscription,
} from '../../../e2e/docker/dockerTestKit';
import { PrivateDockerd } from '../../../e2e/docker/privateDockerd';
import { DOCKER_SOCKET, requireDocker, TEST_IMAGE } from '../../../e2e/docker/requireDocker';
import { LiveCollection } from '../streams/liveCollection';
import { createDockerClient } from './engineClient';
import { EngineConnection } from './engineConnection';
import { EngineEventLog } from './engineEvents';
import { EngineWarnings } from './engineWarnings';

const check = await requireDocker();
const SUITE = 'engine-events';
const engineId = 'env';

type EventSub = Subscription<CollectionEvent<EngineEventRow>>;
type WarningSub = Subscription<CollectionEvent<EngineWarningRow>>;

const rowsOf = (sub: EventSub): EngineEventRow[] => [...sub.rows.values()] as unknown as EngineEventRow[];
/** A container's events, in the order the log delivered them. */
const eventsOf = (sub: EventSub, id: string): EngineEventRow[] => rowsOf(sub).filter((r) => r.actorId === id);
const actionsOf = (sub: EventSub, id: string): string[] => eventsOf(sub, id).map((r) => r.action);
/** The engine's time of a row (its id is "<timeNano>-<seq>"). */
const nanoOf = (row: EngineEventRow): bigint => BigInt(row.id.split('-')[0]!);

/** No event twice in the log: the same engine time, type, action and object. */
function expectNoDuplicates(rows: EngineEventRow[]): void {
  const keys = rows.map((r) => `${r.id.split('-')[0]}|${r.type}|${r.action}|${r.actorId}`);
  const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
  expect(twice).toEqual([]);
}

/** Delivered oldest first, with ids that keep that order (the seq part grows). */
function expectInTimeOrder(rows: EngineEventRow[]): void {
  for (let i = 1; i < rows.length; i++) {
    expect(nanoOf(rows[i]!)).toBeGreaterThanOrEqual(nanoOf(rows[i - 1]!));
    expect(Number(rows[i]!.id.split('-')[1])).toBeGreaterThan(Number(rows[i - 1]!.id.split('-')[1]));
  }
}

/**
 * A unix socket that forwards to an engine's socket, and can be cut: every connection
 * dropped and new ones refused, as when a laptop sleeps or a VPN drops, while the engine
 * itself goes on. This is how a test makes a gap Berth cannot see, for as long as it wants.
 */
class EngineGate {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly path: string,
    private readonly target: string,
  ) {}

  get endpoint(): string {
    return `unix://${this.path}`;
  }

  async open(): Promise<void> {
    rmSync(this.path, { force: true });
    const server = createServer((client) => {
      const upstream = connect(this.target);
      const end = (): void => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', end);
        socket.on('close', end);
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, () => resolve());
    });
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(this.path, { force: true });
  }
}

describe.skipIf(!check.available)('past engine events (real dockerd)', () => {
  const dirs: string[] = [];
  let ctx: Awaited<ReturnType<typeof startLiveBackend>> | undefined;

  beforeAll(async () => {
    await removeTestContainers(SUITE);
  });

  afterEach(async () => {
    await ctx?.dispose();
    ctx = undefined;
  });

  afterAll(async () => {
    await removeTestContainers(SUITE);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('shows what happened before Berth started: the events in time order, a crash as a warning, a stop not', async () => {
    // `sleep` ignores SIGTERM: docker stop kills it after 1 s (exit 137), then says "stop".
    const stopped = await runTestContainer({ suite: SUITE, cmd: ['sleep', '3600'] });
    await docker.getContainer(stopped).stop({ t: 1 });
    const crashed = await runTestContainer({ suite: SUITE, cmd: ['sh', '-c', 'exit 3'] });
    await docker.getContainer(crashed).wait();

    ctx = await startLiveBackend();
    const events: EventSub = new Subscription(ctx.backend, 'docker.events', { engineId });
    const warnings: WarningSub = new Subscription(ctx.backend, 'docker.engine.warnings', { engineId });
    try {
      // Already in the first snapshot after going live: the backfill comes before "live".
      expect(events.events[0]!.type).toBe('snapshot');
      expect(actionsOf(events, crashed)).toEqual(['create', 'start', 'die']);
      expect(eventsOf(events, crashed)[2]!.attributes).toMatchObject({ exitCode: '3' });
      expect(actionsOf(events, stopped)).toEqual(['create', 'start', 'kill', 'kill', 'die', 'stop']);
      expectInTimeOrder([...eventsOf(events, stopped), ...eventsOf(events, crashed)]);
      expectNoDuplicates(rowsOf(events));

      await warnings.waitFor(() => warnings.rows.has(`${crashed}/exited/3`), 2000, 'the crash as a warning');
      expect(warnings.rows.get(`${crashed}/exited/3`)).toMatchObject({
        kind: 'exited',
        exitCode: 3,
        containerId: crashed,
        count: 1,
      });
      // Both containers' events were applied in the same delta: the stop is settled by now.
      expect([...warnings.rows.values()].filter((w) => w.containerId === stopped)).toEqual([]);
    } finally {
      events.unsubscribe();
      warnings.unsubscribe();
    }
  }, 20_000);

  it('keeps an event once when it is both in the backfill and in the live stream', async () => {
    // The runtime's pieces, wired as EngineRuntime does, with one more live listener that
    // runs first: the live stream is already open (its events held), so this container's
    // events are in it, and in the engine's memory that the backfill reads right after.
    const engine = { id: engineId, name: 'test', source: 'test', endpoint: `unix://${DOCKER_SOCKET}` };
    const connections = new LiveCollection<ConnectionStatus>();
    const connection = new EngineConnection({
      engine,
      connections,
      createClient: () => createDockerClient(engine, {}),
    });
    let overlapping: string | undefined;
    connection.onLive(async () => {
      overlapping = await runTestContainer({ suite: SUITE, cmd: ['sh', '-c', 'exit 3'] });
      await docker.getContainer(overlapping).wait();
    });
    const log = new EngineEventLog(engineId, connection);
    const warnings = new EngineWarnings(engineId, log);
    const rows: EngineEventRow[] = [];
    const warningRows = new Map<string, EngineWarningRow>();
    log.subscribe((e) => rows.push(...(e.type === 'snapshot' ? e.rows : e.upserts)));
    warnings.subscribe((e) => {
      for (const w of e.type === 'snapshot' ? e.rows : e.upserts) warningRows.set(w.id, w);
    });
    try {
      connection.start();
      const deadline = Date.now() + 10_000;
      while (!(connections.get(`docker:${engineId}`)?.state === 'live' && warningRows.size > 0)) {
        if (Date.now() > deadline) throw new Error('timed out waiting for live and a warning');
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 300)); // any duplicate would have come by now
      const mine = rows.filter((r) => r.actorId === overlapping);
      expect(mine.map((r) => r.action)).toEqual(['create', 'start', 'die']);
      expectInTimeOrder(mine);
      expectNoDuplicates(rows);
      // A second "die" would have counted the crash twice.
      expect(warningRows.get(`${overlapping}/exited/3`)).toMatchObject({ count: 1 });
    } finally {
      warnings.dispose();
      log.dispose();
      connection.dispose();
    }
  }, 20_000);

  it('after a lost connection fills the gap with what happened meanwhile, once each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-gate-'));
    dirs.push(dir);
    const gate = new EngineGate(join(dir, 'docker.sock'), DOCKER_SOCKET);
    await gate.open();
    ctx = startBackend({ DOCKER_HOST: gate.endpoint });
    const connections = new Subscription(ctx.backend, 'app.connections', {});
    const state = (): string | undefined =>
      (connections.rows.get(`docker:${engineId}`) as ConnectionStatus | undefined)?.state;
    const events: EventSub = new Subscription(ctx.backend, 'docker.events', { engineId });
    const warnings: WarningSub = new Subscription(ctx.backend, 'docker.engine.warnings', { engineId });
    try {
      await connections.waitFor(() => state() === 'live', 10_000, 'live');
      const before = await runTestContainer({ suite: SUITE, cmd: ['true'] });
      await events.waitFor(() => actionsOf(events, before).includes('die'), 3000, 'a live event');

      await gate.cut();
      await connections.waitFor(() => state() === 'reconnecting', 5000, 'reconnecting');
      const gap = await runTestContainer({ suite: SUITE, cmd: ['sh', '-c', 'exit 4'] });
      await docker.getContainer(gap).wait();
      expect(actionsOf(events, gap)).toEqual([]); // Berth has not seen it
      expect(state()).toBe('reconnecting');

      await gate.open();
      await connections.waitFor(() => state() === 'live', 15_000, 'live again');
      await events.waitFor(() => actionsOf(events, gap).includes('die'), 1000, 'the gap’s events');
      await warnings.waitFor(() => warnings.rows.has(`${gap}/exited/4`), 1000, 'the gap’s crash as a warning');
      await new Promise((r) => setTimeout(r, 300)); // any duplicate would have come by now
      expect(actionsOf(events, gap)).toEqual(['create', 'start', 'die']);
      expect(actionsOf(events, before)).toEqual(['create', 'start', 'die']);
      expectInTimeOrder(eventsOf(events, gap));
      expectNoDuplicates(rowsOf(events));
    } finally {
      connections.unsubscribe();
      events.unsubscribe();
      warnings.unsubscribe();
      await gate.cut();
    }
  }, 40_000);
});

/**
 * The engine itself restarts (its memory of past events starts empty) and a container
 * crashes before Berth is back. A private dockerd, as in engineRestart.int.test.ts, so
 * the shared engine is never restarted; a gate in front of it keeps Berth out until the
 * crash has happened, so the gap is certain rather than a race with Berth's backoff.
 */
describe.skipIf(!check.available)('past engine events across a daemon restart (private dockerd)', () => {
  let dir: string;
  let daemon: PrivateDockerd;
  let gate: EngineGate;
  let client: Docker;
  let ctx: ReturnType<typeof startBackend> | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-dockerd-events-'));
    daemon = new PrivateDockerd(join(dir, 'daemon'));
    gate = new EngineGate(join(dir, 'gate.sock'), daemon.socket);
    await daemon.start();
    daemon.loadTestImage();
    client = new Docker({ socketPath: daemon.socket });
    await gate.open();
  }, 60_000);

  afterAll(async () => {
    await ctx?.dispose();
    await gate?.cut();
    await daemon?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  async function run(cmd: string[]): Promise<string> {
    const c = await client.createContainer({
      Image: TEST_IMAGE,
      Cmd: cmd,
      Labels: { 'berth.test': '1' },
      HostConfig: { NetworkMode: 'none' },
    });
    await c.start();
    await c.wait();
    return c.id;
  }

  it('after the restart shows the crash Berth was not there for, once', async () => {
    ctx = startBackend({ DOCKER_HOST: gate.endpoint });
    const connections = new Subscription(ctx.backend, 'app.connections', {});
    const state = (): string | undefined =>
      (connections.rows.get(`docker:${engineId}`) as ConnectionStatus | undefined)?.state;
    const events: EventSub = new Subscription(ctx.backend, 'docker.events', { engineId });
    const warnings: WarningSub = new Subscription(ctx.backend, 'docker.engine.warnings', { engineId });
    try {
      await connections.waitFor(() => state() === 'live', 10_000, 'live');
      const before = await run(['sh', '-c', 'exit 2']);
      await warnings.waitFor(() => warnings.rows.has(`${before}/exited/2`), 3000, 'a live crash');

      await gate.cut();
      await connections.waitFor(() => state() === 'reconnecting', 5000, 'reconnecting');
      await daemon.stop();
      await daemon.start();
      const gap = await run(['sh', '-c', 'exit 4']);

      await gate.open();
      await connections.waitFor(() => state() === 'live', 15_000, 'live again');
      await warnings.waitFor(() => warnings.rows.has(`${gap}/exited/4`), 1000, 'the gap’s crash as a warning');
      await new Promise((r) => setTimeout(r, 300)); // any duplicate would have come by now
      expect(actionsOf(events, gap)).toEqual(['create', 'start', 'die']);
      expect(actionsOf(events, before)).toEqual(['create', 'start', 'die']);
      expectNoDuplicates(rowsOf(events));
      expect(warnings.rows.get(`${before}/exited/2`)).toMatchObject({ count: 1 });
      expect(warnings.rows.get(`${gap}/exited/4`)).toMatchObject({ count: 1 });
    } finally {
      connections.unsubscribe();
      events.unsubscribe();
      warnings.unsubscribe();
    }
  }, 90_000);
});
