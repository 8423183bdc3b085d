import { describe, expect, it } from 'vitest';
import nodeFixtures from '../../../../shared/kube/kinds/fixtures/nodes.json';
import { pick } from '../../../../shared/kube/kinds/fixtures/pick';
import podFixtures from '../../../../shared/kube/kinds/fixtures/pods.json';
import { annotationsOf, conditionsOf, nodeFacts, ownersOf, podContainers, podFacts } from './objectFacts';

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

describe('a node, as captured from the seeded test cluster', () => {
  const node = pick(nodeFixtures, 'kwok-a-node-0') as unknown as Record<string, unknown>;
  it('says where it is, what it offers and what runs it', () => {
    expect(nodeFacts(node)).toEqual({
      unschedulable: false,
      addresses: [
        { type: 'InternalIP', address: '127.0.0.1' },
        { type: 'Hostname', address: 'localhost' },
      ],
      podCIDRs: ['198.18.0.0/24'],
      resources: [
        { name: 'cpu', capacity: '32', allocatable: '32' },
        { name: 'memory', capacity: '256Gi', allocatable: '256Gi' },
        { name: 'pods', capacity: '250', allocatable: '250' },
        { name: 'ephemeral-storage', capacity: '1Ti', allocatable: '1Ti' },
      ],
      system: [
        ['Kubelet', 'kwok-0.7.0'],
        ['Container runtime', 'kwok-0.7.0'],
        ['OS image', 'kwok simulated node'],
        ['Kernel', 'kwok-0.7.0'],
        ['OS', 'linux'],
        ['Architecture', 'amd64'],
      ],
      taints: [],
    });
  });

  it('reads a cordoned node with taints, and skips what is malformed', () => {
    const cordoned = {
      ...node,
      spec: {
        unschedulable: true,
        taints: [
          { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
          { key: 'gpu', value: 'a100', effect: 'NoExecute' },
          { value: 'no key' },
        ],
      },
    };
    const facts = nodeFacts(cordoned)!;
    expect(facts.unschedulable).toBe(true);
    expect(facts.taints).toEqual(['node.kubernetes.io/unschedulable:NoSchedule', 'gpu=a100:NoExecute']);
    expect(facts.podCIDRs).toEqual([]);
    expect(nodeFacts(null)).toBeNull();
    expect(nodeFacts({ status: { addresses: 'nope', capacity: [1] } })).toMatchObject({ addresses: [], resources: [] });
  });
});

describe('a pod, as captured from the seeded test cluster', () => {
  const pod = pick(podFixtures, 'multi-container-demo', 'team-a') as unknown as Record<string, unknown>;

  it('says its addresses, class, restart policy, start and the taints it tolerates', () => {
    expect(podFacts(pod)).toEqual({
      ips: ['198.18.0.0'],
      hostIP: '127.0.0.1',
      qosClass: 'BestEffort',
      restartPolicy: 'Always',
      startedAt: Date.UTC(2026, 11, 1, 21, 26, 44),
      tolerations: [
        'node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
        'node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
      ],
    });
  });

  it('names a priority class with its value, a toleration of every taint, and copes with no status', () => {
    const facts = podFacts({
      spec: {
        priorityClassName: 'high',
        priority: 1000,
        tolerations: [{ operator: 'Exists' }, { key: 'gpu', operator: 'Equal', value: 'a100', effect: 'NoSchedule' }],
      },
    });
    expect(facts).toEqual({ ips: [], priority: 'high (1000)', tolerations: ['every taint', 'gpu=a100:NoSchedule'] });
    expect(podFacts(null)).toBeNull();
  });
});
