import { describe, expect, it } from 'vitest';
import type { KindStatus, KubeRow } from '../../../../shared/kube/types';
import { Observable } from '../../app/observable';
import type { Pod } from '../../../../shared/kube/kinds/podStatus';
import {
  ContextHistory,
  podTimeline,
  restartedContainer,
  sumSeries,
  timelineEventOfKube,
  type HistoryRuntime,
} from './contextHistory';

function pod(id: string, phase: string, restarts = 0, extra: Partial<KubeRow['cells']> = {}): KubeRow {
  return {
    id,
    kind: 'Pod',
    name: id,
    namespace: 'ns',
    createdAt: 0,
    resourceVersion: '1',
    cells: { phase, status: phase, restarts, ...extra },
    health: { level: 'ok' },
  } as KubeRow;
}

const runtime: HistoryRuntime = {
  name: 'test',
  acquire: () => Promise.reject(new Error('not in a unit test')),
  metrics: { series: () => [], latest: () => [], intervalMs: 15_000 },
  events: { forUid: () => [] },
  getObject: () => Promise.reject(new Error('not in a unit test')),
};

describe('context history from pod deltas', () => {
  it('keeps pods by state from a snapshot and deltas, and counts restarts as restart counts go up', () => {
    let now = 1_000_000;
    const h = new ContextHistory(runtime, () => now);
    h.applyPods({ type: 'snapshot', seq: 1, rows: [pod('a', 'Running'), pod('b', 'Pending')] });
    h.applyPods({
      type: 'delta',
      seq: 2,
      upserts: [pod('a', 'Running', 2, { lastTermination: 'OOMKilled (exit 137)' }), pod('c', 'Failed')],
      deletes: ['b'],
    });
    now += 1000;
    (h as unknown as { count(): void }).count();
    const d = h.dashboard(5 * 60_000);
    const last = d.states.points.at(-1)!;
    const at = (k: string): number => last.values[d.states.keys.indexOf(k)]!;
    expect([at('running'), at('pending'), at('failed')]).toEqual([1, 0, 1]);
    const totals = d.incidents.reduce((n, p) => ({ r: n.r + p.restarts, o: n.o + p.oomKills }), { r: 0, o: 0 });
    expect(totals).toEqual({ r: 2, o: 1 });
  });

  it('does not count restarts a relist merely finds again', () => {
    const h = new ContextHistory(runtime, () => 5000);
    h.applyPods({ type: 'snapshot', seq: 1, rows: [pod('a', 'Running', 3)] });
    h.applyPods({ type: 'snapshot', seq: 1, rows: [pod('a', 'Running', 3)] });
    expect(h.dashboard(60_000).incidents.reduce((n, p) => n + p.restarts, 0)).toBe(0);
  });
});

describe('the watches a context history holds', () => {
  /** A history over one pods status, recording which watches it holds and releases. */
  function holding(): { h: ContextHistory; status: Observable<KindStatus>; held: string[]; released: string[] } {
    const status = new Observable<KindStatus>({ context: 'test', kind: 'Pod', state: 'listing', listed: 0 });
    const held: string[] = [];
    const released: string[] = [];
    const h = new ContextHistory({
      ...runtime,
      acquire: (kind) => {
        held.push(kind);
        return Promise.resolve({
          cache: { rows: { subscribe: () => () => {}, values: () => [] }, status },
          release: () => released.push(kind),
        });
      },
    });
    return { h, status, held, released };
  }

  it('lists the events only once the pods are listed, and holds neither after dispose', async () => {
    const { h, status, held, released } = holding();
    const started = h.start();
    await new Promise((r) => setTimeout(r, 10));
    status.set({ context: 'test', kind: 'Pod', state: 'listing', listed: 500 });
    await new Promise((r) => setTimeout(r, 10));
    expect(held).toEqual(['pods']);
    status.set({ context: 'test', kind: 'Pod', state: 'live' });
    await started;
    expect(held).toEqual(['pods', 'events']);
    h.dispose();
    expect(released.sort()).toEqual(['events', 'pods']);
  });

  it('stops waiting for the pods list when disposed', async () => {
    const { h, held } = holding();
    const started = h.start();
    await new Promise((r) => setTimeout(r, 10));
    h.dispose();
    await started;
    expect(held).toEqual(['pods']);
  });
});

describe('pod timelines', () => {
  it('shows the last exit with its code and the restart after it, naming the previous container', () => {
    const events = podTimeline({
      metadata: { name: 'p', uid: 'u' },
      status: {
        containerStatuses: [
          {
            name: 'app',
            restartCount: 5,
            lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-12-01T10:00:00Z' } },
            state: { running: { startedAt: '2026-12-01T10:00:10Z' } },
          },
        ],
      },
    } as Pod);
    expect(events.map((e) => [e.kind, e.title])).toEqual([
      ['exit', 'app exited (code 1)'],
      ['restart', 'app restarted (5 restarts in all)'],
    ]);
    // Both the exit and the restart lead to the run that ended: `--previous` of app in pod p.
    for (const e of events) expect(e.previous).toEqual({ container: 'app', pod: 'p', exitCode: 1, reason: 'Error' });
  });

  it('an OOM kill names the killed run, and a workload timeline names the pod in its titles', () => {
    const pod = {
      metadata: { name: 'api-1', uid: 'u' },
      status: {
        containerStatuses: [
          {
            name: 'sidecar',
            restartCount: 1,
            lastState: { terminated: { exitCode: 2, finishedAt: '2026-12-01T09:00:00Z' } },
          },
          {
            name: 'app',
            restartCount: 3,
            lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: '2026-12-01T10:00:00Z' } },
          },
        ],
      },
    } as Pod;
    const oom = podTimeline(pod, 'api-1: ').find((e) => e.kind === 'oom')!;
    expect(oom.title).toBe('api-1: app OOM killed');
    expect(oom.previous).toMatchObject({ container: 'app', pod: 'api-1', reason: 'OOMKilled' });
    // A restart seen as a count going up: the container that restarted most.
    expect(restartedContainer(pod)).toBe('app');
  });

  it('an entry from a Kubernetes Event names that Event, to open it', () => {
    const row = {
      id: 'e-uid',
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      count: 4,
      lastSeen: 2,
      firstSeen: 1,
      involved: { kind: 'Pod', name: 'p', namespace: 'ns', uid: 'u' },
      object: { namespace: 'ns', name: 'p.17a' },
    };
    expect(timelineEventOfKube(row)).toMatchObject({ kind: 'warning', event: { namespace: 'ns', name: 'p.17a' } });
  });

  it('marks failing probes and scaling', () => {
    const base = { id: 'e', message: 'm', count: 3, lastSeen: 1, firstSeen: 0, involved: { kind: 'Pod', name: 'p' } };
    expect(timelineEventOfKube({ ...base, type: 'Warning', reason: 'Unhealthy' }).kind).toBe('unhealthy');
    expect(timelineEventOfKube({ ...base, type: 'Normal', reason: 'ScalingReplicaSet' }).kind).toBe('scale');
  });

  it('sums pod series point by point', () => {
    expect(
      sumSeries([
        [{ t: 1, cpu: 1, memory: 10 }],
        [
          { t: 1, cpu: 2, memory: 20 },
          { t: 2, cpu: 1, memory: 1 },
        ],
      ]),
    ).toEqual([
      { t: 1, cpu: 3, memory: 30 },
      { t: 2, cpu: 1, memory: 1 },
    ]);
  });
});
