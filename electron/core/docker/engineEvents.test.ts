import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/app';
import type { EngineEventRow } from '../../../shared/docker';
import { LiveCollection } from '../streams/liveCollection';
import { EngineConnection, type DockerEvent } from './engineConnection';
import { EngineEventLog, RECENT_EVENTS } from './engineEvents';

type Query = Record<string, unknown>;

/**
 * A fake engine: `getEvents` without `until` is the live stream (kept open, written by the
 * test); with `until` it is the backfill query, answered by `past`.
 */
function fakeEngine(past: (query: Query, live: PassThrough) => Promise<PassThrough>) {
  const live: PassThrough[] = [];
  const queries: Query[] = [];
  const client = {
    ping: async () => 'OK',
    version: async () => ({ ApiVersion: '1.41' }),
    getEvents: async (query: Query) => {
      queries.push(query);
      if (query.until === undefined) {
        const stream = new PassThrough();
        live.push(stream);
        return stream;
      }
      return past(query, live.at(-1)!);
    },
  } as unknown as Docker;
  return { client, live, queries, backfills: () => queries.filter((q) => q.until !== undefined) };
}

/** Engine times as dockerd sends them (ns since the epoch, beyond a double's exact integers). */
const T0 = 1_760_000_000_000_000_000;
function ev(action: string, id: string, timeNano: number): DockerEvent {
  return {
    Type: 'container',
    Action: action,
    Actor: { ID: id, Attributes: { name: id, exitCode: '3' } },
    time: Math.floor(timeNano / 1e9),
    timeNano,
  };
}
const lines = (...events: DockerEvent[]): string => events.map((e) => `${JSON.stringify(e)}\n`).join('');

/** A finished backfill answer. */
function answer(...events: DockerEvent[]): PassThrough {
  const stream = new PassThrough();
  stream.end(lines(...events));
  return stream;
}

