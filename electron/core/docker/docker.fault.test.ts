import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/app';
import type { StreamChunk } from '../../../shared/collection';
import type { ContainerRow, EngineEventRow } from '../../../shared/docker';
import type { LogLine } from '../../../shared/logs';
import { ChildBackend } from '../../../e2e/docker/childBackend';
import { sleep, Subscription } from '../../../e2e/docker/dockerTestKit';
import { PrivateDockerd } from '../../../e2e/docker/privateDockerd';
import type { ResourceCounts } from '../../../e2e/docker/processResources';
import { requireDocker, TEST_IMAGE } from '../../../e2e/docker/requireDocker';
import { ENGINE_CALL_TIMEOUT_MS } from './engineConnection';

const check = await requireDocker();
const engineId = 'env';
const LABELS = { 'berth.test': '1', 'berth.test.suite': 'docker-faults' };
const NOBODY = { uid: 65534, gid: 65534 };
const isRoot = process.getuid?.() === 0;
/** dockerd runs as root, and only root can start the backend as another user. */
const rootReason = isRoot
  ? null
  : 'the Docker fault suite starts its own dockerd and a backend as nobody: it needs root';
if (rootReason && process.env.CI === 'true')
  throw new Error(`CI requires the Docker fault suite to run: ${rootReason}`);
if (rootReason) console.warn(`[skipped] ${rootReason}`);

/** Longest the app may take to notice a frozen engine: a heartbeat (10 s) plus its ping's deadline (5 s). */
const NOTICE_FREEZE_MS = 10_000 + 5000;
/** Frozen for longer than every deadline of the connection (ping 5 s, heartbeat 10 s, calls 10 s). */
const FREEZE_MS = NOTICE_FREEZE_MS + ENGINE_CALL_TIMEOUT_MS;
/** Back from a fault: the backoff is capped at 10 s, plus the reconnect itself. */
const RECOVER_MS = 30_000;
/** Leftovers allowed after all the cases (a keep-alive socket, a timer about to fire). */
const TOLERANCE: ResourceCounts = { fds: 3, sockets: 3, timers: 5, children: 0 };

/**
 * Faults of a real dockerd under a running backend. The engine is a PRIVATE dockerd (own
 * socket, data, namespace; see PrivateDockerd): it is killed, frozen and has its socket's
 * permissions changed; the shared /var/run/docker.sock engine is never touched (it only lends
 * the test image). The backend runs in its own process (ChildBackend) as `nobody`, so a socket
 * that refuses it is refused for real, and its fds, sockets, timers and children are its own
 * to count.
 *
 * Each case asserts that the app keeps answering, says what happened (the connection's state
 * and message), keeps its rows while the engine is away, and ends with rows equal to a fresh
 * listing. The cases run in order against one backend; the last check is that it holds no
 * more resources than before them.
 */
