import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/app';
import { backoffDelay } from '../net/backoff';
import { LiveCollection } from '../streams/liveCollection';
import { EngineConnection, type DockerEvent } from './engineConnection';

/** A fake engine: refuses the first `failures` pings, then serves an events stream we control. */
function fakeEngine(failures: number) {
  let pings = 0;
  const streams: PassThrough[] = [];
  const client = {
    ping: async () => {
      pings += 1;
      if (pings <= failures)
        throw Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' });
      return 'OK';
    },
    version: async () => ({ ApiVersion: '1.41' }),
    getEvents: async () => {
      const stream = new PassThrough();
      streams.push(stream);
      return stream;
    },
  } as unknown as Docker;
  return { client, streams, pings: () => pings };
}

const engine = { id: 'local', name: 'Docker', source: '/var/run/docker.sock', endpoint: 'unix:///var/run/docker.sock' };
const backoff = { initialMs: 20, maxMs: 80, jitter: 0.5, random: () => 0.5 };
const until = async (check: () => boolean, ms = 2000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('EngineConnection', () => {
  let connection: EngineConnection | undefined;
  afterEach(() => connection?.dispose());

  it('reports the error with a retry time from the backoff, retries, then goes live and relists', async () => {
    const connections = new LiveCollection<ConnectionStatus>();
    const fake = fakeEngine(2);
    const history: ConnectionStatus[] = [];
    const original = connections.upsert.bind(connections);
    connections.upsert = (row) => {
      history.push(row);
      original(row);
    };
    let relists = 0;
    connection = new EngineConnection({ engine, connections, createClient: () => fake.client, backoff });
    connection.onLive(() => {
      relists += 1;
    });
    const before = Date.now();
    connection.start();
    await until(() => connections.get('docker:local')?.state === 'live');

    const errors = history.filter((s) => s.state === 'error');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({
      kind: 'docker',
      name: 'Docker',
      message: 'Docker engine at /var/run/docker.sock is not running.',
    });
    // Attempt 0 then 1: the delays come from backoffDelay (jitter fixed by `random`).
    expect(errors[0]!.nextRetryAt! - before).toBeGreaterThanOrEqual(backoffDelay(0, backoff));
    expect(errors[1]!.nextRetryAt! - errors[0]!.nextRetryAt!).toBeGreaterThanOrEqual(backoffDelay(1, backoff) - 5);
    expect(relists).toBe(1);
    expect(connection.apiVersion).toBe('1.41');
  });

  it('holds events that arrive during the relist and delivers them after it', async () => {
    const connections = new LiveCollection<ConnectionStatus>();
    const fake = fakeEngine(0);
    const seen: string[] = [];
    connection = new EngineConnection({ engine, connections, createClient: () => fake.client, backoff });
    connection.onEvent((e) => seen.push(`event:${e.Action}`));
    connection.onLive(async () => {
      const event: DockerEvent = {
        Type: 'container',
        Action: 'start',
        Actor: { ID: 'x', Attributes: {} },
        time: 1,
        timeNano: 1,
      };
      fake.streams[0]!.write(`${JSON.stringify(event)}\n`);
      await new Promise((r) => setTimeout(r, 20));
      seen.push('relisted');
    });
    connection.start();
    await until(() => seen.length === 2);
    expect(seen).toEqual(['relisted', 'event:start']);
  });

  it('marks a lost engine stale, reconnects and relists again', async () => {
    const connections = new LiveCollection<ConnectionStatus>();
    const fake = fakeEngine(0);
    let relists = 0;
    connection = new EngineConnection({ engine, connections, createClient: () => fake.client, backoff });
    connection.onLive(() => {
      relists += 1;
    });
    connection.start();
    await until(() => connections.get('docker:local')?.state === 'live');
    fake.streams[0]!.end();
    await until(() => connections.get('docker:local')?.state === 'reconnecting');
    const status = connections.get('docker:local')!;
    expect(status.message).toMatch(/^Lost the connection to the Docker engine/);
    expect(status.staleSince).toBeGreaterThan(0);
    await until(() => connections.get('docker:local')?.state === 'live');
    expect(relists).toBe(2);
    expect(connections.get('docker:local')!.staleSince).toBeUndefined();
  });

  it('removes its status row when disposed', async () => {
    const connections = new LiveCollection<ConnectionStatus>();
    connection = new EngineConnection({ engine, connections, createClient: () => fakeEngine(0).client, backoff });
    connection.start();
    await until(() => connections.get('docker:local')?.state === 'live');
    connection.dispose();
    expect(connections.get('docker:local')).toBeUndefined();
  });
});
