import { describe, expect, it } from 'vitest';
import type { EngineEventRow } from '../../../shared/docker';
import { WarningTracker } from './engineWarnings';

const T0 = 1_700_000_000_000;
let seq = 0;

/** A container event as the event log rows it (sequences below are what dockerd 20.10 emits). */
function ev(id: string, action: string, t: number, attributes: Record<string, string> = {}): EngineEventRow {
  return {
    id: `${t}-${seq++}`,
    engineId: 'e',
    t,
    type: 'container',
    action,
    actorId: id,
    actorName: `name-${id}`,
    attributes,
  };
}

function feed(tracker: WarningTracker, events: EngineEventRow[]) {
  return events.map((e) => tracker.apply(e));
}

const summary = (tracker: WarningTracker) =>
  tracker.warnings.map((w) => [w.containerName, w.kind, w.exitCode, w.signal, w.count, w.removed ?? false]);

describe('engine warnings from events', () => {
  it('a non-zero exit is a warning; a clean exit is not', () => {
    const tracker = new WarningTracker('e');
    feed(tracker, [
      ev('a', 'start', T0),
      ev('a', 'die', T0 + 10, { exitCode: '3' }),
      ev('b', 'die', T0 + 20, { exitCode: '0' }),
    ]);
    expect(summary(tracker)).toEqual([['name-a', 'exited', 3, undefined, 1, false]]);
    expect(tracker.warnings[0]).toMatchObject({ engineId: 'e', containerId: 'a', t: T0 + 10 });
  });

  it('docker kill: the death says it was killed, with the signal', () => {
    const tracker = new WarningTracker('e');
    feed(tracker, [ev('k', 'kill', T0, { signal: '9' }), ev('k', 'die', T0 + 5, { exitCode: '137' })]);
    expect(summary(tracker)).toEqual([['name-k', 'killed', 137, '9', 1, false]]);
  });

  it('an OOM is one warning that gets the exit code of the death that follows', () => {
    const tracker = new WarningTracker('e');
    const [oom, die] = feed(tracker, [ev('m', 'oom', T0), ev('m', 'die', T0 + 3, { exitCode: '137' })]);
    expect(summary(tracker)).toEqual([['name-m', 'oom', 137, undefined, 1, false]]);
    expect(oom!.upserts[0]!.id).toBe(die!.upserts[0]!.id);
  });

  it('a health check turning unhealthy is a warning; the exec of each check is not', () => {
    const tracker = new WarningTracker('e');
    feed(tracker, [
      ev('h', 'exec_die', T0, { exitCode: '1' }),
      ev('h', 'health_status: unhealthy', T0 + 1),
      ev('h', 'health_status: healthy', T0 + 2),
    ]);
    expect(summary(tracker)).toEqual([['name-h', 'unhealthy', undefined, undefined, 1, false]]);
  });

  it('what the user asked for takes its warning back: docker stop, restart, rm -f', () => {
    const tracker = new WarningTracker('e');
    const changes = feed(tracker, [
      // docker stop (timed out: SIGTERM, then SIGKILL)
      ev('s', 'kill', T0, { signal: '15' }),
      ev('s', 'kill', T0 + 1000, { signal: '9' }),
      ev('s', 'die', T0 + 1001, { exitCode: '137' }),
      ev('s', 'stop', T0 + 1002),
      // docker restart of a shell that exits 7 on SIGTERM
      ev('r', 'kill', T0, { signal: '15' }),
      ev('r', 'die', T0 + 5, { exitCode: '7' }),
      ev('r', 'stop', T0 + 6),
      ev('r', 'start', T0 + 7),
      // docker rm -f
      ev('f', 'kill', T0, { signal: '9' }),
      ev('f', 'die', T0 + 2, { exitCode: '137' }),
      ev('f', 'destroy', T0 + 3),
    ]);
    expect(tracker.warnings).toEqual([]);
    expect(changes[3]!.deletes).toEqual(['s/killed/137']);
  });

  it('a crashed container that is removed afterwards (--rm) keeps its warning, marked removed', () => {
    const tracker = new WarningTracker('e');
    feed(tracker, [ev('x', 'die', T0, { exitCode: '4' }), ev('x', 'destroy', T0 + 2)]);
    expect(summary(tracker)).toEqual([['name-x', 'exited', 4, undefined, 1, true]]);
  });

  it('a crash loop is one row with a count; a stop after it takes back only the last death', () => {
    const tracker = new WarningTracker('e');
    feed(tracker, [
      ev('c', 'die', T0, { exitCode: '1' }),
      ev('c', 'start', T0 + 1000),
      ev('c', 'die', T0 + 2000, { exitCode: '1' }),
    ]);
    expect(summary(tracker)).toEqual([['name-c', 'exited', 1, undefined, 2, false]]);
    feed(tracker, [ev('c', 'kill', T0 + 2500, { signal: '15' }), ev('c', 'die', T0 + 2600, { exitCode: '1' })]);
    expect(summary(tracker)).toEqual([
      ['name-c', 'killed', 1, '15', 1, false],
      ['name-c', 'exited', 1, undefined, 2, false],
    ]);
    feed(tracker, [ev('c', 'stop', T0 + 2601)]);
    expect(summary(tracker)).toEqual([['name-c', 'exited', 1, undefined, 2, false]]);
  });

  it('keeps the newest warnings only, newest first', () => {
    const tracker = new WarningTracker('e', 3);
    const changes = feed(
      tracker,
      [1, 2, 3, 4].map((i) => ev(`c${i}`, 'die', T0 + i, { exitCode: String(i) })),
    );
    expect(tracker.warnings.map((w) => w.exitCode)).toEqual([4, 3, 2]);
    expect(changes[3]!.deletes).toEqual(['c1/exited/1']);
  });

  it('ignores other object types and a kill long before a death', () => {
    const tracker = new WarningTracker('e');
    feed(tracker, [
      { ...ev('i', 'die', T0, { exitCode: '1' }), type: 'image' },
      ev('l', 'kill', T0, { signal: '1' }),
      ev('l', 'die', T0 + 60_000, { exitCode: '2' }),
    ]);
    expect(summary(tracker)).toEqual([['name-l', 'exited', 2, undefined, 1, false]]);
  });
});
