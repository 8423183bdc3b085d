import { describe, expect, it } from 'vitest';
import type { KubeRow } from '../../../../shared/kube/types';
import { ContextSummaryHolder, summarizeContext } from './contextSummary';
import { eventRowOf } from './eventRows';

const T0 = Date.parse('2026-12-01T10:00:00Z');

function pod(name: string, phase: string, status: string, health: KubeRow['health'], ns = 'team-a'): KubeRow {
  return {
    id: `uid-pod-${ns}-${name}`,
    kind: 'Pod',
    name,
    namespace: ns,
    createdAt: T0,
    resourceVersion: '1',
    cells: { ready: '1/1', status, restarts: 0, phase, node: 'kwok-a-node-0' },
    health,
  };
}

function node(name: string, status: string): KubeRow {
  return {
    id: `uid-node-${name}`,
    kind: 'Node',
    name,
    createdAt: T0,
    resourceVersion: '1',
    cells: { status, roles: 'agent', version: 'v1.34.4' },
    health: status.startsWith('Ready') ? { level: 'ok', reason: 'Ready' } : { level: 'failing', reason: 'NotReady' },
  };
}

function event(id: string, type: string, reason: string, lastSeen: number, involved = 'crashloop-demo'): KubeRow {
  return {
    id,
    kind: 'Event',
    name: `${involved}.${id}`,
    namespace: 'team-a',
    createdAt: lastSeen - 60_000,
    resourceVersion: '1',
    cells: {
      lastSeen,
      type,
      reason,
      object: `pod/${involved}`,
      message: `Back-off restarting failed container app in pod ${involved}`,
      firstSeen: lastSeen - 60_000,
      count: 5,
      source: 'kubelet, kwok-a-node-0',
    },
    health: { level: type === 'Warning' ? 'warning' : 'ok', reason },
    refs: [{ relation: 'targets', kind: 'Pod', name: involved, namespace: 'team-a', uid: `uid-${involved}` }],
  };
}

const PODS = [
  pod('web-1', 'Running', 'Running', { level: 'ok', reason: 'Running' }),
  pod('web-2', 'Running', 'Running', { level: 'ok', reason: 'Running' }),
  pod('crashloop-demo', 'Running', 'CrashLoopBackOff', {
    level: 'failing',
    reason: 'CrashLoopBackOff (Error, exit 1)',
  }),
  pod('pending-demo', 'Pending', 'Pending', { level: 'warning', reason: 'Unschedulable: 0/3 nodes are available' }),
  pod('migrate-x7', 'Succeeded', 'Completed', { level: 'idle', reason: 'Completed' }, 'batch'),
  pod('oom', 'Failed', 'OOMKilled', { level: 'failing', reason: 'OOMKilled (exit 137)' }, 'batch'),
];
const NODES = [
  node('kwok-a-node-0', 'Ready'),
  node('kwok-a-node-1', 'Ready,SchedulingDisabled'),
  node('kwok-a-node-2', 'NotReady'),
];

describe('the Overview summary of a context', () => {
  it('counts nodes ready of total, pods by phase and the crash-looping ones', () => {
    const summary = summarizeContext({
      context: 'berth-a',
      pods: PODS,
      nodes: NODES,
      events: [],
      metrics: { state: 'ok' },
    });
    expect(summary).toEqual({
      context: 'berth-a',
      nodes: { ready: 2, total: 3 },
      pods: { running: 3, pending: 1, succeeded: 1, failed: 1, crashLooping: 1, total: 6 },
      warnings: [],
      metrics: { state: 'ok' },
    });
  });

  it('lists the latest warnings, newest first, at most five, and no normal events', () => {
    const events = [
      event('e1', 'Warning', 'BackOff', T0 + 1000),
      event('e2', 'Normal', 'Pulled', T0 + 9000),
      event('e3', 'Warning', 'FailedScheduling', T0 + 5000, 'pending-demo'),
      ...[4, 5, 6, 7, 8].map((i) => event(`e${i}`, 'Warning', 'Unhealthy', T0 + i * 100)),
    ].map(eventRowOf);
    const summary = summarizeContext({
      context: 'berth-a',
      pods: [],
      nodes: [],
      events,
      metrics: { state: 'missing', message: 'not installed' },
    });
    expect(summary.warnings.map((w) => w.id)).toEqual(['e3', 'e1', 'e8', 'e7', 'e6']);
    expect(summary.warnings[0]).toEqual({
      id: 'e3',
      type: 'Warning',
      reason: 'FailedScheduling',
      message: 'Back-off restarting failed container app in pod pending-demo',
      count: 5,
      lastSeen: T0 + 5000,
      firstSeen: T0 + 5000 - 60_000,
      source: 'kubelet, kwok-a-node-0',
      involved: { kind: 'Pod', name: 'pending-demo', namespace: 'team-a', uid: 'uid-pending-demo' },
      object: { namespace: 'team-a', name: 'pending-demo.e3' },
    });
    expect(summary.metrics.state).toBe('missing');
  });
});