const engine = { id: 'local', name: 'Docker', source: '/var/run/docker.sock', endpoint: 'unix:///var/run/docker.sock' };
const backoff = { initialMs: 20, maxMs: 80, jitter: 0, random: () => 0.5 };
const NOW = 1_760_000_100_000; // ms, 100 s after T0
const until = async (check: () => boolean, ms = 2000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('EngineEventLog backfill', () => {
  let connection: EngineConnection | undefined;
  let log: EngineEventLog | undefined;
  afterEach(() => {
    log?.dispose();
    connection?.dispose();
  });

  function setUp(fake: ReturnType<typeof fakeEngine>, timeoutMs = 3000) {
    const connections = new LiveCollection<ConnectionStatus>();
    const states: Array<ConnectionStatus['state']> = [];
    const upsert = connections.upsert.bind(connections);
    connections.upsert = (row) => {
      states.push(row.state);
      upsert(row);
    };
    connection = new EngineConnection({ engine, connections, createClient: () => fake.client, backoff });
    log = new EngineEventLog('local', connection, { now: () => NOW, backfillTimeoutMs: timeoutMs });
    const seen: EngineEventRow[] = [];
    const rows = new Map<string, EngineEventRow>();
    log.subscribe((e) => {
      for (const row of e.type === 'snapshot' ? e.rows : e.upserts) {
        seen.push(row);
        rows.set(row.id, row);
      }
      if (e.type === 'delta') for (const id of e.deletes) rows.delete(id);
    });
    const status = (): ConnectionStatus['state'] | undefined => connections.get('docker:local')?.state;
    return { seen, rows, status, states };
  }

  it('on the first connect asks for the last hour up to now, and puts it before the held live events, once each', async () => {
    const fake = fakeEngine(async (_query, live) => {
      // Happens while the backfill is asked for: in both the live stream and the answer.
      live.write(lines(ev('start', 'b', T0 + 2e9), ev('die', 'b', T0 + 3e9)));
      return answer(ev('create', 'a', T0), ev('die', 'a', T0 + 1e9), ev('start', 'b', T0 + 2e9));
    });
    const { seen, status } = setUp(fake);
    connection!.start();
    await until(() => seen.length >= 4 && status() === 'live');
    await new Promise((r) => setTimeout(r, 150));

    expect(fake.backfills()).toEqual([
      {
        since: '1759996500.000000000', // NOW − 1 h
        until: '1760000100.000000000', // NOW
        filters: { type: ['container', 'image', 'volume', 'network'] },
        abortSignal: expect.any(AbortSignal),
      },
    ]);
    expect(seen.map((r) => `${r.action}:${r.actorId}`)).toEqual(['create:a', 'die:a', 'start:b', 'die:b']);
    expect(seen.map((r) => r.t)).toEqual([...seen.map((r) => r.t)].sort((x, y) => x - y));
    expect(new Set(seen.map((r) => r.id)).size).toBe(4);
  });

  it('after a reconnect asks from the last event seen (engine time), fills the gap, keeps that event once', async () => {
    const last = ev('die', 'a', T0 + 5_123_456_789);
    let attempt = 0;
    const fake = fakeEngine(async () => {
      attempt += 1;
      if (attempt === 1) return answer(ev('create', 'a', T0), last);
      return answer(last, ev('create', 'gap', T0 + 7e9), ev('die', 'gap', T0 + 8e9));
    });
    const { seen, status } = setUp(fake);
    connection!.start();
    await until(() => seen.length === 2 && status() === 'live');
    fake.live[0]!.end(); // the engine went away
    await until(() => status() === 'reconnecting');
    await until(() => status() === 'live' && seen.length >= 4);
    await new Promise((r) => setTimeout(r, 150));

    const [, second] = fake.backfills();
    // The last event's time to the ns (minus 1 µs for a double's rounding), up to now.
    expect(second).toMatchObject({ since: '1760000005.123455768', until: '1760000100.000000000' });
    expect(seen.map((r) => `${r.action}:${r.actorId}`)).toEqual(['create:a', 'die:a', 'create:gap', 'die:gap']);
  });

  it('asks until the last event seen when the engine’s clock is ahead of ours (the engine refuses until < since)', async () => {
    const ahead = ev('die', 'a', T0 + 500e9); // 400 s after our NOW
    const fake = fakeEngine(async () => answer(ahead));
    const { seen, status } = setUp(fake);
    connection!.start();
    await until(() => seen.length === 1 && status() === 'live');
    fake.live[0]!.end();
    await until(() => status() === 'reconnecting');
    await until(() => status() === 'live' && fake.backfills().length === 2);
    const second = fake.backfills()[1]!;
    expect(BigInt((second.until as string).replace('.', ''))).toBeGreaterThanOrEqual(
      BigInt((second.since as string).replace('.', '')),
    );
    expect(second.until).toBe('1760000500.000000000');
    await new Promise((r) => setTimeout(r, 150));
    expect(seen).toHaveLength(1);
  });

  it('goes live after the timeout when the engine does not answer, keeping what arrived, then the live events', async () => {
    const fake = fakeEngine(async (_query, live) => {
      live.write(lines(ev('start', 'b', T0 + 2e9)));
      const stream = new PassThrough();
      stream.write(lines(ev('create', 'a', T0), ev('start', 'b', T0 + 2e9))); // … and nothing more
      return stream;
    });
    const { seen, status } = setUp(fake, 100);
    const started = Date.now();
    connection!.start();
    await until(() => status() === 'live');
    expect(Date.now() - started).toBeLessThan(1000);
    await until(() => seen.length >= 2);
    await new Promise((r) => setTimeout(r, 150));
    expect(seen.map((r) => `${r.action}:${r.actorId}`)).toEqual(['create:a', 'start:b']);
  });

  it('ignores a failed backfill: the connection goes live as usual, live events still come', async () => {
    const fake = fakeEngine(async () => {
      throw Object.assign(new Error('(HTTP code 400) bad parameter'), { statusCode: 400 });
    });
    const { seen, status, states } = setUp(fake);
    connection!.start();
    await until(() => status() === 'live');
    expect(states).toEqual(['connecting', 'live']);
    fake.live[0]!.write(lines(ev('start', 'x', T0)));
    await until(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ action: 'start', actorId: 'x' });
  });

  it(`keeps the dedupe memory to the log's ${RECENT_EVENTS} events`, async () => {
    const fake = fakeEngine(async () => answer());
    const { rows, status } = setUp(fake);
    connection!.start();
    await until(() => status() === 'live');
    const many = Array.from({ length: RECENT_EVENTS + 50 }, (_, i) => ev('start', `c${i}`, T0 + i * 1e6));
    fake.live[0]!.write(lines(...many));
    await until(
      () => rows.size === RECENT_EVENTS && rows.has(`${T0 + (RECENT_EVENTS + 49) * 1e6}-${RECENT_EVENTS + 49}`),
    );
    const memory = (log as unknown as { rowIds: Map<string, string> }).rowIds;
    expect(memory.size).toBe(RECENT_EVENTS);
  });
});
