import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../shared/kube/object';
import { defaultLogContainer, hasLogs, podLogContainers, templateContainers } from './logTargets';

const pod: KubeObject = {
  metadata: { name: 'multi', namespace: 'team-a', uid: 'u1' },
  spec: {
    containers: [{ name: 'web' }, { name: 'sidecar' }],
    initContainers: [{ name: 'migrate' }],
    ephemeralContainers: [{ name: 'debugger' }],
  },
  status: {
    containerStatuses: [
      { name: 'web', restartCount: 0, state: { running: {} } },
      { name: 'sidecar', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } },
    ],
    initContainerStatuses: [{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 0 } } }],
    ephemeralContainerStatuses: [{ name: 'debugger', lastState: { terminated: { exitCode: 1 } } }],
  },
};

describe('log targets', () => {
  it('lists regular, init and ephemeral containers, and which have a previous run', () => {
    expect(podLogContainers(pod)).toEqual([
      { name: 'web', role: 'container', restarts: 0, hasPrevious: false },
      { name: 'sidecar', role: 'container', restarts: 3, hasPrevious: true },
      // Terminated now is the current log, not a previous one.
      { name: 'migrate', role: 'init', restarts: 0, hasPrevious: false },
      { name: 'debugger', role: 'ephemeral', restarts: 0, hasPrevious: true },
    ]);
    expect(podLogContainers(null)).toEqual([]);
  });

  it('shows the pod’s default container first, as kubectl does, else the first regular one', () => {
    const list = podLogContainers(pod);
    expect(defaultLogContainer(pod, list)).toBe('web');
    const annotated = {
      ...pod,
      metadata: { ...pod.metadata, annotations: { 'kubectl.kubernetes.io/default-container': 'sidecar' } },
    };
    expect(defaultLogContainer(annotated, list)).toBe('sidecar');
    expect(defaultLogContainer(null, [])).toBeNull();
  });

  it('reads a workload’s containers from its pod template', () => {
    const deployment: KubeObject = {
      metadata: { name: 'api', uid: 'u2' },
      spec: { template: { spec: { containers: [{ name: 'api' }, { name: 'proxy' }] } } },
    };
    expect(templateContainers(deployment)).toEqual(['api', 'proxy']);
    expect(templateContainers(null)).toEqual([]);
  });

  it('offers logs on pods and the workloads that own pods, not on other kinds', () => {
    expect(
      ['pods', 'deployments.apps', 'statefulsets.apps', 'daemonsets.apps', 'replicasets.apps', 'jobs.batch'].every(
        hasLogs,
      ),
    ).toBe(true);
    expect(hasLogs('services')).toBe(false);
    expect(hasLogs('cronjobs.batch')).toBe(false);
  });
});
