// Node, Namespace and Event on objects captured from the seeded test cluster A (fixtures/*.json).
import { describe, expect, it } from 'vitest';
import { kindInfo, toRow } from '../kind';
import { events } from './event';
import eventFixtures from './fixtures/events.json';
import namespaceFixtures from './fixtures/namespaces.json';
import nodeFixtures from './fixtures/nodes.json';
import { all, pick } from './fixtures/pick';
import podFixtures from './fixtures/pods.json';
import { namespaces } from './namespace';
import { nodes } from './node';

describe('Node', () => {
  it('kwok-a-node-0 is Ready', () => {
    const row = toRow(nodes, pick(nodeFixtures, 'kwok-a-node-0'));
    expect(row.cells).toMatchObject({ status: 'Ready', internalIP: '127.0.0.1' });
    expect(row.cells.version).toEqual(expect.any(String));
    expect(row.health).toEqual({ level: 'ok', reason: 'Ready' });
  });

  it('cordoned, it is a warning: SchedulingDisabled', () => {
    const node = pick(nodeFixtures, 'kwok-a-node-0');
    node.spec = { ...(node.spec as object), unschedulable: true };
    expect(toRow(nodes, node).cells.status).toBe('Ready,SchedulingDisabled');
    expect(toRow(nodes, node).health).toEqual({
      level: 'warning',
      reason: 'SchedulingDisabled: cordoned, no new pods',
    });
  });

  it('under memory pressure it is a warning; when its kubelet stops reporting, failing', () => {
    const node = pick(nodeFixtures, 'kwok-a-node-0');
    const conditions = (
      node.status as { conditions: Array<{ type: string; status: string; reason?: string; message?: string }> }
    ).conditions;
    const memory = conditions.find((c) => c.type === 'MemoryPressure')!;
    Object.assign(memory, {
      status: 'True',
      reason: 'KubeletHasInsufficientMemory',
      message: 'kubelet has insufficient memory available',
    });
    expect(toRow(nodes, node).health).toEqual({
      level: 'warning',
      reason: 'KubeletHasInsufficientMemory: kubelet has insufficient memory available',
    });
    Object.assign(
      conditions.find((c) => c.type === 'Ready')!,
      {
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      },
    );
    expect(toRow(nodes, node).cells.status).toBe('NotReady');
    expect(toRow(nodes, node).health).toEqual({
      level: 'failing',
      reason: 'Unknown: Kubelet stopped posting node status.',
    });
  });
});

describe('Namespace', () => {
  it('team-a is Active', () => {
    const row = toRow(namespaces, pick(namespaceFixtures, 'team-a'));
    expect(row.cells).toEqual({ status: 'Active' });
    expect(row.labels).toMatchObject({ team: 'a' });
    expect(row.health.level).toBe('ok');
  });
});

describe('Event', () => {
  it('the BackOff of crashloop-demo is a warning about that pod, by uid', () => {
    const pod = pick(podFixtures, 'crashloop-demo', 'team-a');
    const row = toRow(events, pick(eventFixtures, 'crashloop-demo.backoff', 'team-a'));
    expect(row.cells).toMatchObject({
      type: 'Warning',
      reason: 'BackOff',
      object: 'pod/crashloop-demo',
      subobject: 'spec.containers{app}',
      source: 'kubelet, kwok-a-node-0',
      count: 5,
    });
    expect(row.cells.lastSeen).toBe(row.cells.firstSeen);
    expect(row.health.level).toBe('warning');
    expect(row.health.reason).toMatch(/^BackOff: Back-off restarting failed container app/);
    expect(row.refs).toEqual([
      { relation: 'targets', kind: 'Pod', name: 'crashloop-demo', namespace: 'team-a', uid: pod.metadata.uid },
    ]);
  });

  it('the scheduler’s FailedScheduling of pending-demo says why, from its reporting component', () => {
    const event = all(eventFixtures).find(
      (e) => e.reason === 'FailedScheduling' && (e.involvedObject as { name: string }).name === 'pending-demo',
    )!;
    const row = toRow(events, event);
    expect(row.cells.source).toMatch(/scheduler/);
    expect(row.cells.message).toMatch(/^0\/3 nodes are available/);
    expect(row.cells.lastSeen).toEqual(expect.any(Number));
  });

  it('calls a healthy event Normal, as kubectl does, and keeps Warning', () => {
    expect(kindInfo(events).healthWords).toEqual({ ok: 'Normal' });
    const normal = all(eventFixtures).find((e) => e.type === 'Normal')!;
    expect(toRow(events, normal).health.level).toBe('ok');
  });
});