describe('the summary kept up to date from watch deltas', () => {
  it('matches a full recount after snapshots, upserts that change phase, deletes and relists', () => {
    const holder = new ContextSummaryHolder('berth-a');
    let changes = 0;
    holder.onChange(() => (changes += 1));
    holder.applyPods({ type: 'snapshot', seq: 0, rows: PODS });
    holder.applyNodes({ type: 'snapshot', seq: 0, rows: NODES });
    const recount = (pods: KubeRow[], nodes: KubeRow[], events: KubeRow[] = []) =>
      summarizeContext({
        context: 'berth-a',
        pods,
        nodes,
        events: events.map(eventRowOf),
        metrics: { state: 'waiting' },
      });
    expect(holder.value).toEqual(recount(PODS, NODES));

    // pending-demo gets scheduled and runs; crashloop-demo is deleted; a node goes NotReady.
    const running = pod('pending-demo', 'Running', 'Running', { level: 'ok', reason: 'Running' });
    const notReady = node('kwok-a-node-0', 'NotReady');
    holder.applyPods({ type: 'delta', seq: 1, upserts: [running], deletes: [PODS[2]!.id] });
    holder.applyNodes({ type: 'delta', seq: 1, upserts: [notReady], deletes: [] });
    const pods = [PODS[0]!, PODS[1]!, running, PODS[4]!, PODS[5]!];
    expect(holder.value).toEqual(recount(pods, [notReady, NODES[1]!, NODES[2]!]));

    // A relist without the batch namespace drops its pods.
    holder.applyPods({ type: 'snapshot', seq: 0, rows: pods.slice(0, 3) });
    expect(holder.value.pods).toEqual({ running: 3, pending: 0, succeeded: 0, failed: 0, crashLooping: 0, total: 3 });
    expect(changes).toBe(5);
    const same = holder.value;
    expect(holder.value).toBe(same); // not rebuilt while nothing changes
  });

  it('keeps the newest warnings as events come, change and go', () => {
    const holder = new ContextSummaryHolder('berth-a', 3);
    const all = [1, 2, 3, 4, 5].map((i) => event(`e${i}`, 'Warning', 'BackOff', T0 + i * 1000));
    holder.applyEvents({ type: 'snapshot', seq: 0, rows: all });
    expect(holder.value.warnings.map((w) => w.id)).toEqual(['e5', 'e4', 'e3']);
    // e1 happens again: it is the newest now.
    holder.applyEvents({ type: 'delta', seq: 1, upserts: [event('e1', 'Warning', 'BackOff', T0 + 9000)], deletes: [] });
    expect(holder.value.warnings.map((w) => w.id)).toEqual(['e1', 'e5', 'e4']);
    // Two of the shown ones expire: older ones move up.
    holder.applyEvents({ type: 'delta', seq: 2, upserts: [], deletes: ['e5', 'e1'] });
    expect(holder.value.warnings.map((w) => w.id)).toEqual(['e4', 'e3', 'e2']);
    // A normal event never shows.
    holder.applyEvents({ type: 'delta', seq: 3, upserts: [event('n1', 'Normal', 'Pulled', T0 + 99_000)], deletes: [] });
    expect(holder.value.warnings.map((w) => w.id)).toEqual(['e4', 'e3', 'e2']);
  });

  it('stays equal to a full recount through a long random sequence of changes', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const holder = new ContextSummaryHolder('c');
    const pods = new Map<string, KubeRow>();
    const events = new Map<string, KubeRow>();
    const phases = [
      ['Running', 'Running'],
      ['Running', 'CrashLoopBackOff'],
      ['Pending', 'ContainerCreating'],
      ['Succeeded', 'Completed'],
      ['Failed', 'Error'],
      ['Unknown', 'Unknown'],
    ] as const;
    for (let step = 0; step < 3000; step++) {
      const id = `p${random(50)}`;
      if (random(4) === 0) {
        pods.delete(id);
        holder.applyPods({ type: 'delta', seq: step, upserts: [], deletes: [id] });
      } else {
        const [phase, status] = phases[random(phases.length)]!;
        const row = { ...pod(id, phase, status, { level: 'ok' }), id };
        pods.set(id, row);
        holder.applyPods({ type: 'delta', seq: step, upserts: [row], deletes: [] });
      }
      const eid = `e${random(30)}`;
      if (random(3) === 0) {
        events.delete(eid);
        holder.applyEvents({ type: 'delta', seq: step, upserts: [], deletes: [eid] });
      } else {
        const row = event(eid, random(2) ? 'Warning' : 'Normal', 'X', T0 + random(100) * 1000);
        events.set(eid, row);
        holder.applyEvents({ type: 'delta', seq: step, upserts: [row], deletes: [] });
      }
      if (step % 100 === 0 || step === 2999) {
        const expected = summarizeContext({
          context: 'c',
          pods: pods.values(),
          nodes: [],
          events: [...events.values()].map(eventRowOf),
          metrics: { state: 'waiting' },
        });
        expect(holder.value).toEqual(expected);
      }
    }
  });
});
