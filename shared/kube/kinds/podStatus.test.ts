// kubectl's printed pod status, on the seeded crash-looping pod turned into the other cases
// a user meets (the seeded cluster cannot make every one of them).
import { describe, expect, it } from 'vitest';
import { toRow } from '../kind';
import pods from './fixtures/pods.json';
import { pick } from './fixtures/pick';
import { pods as podKind } from './pod';
import type { Pod } from './podStatus';

function crashLooping(): Pod {
  return pick(pods, 'crashloop-demo', 'team-a') as Pod;
}

function rowOf(pod: Pod) {
  return toRow(podKind, pod);
}

describe('a pod as kubectl prints it, and its health', () => {
  it('is OOMKilled in words when its container was killed for memory', () => {
    const pod = crashLooping();
    const c = pod.status!.containerStatuses![0]!;
    c.lastState = { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: '2026-12-01T20:00:00Z' } };
    const row = rowOf(pod);
    expect(row.cells.lastTermination).toBe('OOMKilled (exit 137)');
    expect(row.cells.lastRestart).toBe(Date.UTC(2026, 11, 1, 20));
    expect(row.health).toEqual({ level: 'failing', reason: 'CrashLoopBackOff: last exit OOMKilled (137), 5 restarts' });
  });

  it('fails with the pull error when its image cannot be pulled', () => {
    const pod = crashLooping();
    const c = pod.status!.containerStatuses![0]!;
    c.restartCount = 0;
    delete c.lastState;
    c.state = {
      waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "ghcr.io/berth/crashy:0.1.0"' },
    };
    const row = rowOf(pod);
    expect(row.cells).toMatchObject({ status: 'ImagePullBackOff', restarts: 0 });
    expect(row.cells).not.toHaveProperty('lastTermination');
    expect(row.health).toEqual({
      level: 'failing',
      reason: 'ImagePullBackOff: Back-off pulling image "ghcr.io/berth/crashy:0.1.0"',
    });
  });

  it('fails when a referenced ConfigMap or Secret is missing', () => {
    const pod = crashLooping();
    const c = pod.status!.containerStatuses![0]!;
    c.restartCount = 0;
    delete c.lastState;
    c.state = { waiting: { reason: 'CreateContainerConfigError', message: 'secret "api-credentials" not found' } };
    expect(rowOf(pod).health).toEqual({
      level: 'failing',
      reason: 'CreateContainerConfigError: secret "api-credentials" not found',
    });
  });

  it('shows the init container that blocks it: Init:CrashLoopBackOff, then Init:0/1 while it runs', () => {
    const pod = crashLooping();
    pod.spec!.initContainers = [{ name: 'migrate', image: 'ghcr.io/berth/migrate:1.0.0' }];
    pod.status!.phase = 'Pending';
    pod.status!.conditions = pod.status!.conditions!.filter((c) => c.type !== 'Initialized');
    pod.status!.initContainerStatuses = [
      {
        name: 'migrate',
        restartCount: 3,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 2, reason: 'Error' } },
      },
    ];
    expect(rowOf(pod).cells).toMatchObject({ status: 'Init:CrashLoopBackOff', restarts: 3 });
    expect(rowOf(pod).health.level).toBe('failing');
    pod.status!.initContainerStatuses[0]!.state = { running: {} };
    expect(rowOf(pod).cells.status).toBe('Init:0/1');
    expect(rowOf(pod).health).toMatchObject({ level: 'warning', reason: 'Init:0/1' });
  });

  it('counts a started sidecar (an init container that keeps running) as a container', () => {
    const pod = crashLooping();
    pod.spec!.initContainers = [{ name: 'proxy', restartPolicy: 'Always' }];
    pod.status!.initContainerStatuses = [{ name: 'proxy', started: true, ready: true, state: { running: {} } }];
    expect(rowOf(pod).cells.ready).toBe('1/2');
  });

  it('is Terminating once deleted, whatever its containers do', () => {
    const pod = crashLooping();
    pod.metadata.deletionTimestamp = '2026-12-01T20:00:00Z';
    expect(rowOf(pod).cells.status).toBe('Terminating');
    expect(rowOf(pod).health).toEqual({ level: 'warning', reason: 'Terminating' });
  });

  it('is idle once Completed, and failing when Evicted', () => {
    const done = crashLooping();
    done.status!.phase = 'Succeeded';
    done.status!.containerStatuses![0]!.state = { terminated: { exitCode: 0, reason: 'Completed' } };
    expect(rowOf(done).cells.status).toBe('Completed');
    expect(rowOf(done).health).toEqual({ level: 'idle', reason: 'Completed' });

    const evicted = crashLooping();
    evicted.status = { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' };
    expect(rowOf(evicted).cells.status).toBe('Evicted');
    expect(rowOf(evicted).health).toEqual({
      level: 'failing',
      reason: 'Evicted: The node was low on resource: memory.',
    });
  });

  it('is Running while one container has completed and another still runs, NotReady once not ready', () => {
    const pod = pick(pods, 'multi-container-demo', 'team-a') as Pod;
    const shipper = pod.status!.containerStatuses!.find((c) => c.name === 'log-shipper')!;
    shipper.ready = false;
    shipper.state = { terminated: { exitCode: 0, reason: 'Completed' } };
    expect(rowOf(pod).cells).toMatchObject({ ready: '1/2', status: 'Running' });
    pod.status!.conditions!.find((c) => c.type === 'Ready')!.status = 'False';
    expect(rowOf(pod).cells.status).toBe('NotReady');
    expect(rowOf(pod).health).toEqual({ level: 'warning', reason: 'NotReady' });
  });

  it('prints ExitCode or Signal when a terminated container gives no reason', () => {
    const pod = crashLooping();
    pod.status!.containerStatuses![0]!.state = { terminated: { exitCode: 3 } };
    expect(rowOf(pod).cells.status).toBe('ExitCode:3');
    pod.status!.containerStatuses![0]!.state = { terminated: { exitCode: 0, signal: 9 } };
    expect(rowOf(pod).cells.status).toBe('Signal:9');
    expect(rowOf(pod).health.level).toBe('failing');
  });
});