describe.skipIf(!check.available || rootReason !== null)(
  'Docker faults (private dockerd, backend in its own process)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-faults-'));
    // The socket's group is nogroup (the backend's, as nobody): its mode decides who gets in.
    const daemon = new PrivateDockerd(dir, { extraArgs: ['--group', 'nogroup'], storageDriver: 'overlay2' });
    const client = new Docker({ socketPath: daemon.socket });
    let app: ChildBackend;
    let list: Subscription;
    let connections: Subscription;
    let baseline: ResourceCounts & { rss: number };
    const status = (): ConnectionStatus | undefined =>
      connections.rows.get(`docker:${engineId}`) as ConnectionStatus | undefined;
    const states: string[] = [];

    beforeAll(async () => {
      chmodSync(dir, 0o711); // nobody reaches the socket inside; the rest stays private
      await daemon.start();
      daemon.loadTestImage();
      app = new ChildBackend({ dockerHost: daemon.endpoint, user: NOBODY });
      await app.start();
      connections = new Subscription(app, 'app.connections', {});
      app.router.subscribe(
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
      list = new Subscription(app, 'docker.containers', { engineId });
      await connections.waitFor(() => status()?.state === 'live', 20_000, 'live');
      await sleep(1000); // let start-up settle before counting
      baseline = await app.counts();
    }, 90_000);

    afterAll(async () => {
      daemon.signal('SIGCONT'); // never leave it frozen, whatever failed
      try {
        chmodSync(daemon.socket, 0o660);
      } catch {
        // no socket: the daemon is not running
      }
      list?.unsubscribe();
      connections?.unsubscribe();
      await app?.stop();
      await daemon.dispose();
    }, 60_000);

    async function create(
      cmd: string[],
      options: { start?: boolean; restart?: boolean; tty?: boolean; smallLog?: boolean } = {},
    ) {
      const container = await client.createContainer({
        Image: TEST_IMAGE,
        Cmd: cmd,
        Tty: options.tty ?? false,
        Labels: LABELS,
        HostConfig: {
          NetworkMode: 'none',
          ...(options.restart ? { RestartPolicy: { Name: 'always' } } : {}),
          // An endless log would fill the disk: keep at most 2 MB of it.
          ...(options.smallLog
            ? { LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } } }
            : {}),
        },
      });
      if (options.start !== false) await container.start();
      return container.id;
    }

    const shownRows = (): Map<string, string> =>
      new Map([...list.rows.values()].map((r) => [String(r.id), (r as unknown as ContainerRow).state]));
    const engineRows = async (): Promise<Map<string, string>> =>
      new Map((await client.listContainers({ all: true })).map((c) => [c.Id, c.State]));

    /** What differs between the rows shown and the engine's list: [] when they are equal. */
    function difference(shown: Map<string, string>, engine: Map<string, string>): string[] {
      const out: string[] = [];
      for (const [id, state] of engine) {
        if (!shown.has(id)) out.push(`missing ${id.slice(0, 12)} (${state})`);
        else if (shown.get(id) !== state) out.push(`${id.slice(0, 12)} shown ${shown.get(id)}, is ${state}`);
      }
      for (const id of shown.keys()) if (!engine.has(id)) out.push(`stale ${id.slice(0, 12)}`);
      return out;
    }

    /** The rows end equal to a fresh listing of the engine (listed again while it settles). */
    async function converged(timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const diff = difference(shownRows(), await engineRows());
        if (diff.length === 0) return;
        if (Date.now() > deadline) expect(diff, 'rows shown vs a fresh listing').toEqual([]);
        await sleep(250);
      }
    }

    it('dockerd killed and restarted: says it is gone, keeps the rows, then shows exactly the engine’s truth', async () => {
      const running = await create(['sleep', '3600']);
      const exited = await create(['true']);
      const survivor = await create(['sleep', '3600'], { restart: true });
      await list.waitFor(() => [running, exited, survivor].every((id) => list.rows.has(id)), 10_000, 'rows');

      await daemon.kill();
      await connections.waitFor(() => status()?.state === 'reconnecting', 15_000, 'reconnecting');
      expect(status()!.message).toMatch(/^Lost the connection to the Docker engine: .*is not running\./);
      expect(status()!.staleSince).toBeGreaterThan(0);
      expect(status()!.nextRetryAt).toBeGreaterThan(0);
      // Nothing is thrown away while the engine is gone: the rows stay, marked stale by the status.
      expect([running, exited, survivor].every((id) => list.rows.has(id))).toBe(true);

      await daemon.start();
      // Changes made while Berth was away must show, and nothing removed may linger.
      await client.getContainer(exited).remove({ force: true });
      const added = await create(['sleep', '3600']);
      await connections.waitFor(() => status()?.state === 'live', RECOVER_MS, 'live again');
      await converged(10_000);
      expect(list.rows.has(exited)).toBe(false);
      expect(list.rows.has(added)).toBe(true);
      // The engine's events from while Berth was away are in its event log too (backfilled).
      const events = new Subscription(app, 'docker.events', { engineId });
      const happened = (action: string, id: string): boolean =>
        [...events.rows.values()].some((e) => {
          const row = e as unknown as EngineEventRow;
          return row.action === action && row.actorId === id;
        });
      await events.waitFor(
        () => happened('destroy', exited) && happened('create', added),
        10_000,
        'events from while away',
      );
      events.unsubscribe();
    }, 90_000);

    it('dockerd frozen (SIGSTOP) past every deadline: leaves "live", answers calls, then recovers after SIGCONT', async () => {
      const [someId] = [...list.rows.keys()];
      states.length = 0;
      daemon.signal('SIGSTOP');
      const frozenAt = Date.now();
      try {
        await connections.waitFor(() => status()?.state !== 'live', NOTICE_FREEZE_MS + 10_000, 'not live while frozen');
        expect(status()!.message).toMatch(/does not answer/);
        states.length = 0;
        // The app keeps answering: a call on the frozen engine fails in bounded time, with a reason.
        const asked = Date.now();
        const answer = await app.router.invoke('docker.container.inspect', { engineId, id: someId });
        expect(answer.ok).toBe(false);
        expect(Date.now() - asked).toBeLessThan(ENGINE_CALL_TIMEOUT_MS + 3000);
        // Rows are kept (stale) while the engine is frozen.
        expect(list.rows.size).toBeGreaterThan(0);
        await sleep(Math.max(0, frozenAt + FREEZE_MS - Date.now()));
        // Never called live again while frozen (a relist cannot have arrived).
        expect(states).not.toContain('live');
      } finally {
        daemon.signal('SIGCONT');
      }
      await connections.waitFor(() => status()?.state === 'live', RECOVER_MS, 'live after SIGCONT');
      await converged(10_000);
      // It follows events again.
      const after = await create(['sleep', '3600']);
      await list.waitFor(
        () => (list.rows.get(after) as ContainerRow | undefined)?.state === 'running',
        10_000,
        'new row',
      );
    }, 120_000);

    it('the socket’s permissions change under the running app: permission denied is shown, then it recovers', async () => {
      chmodSync(daemon.socket, 0o600); // root only: the backend (nobody, group nogroup) is refused
      const during = await create(['sleep', '3600']);
      await connections.waitFor(
        () => /Permission denied on the Docker socket/.test(status()?.message ?? ''),
        NOTICE_FREEZE_MS + 15_000,
        'permission denied',
      );
      expect(status()!.state).toBe('reconnecting');
      expect(status()!.hint).toMatch(/docker group/);
      expect(list.rows.size).toBeGreaterThan(0);

      chmodSync(daemon.socket, 0o660);
      await connections.waitFor(() => status()?.state === 'live', RECOVER_MS, 'live after the socket is open again');
      await converged(10_000);
      expect(list.rows.has(during)).toBe(true);
    }, 90_000);

    it('a container flood (hundreds created and removed in seconds): rows converge to the engine, batched, memory bounded', async () => {
      const before = await app.counts();
      const eventsBefore = list.events.length;
      const TOTAL = 300;
      const KEEP = 20;
      const started = Date.now();
      let next = 0;
      const kept: string[] = [];
      const worker = async (): Promise<void> => {
        for (let i = next++; i < TOTAL; i = next++) {
          const id = await create(['sleep', '3600'], { start: i % 10 === 0 });
          if (i >= TOTAL - KEEP) kept.push(id);
          else await client.getContainer(id).remove({ force: true });
        }
      };
      await Promise.all(Array.from({ length: 10 }, worker));
      const floodMs = Date.now() - started;
      await converged(30_000);
      expect(kept.every((id) => list.rows.has(id))).toBe(true);
      expect(status()!.state).toBe('live');

      const deltas = list.events.length - eventsBefore;
      const after = await app.counts();
      console.info(
        `[figures] flood: ${TOTAL} containers created and removed in ${floodMs} ms → ${deltas} list messages; backend RSS ${mb(before.rss)} → ${mb(after.rss)} MB`,
      );
      // Batched: at most one message per 100 ms flush (plus slack), not one per engine event (~700).
      expect(deltas).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 100) + 20);
      expect(after.rss - before.rss).toBeLessThan(150 * 1024 * 1024);
      for (const id of kept) await client.getContainer(id).remove({ force: true });
      await converged(15_000);
    }, 120_000);

    it('logs: a 1 MB line and invalid UTF-8 arrive whole, in bounded pieces, with the lines after them', async () => {
      const id = await create([
        'sh',
        '-c',
        `busybox head -c 1048576 /dev/zero | busybox tr '\\0' a; echo; printf '\\377\\376bad\\n'; echo after; sleep 3600`,
      ]);
      const logs = new Subscription<StreamChunk<LogLine>>(app, 'docker.container.logs', {
        engineId,
        id,
        timestamps: false,
      });
      const lines = (): LogLine[] => logs.events.flatMap((c) => c.items);
      await logs.waitFor(() => lines().some((l) => l.text === 'after'), 30_000, 'the line after');
      const all = lines();
      expect(logs.events.reduce((sum, c) => sum + c.dropped, 0)).toBe(0);
      // 1 MB cut into 16 pieces of 64 KB, nothing lost; the bad bytes shown as U+FFFD.
      expect(all.map((l) => (/^a+$/.test(l.text) ? `a×${l.text.length}` : l.text))).toEqual([
        ...Array.from({ length: 16 }, () => `a×${64 * 1024}`),
        '\uFFFD\uFFFDbad',
        'after',
      ]);
      logs.unsubscribe();
      await client.getContainer(id).remove({ force: true });
    }, 60_000);

    it('logs: a burst of lines arrives whole or counted as dropped, never lost silently', async () => {
      const LINES = 50_000;
      const id = await create(['sh', '-c', `busybox seq 1 ${LINES}; echo done; sleep 3600`]);
      const logs = new Subscription<StreamChunk<LogLine>>(app, 'docker.container.logs', {
        engineId,
        id,
        tail: 100_000,
        timestamps: false,
      });
      const lines = (): LogLine[] => logs.events.flatMap((c) => c.items);
      await logs.waitFor(() => lines().some((l) => l.text === 'done'), 30_000, 'the last line');
      const all = lines();
      const dropped = logs.events.reduce((sum, c) => sum + c.dropped, 0);
      console.info(`[figures] log burst: ${all.length} lines delivered, ${dropped} dropped and reported`);
      expect(all.length + dropped).toBe(LINES + 1);
      // What is delivered is in order (the oldest are what a bounded buffer drops).
      const numbers = all.filter((l) => l.text !== 'done').map((l) => Number(l.text));
      expect(numbers.every((n, i) => i === 0 || n > numbers[i - 1]!)).toBe(true);
      logs.unsubscribe();
      await client.getContainer(id).remove({ force: true });
    }, 60_000);

    it('logs: a line that never ends stays bounded, and the app stays responsive', async () => {
      const before = await app.counts();
      const id = await create(
        ['sh', '-c', `s=$(busybox head -c 32768 /dev/zero | busybox tr '\\0' x); while :; do printf %s "$s"; done`],
        { smallLog: true },
      );
      const logs = new Subscription<StreamChunk<LogLine>>(app, 'docker.container.logs', {
        engineId,
        id,
        tail: 0,
        timestamps: false,
      });
      let slowest = 0;
      const until = Date.now() + 5000;
      while (Date.now() < until) {
        const asked = Date.now();
        const answer = await app.router.invoke('docker.container.details', { engineId, id });
        expect(answer.ok).toBe(true);
        slowest = Math.max(slowest, Date.now() - asked);
        await sleep(200);
      }
      const items = logs.events.flatMap((c) => c.items);
      const dropped = logs.events.reduce((sum, c) => sum + c.dropped, 0);
      const during = await app.counts();
      logs.unsubscribe();
      await client.getContainer(id).remove({ force: true });
      console.info(
        `[figures] endless line: ${items.length} pieces in ${logs.events.length} chunks, ${dropped} dropped and reported; slowest call ${slowest} ms; RSS ${mb(before.rss)} → ${mb(during.rss)} MB`,
      );
      expect(items.length).toBeGreaterThan(0);
      // Cut into bounded pieces; each chunk bounded by the batcher (~1.3 M characters).
      expect(items.every((l) => l.text.length <= 64 * 1024)).toBe(true);
      for (const chunk of logs.events) {
        expect(chunk.items.reduce((sum, l) => sum + l.text.length, 0)).toBeLessThanOrEqual(1_400_000);
      }
      expect(slowest).toBeLessThan(2000);
      expect(during.rss - before.rss).toBeLessThan(150 * 1024 * 1024);
    }, 60_000);

    it('afterwards the backend holds no more fds, sockets, timers or children than before the faults', async () => {
      await converged(10_000);
      // Streams released by the cases close after their grace period (5 s); timers fire or clear.
      const deadline = Date.now() + 20_000;
      let now = await app.counts();
      const within = (c: ResourceCounts): boolean =>
        (Object.keys(TOLERANCE) as Array<keyof ResourceCounts>).every((k) => c[k] <= baseline[k] + TOLERANCE[k]);
      while (!within(now) && Date.now() < deadline) {
        await sleep(500);
        now = await app.counts();
      }
      console.info(
        `[figures] backend resources before the faults ${JSON.stringify(baseline)}, after ${JSON.stringify(now)}`,
      );
      for (const key of Object.keys(TOLERANCE) as Array<keyof ResourceCounts>) {
        expect(now[key], key).toBeLessThanOrEqual(baseline[key] + TOLERANCE[key]);
      }
      expect(status()!.state).toBe('live');
    }, 60_000);
  },
);

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}
