import { defineKind } from '../kind';
import type { KubeObject, LabelSelector } from '../object';
import { conditionOf, describeCondition, type Condition } from './conditions';
import { TEMPLATE_COLUMNS, templateCells, type PodTemplate } from './podSpec';
import { ownerRefs } from './refs';
import { replicaHealth } from './replicas';

interface Deployment extends KubeObject {
  spec?: { replicas?: number; paused?: boolean; selector?: LabelSelector; template?: PodTemplate };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: Condition[];
  };
}

export const deployments = defineKind<Deployment>({
  kind: 'Deployment',
  group: 'apps',
  version: 'v1',
  plural: 'deployments',
  namespaced: true,
  category: 'Workloads',
  actions: ['scale', 'restart'],
  help: 'Keeps a number of identical pods running and replaces them gradually when their template changes.',
  columns: [
    { id: 'ready', label: 'Ready', align: 'end', help: 'Ready pods / desired pods' },
    { id: 'upToDate', label: 'Up-to-date', align: 'end', format: 'number', help: 'Pods running the latest template' },
    { id: 'available', label: 'Available', align: 'end', format: 'number' },
    ...TEMPLATE_COLUMNS,
  ],
  cells: (d) => ({
    ready: `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
    upToDate: d.status?.updatedReplicas ?? 0,
    available: d.status?.availableReplicas ?? 0,
    ...templateCells(d.spec),
  }),
  health: (d) => {
    const st = d.status ?? {};
    const desired = d.spec?.replicas ?? 1;
    const updated = st.updatedReplicas ?? 0;
    const progressing = conditionOf(st.conditions, 'Progressing');
    if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
      // Stuck for good: the old pods may still serve, so say how many.
      const counts = `${updated}/${desired} updated, ${st.readyReplicas ?? 0}/${desired} ready`;
      const stuck = describeCondition(progressing, 'ProgressDeadlineExceeded').replace(/\.$/, '');
      return { level: 'failing', reason: `${stuck} (${counts})` };
    }
    const replicaFailure = conditionOf(st.conditions, 'ReplicaFailure');
    if (replicaFailure?.status === 'True') {
      return { level: 'failing', reason: describeCondition(replicaFailure, 'ReplicaFailure') };
    }
    return replicaHealth({
      desired,
      ready: st.readyReplicas ?? 0,
      current: st.replicas ?? 0,
      updated,
      paused: d.spec?.paused,
      rollingOut:
        (st.observedGeneration ?? 0) < (d.metadata.generation ?? 0) ||
        updated < desired ||
        (st.replicas ?? 0) > updated,
    });
  },
  refs: ownerRefs,
});
