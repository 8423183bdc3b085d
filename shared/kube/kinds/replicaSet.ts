import { defineKind } from '../kind';
import type { KubeObject, LabelSelector } from '../object';
import { conditionOf, describeCondition, type Condition } from './conditions';
import { TEMPLATE_COLUMNS, templateCells, type PodTemplate } from './podSpec';
import { ownerRefs } from './refs';
import { replicaHealth } from './replicas';

interface ReplicaSet extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector; template?: PodTemplate };
  status?: { replicas?: number; readyReplicas?: number; conditions?: Condition[] };
}

export const replicaSets = defineKind<ReplicaSet>({
  kind: 'ReplicaSet',
  group: 'apps',
  version: 'v1',
  plural: 'replicasets',
  namespaced: true,
  category: 'Workloads',
  actions: ['scale'],
  help: 'Keeps a number of identical pods running; Deployments make one per template version, so old ones sit at zero.',
  columns: [
    { id: 'desired', label: 'Desired', align: 'end', format: 'number' },
    { id: 'current', label: 'Current', align: 'end', format: 'number' },
    { id: 'ready', label: 'Ready', align: 'end', format: 'number' },
    ...TEMPLATE_COLUMNS,
  ],
  cells: (rs) => ({
    desired: rs.spec?.replicas ?? 1,
    current: rs.status?.replicas ?? 0,
    ready: rs.status?.readyReplicas ?? 0,
    ...templateCells(rs.spec),
  }),
  health: (rs) => {
    const failure = conditionOf(rs.status?.conditions, 'ReplicaFailure');
    if (failure?.status === 'True') return { level: 'failing', reason: describeCondition(failure, 'ReplicaFailure') };
    return replicaHealth({
      desired: rs.spec?.replicas ?? 1,
      ready: rs.status?.readyReplicas ?? 0,
      current: rs.status?.replicas ?? 0,
    });
  },
  refs: ownerRefs,
});
