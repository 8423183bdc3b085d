import { describe, expect, it } from 'vitest';
import type { KindInfo, KubeRow } from '../../../../shared/kube/types';
import { desiredReplicas, offeredActions } from './kubeActionModel';

const kind = (actions?: KindInfo['actions']): KindInfo => ({
  key: 'x',
  kind: 'X',
  group: '',
  version: 'v1',
  plural: 'xs',
  namespaced: true,
  category: 'Workloads',
  columns: [],
  builtin: true,
  ...(actions ? { actions } : {}),
});
const row = (cells: KubeRow['cells']): KubeRow => ({
  id: 'u',
  kind: 'X',
  name: 'n',
  createdAt: 0,
  resourceVersion: '1',
  cells,
  health: { level: 'ok' },
});

describe('the actions offered for an object', () => {
  it('follow its state: a cordoned node offers Uncordon, a suspended cron job Resume; Delete always', () => {
    const node = kind(['cordon', 'uncordon', 'drain']);
    expect(offeredActions(node, row({ status: 'Ready' }))).toEqual(['cordon', 'drain', 'delete']);
    expect(offeredActions(node, row({ status: 'Ready,SchedulingDisabled' }))).toEqual(['uncordon', 'drain', 'delete']);
    const cronJob = kind(['suspend', 'resume', 'trigger']);
    expect(offeredActions(cronJob, row({ suspend: true }))).toEqual(['resume', 'trigger', 'delete']);
    expect(offeredActions(cronJob, row({ suspend: false }))).toEqual(['suspend', 'trigger', 'delete']);
    expect(offeredActions(kind(), row({}))).toEqual(['delete']);
  });

  it('start the scale dialog at the desired replicas', () => {
    expect(desiredReplicas(row({ ready: '2/3' }))).toBe(3);
    expect(desiredReplicas(row({ desired: 5, ready: 4 }))).toBe(5);
    expect(desiredReplicas(row({}))).toBe(1);
  });
});
