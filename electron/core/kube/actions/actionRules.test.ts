import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../connection/kubeApiError';
import { accessChecks, deniedReason } from './accessChecks';
import { pdbWaitMessage, skippedByDrain } from './drain';
import { manualJobName } from './objectWrites';

const pod = (meta: object) => ({ metadata: { name: 'p', uid: 'u', ...meta } });

describe('drain', () => {
  it('leaves DaemonSet-owned and mirror pods alone, evicts the rest', () => {
    expect(
      skippedByDrain(
        pod({ ownerReferences: [{ kind: 'DaemonSet', name: 'a', uid: '1', apiVersion: 'apps/v1', controller: true }] }),
      ),
    ).toBe(true);
    expect(skippedByDrain(pod({ annotations: { 'kubernetes.io/config.mirror': 'abc' } }))).toBe(true);
    expect(
      skippedByDrain(
        pod({
          ownerReferences: [{ kind: 'ReplicaSet', name: 'a', uid: '1', apiVersion: 'apps/v1', controller: true }],
        }),
      ),
    ).toBe(false);
    expect(skippedByDrain(pod({}))).toBe(false);
  });

  it('names the PodDisruptionBudget an eviction waits for', () => {
    const refused = new KubeApiError(
      429,
      'TooManyRequests',
      "Cannot evict pod as it would violate the pod's disruption budget.",
      [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently',
        },
      ],
    );
    expect(pdbWaitMessage(refused)).toBe('waiting for PodDisruptionBudget web-pdb (needs 2 healthy, has 2)');
    expect(pdbWaitMessage(new KubeApiError(429, 'TooManyRequests', 'slow down'))).toBe(
      'waiting for a PodDisruptionBudget (slow down)',
    );
  });
});

describe('manual runs of a CronJob', () => {
  it('take the next free number, ignoring other names', () => {
    expect(manualJobName('nightly', [])).toBe('nightly-manual-1');
    expect(manualJobName('nightly', ['nightly-manual-1', 'nightly-manual-7', 'nightly-28391', 'other-manual-9'])).toBe(
      'nightly-manual-8',
    );
    expect(manualJobName('nightly', ['nightly-manual-x'])).toBe('nightly-manual-1');
  });
});

describe('permission checks', () => {
  const deployments = { group: 'apps', plural: 'deployments', namespaced: true };
  const nodes = { group: '', plural: 'nodes', namespaced: false };

  it('ask about the requests each action sends', () => {
    expect(accessChecks('scale', deployments, 'shop')).toEqual([
      { verb: 'update', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'shop' },
    ]);
    expect(accessChecks('drain', nodes, undefined)).toEqual([
      { verb: 'patch', group: '', resource: 'nodes' },
      { verb: 'list', group: '', resource: 'pods' },
      { verb: 'create', group: '', resource: 'pods', subresource: 'eviction' },
    ]);
  });

  it('say who may not do what, where', () => {
    expect(deniedReason('berth-readonly', { verb: 'delete', group: '', resource: 'pods', namespace: 'team-a' })).toBe(
      'berth-readonly may not delete pods in team-a',
    );
    expect(deniedReason('alice', { verb: 'patch', group: '', resource: 'nodes' })).toBe('alice may not patch nodes');
    expect(deniedReason('alice', { verb: 'create', group: '', resource: 'pods', subresource: 'eviction' })).toBe(
      'alice may not create pods/eviction in every namespace',
    );
  });
});
