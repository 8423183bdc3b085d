import { describe, expect, it } from 'vitest';
import { annotationsOf, conditionsOf, ownersOf, podContainers } from './objectFacts';

const crashLooping = {
  metadata: {
    name: 'crashloop-demo',
    ownerReferences: [{ kind: 'ReplicaSet', name: 'api-5d8f', uid: 'u1' }, { bogus: true }],
    annotations: { b: '<img src=x onerror=alert(1)>', a: 'x', n: 3 },
  },
  spec: {
    initContainers: [{ name: 'init-schema', image: 'migrate:1' }],
    containers: [
      { name: 'app', image: 'crashy:0.1.0' },
      { name: 'sidecar', image: 'envoy:1' },
    ],
  },
  status: {
    phase: 'Running',
    conditions: [
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: '2026-12-01T20:00:00Z' },
      { type: 'PodScheduled', status: 'True' },
    ],
    initContainerStatuses: [
      {
        name: 'init-schema',
        ready: true,
        restartCount: 0,
        state: { terminated: { reason: 'Completed', exitCode: 0 } },
      },
    ],
    containerStatuses: [
      {
        name: 'app',
        ready: false,
        restartCount: 5,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } },
        lastState: { terminated: { reason: 'Error', exitCode: 1 } },
      },
      { name: 'sidecar', ready: true, restartCount: 0, state: { running: { startedAt: '2026-12-01T20:00:00Z' } } },
    ],
  },
};

describe('what the details panel reads from a full object', () => {
  it("lists a pod's init containers and containers with state, readiness, restarts and last termination", () => {
    expect(podContainers(crashLooping)).toEqual([
      {
        name: 'init-schema',
        init: true,
        image: 'migrate:1',
        state: 'Terminated: Completed (exit 0)',
        tone: 'idle',
        ready: true,
        restarts: 0,
      },
      {
        name: 'app',
        init: false,
        image: 'crashy:0.1.0',
        state: 'Waiting: CrashLoopBackOff',
        message: 'back-off 5m0s restarting failed container',
        tone: 'bad',
        ready: false,
        restarts: 5,
        lastTermination: 'Error, exit code 1',
      },
      { name: 'sidecar', init: false, image: 'envoy:1', state: 'Running', tone: 'ok', ready: true, restarts: 0 },
    ]);
  });

  it('copes with a pod that has no status yet, and with anything that is not a pod', () => {
    expect(podContainers({ spec: { containers: [{ name: 'web', image: 'nginx' }] } })).toEqual([
      { name: 'web', init: false, image: 'nginx', state: 'Not started', tone: 'idle', ready: null, restarts: 0 },
    ]);
    expect(podContainers(null)).toEqual([]);
    expect(podContainers({ spec: { containers: 'nope' } })).toEqual([]);
  });

  it('reads conditions with their time, owners (skipping malformed ones) and string annotations (sorted)', () => {
    expect(conditionsOf(crashLooping)).toEqual([
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady', since: Date.UTC(2026, 11, 1, 20) },
      { type: 'PodScheduled', status: 'True' },
    ]);
    expect(ownersOf(crashLooping)).toEqual([{ kind: 'ReplicaSet', name: 'api-5d8f', uid: 'u1' }]);
    expect(annotationsOf(crashLooping)).toEqual([
      ['a', 'x'],
      ['b', '<img src=x onerror=alert(1)>'],
    ]);
  });
});
