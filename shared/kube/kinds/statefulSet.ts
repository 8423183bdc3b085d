import { defineKind } from '../kind';
import type { KubeObject, LabelSelector } from '../object';
import { TEMPLATE_COLUMNS, templateCells, type PodTemplate } from './podSpec';
import { named, ownerRefs, uniqueRefs } from './refs';
import { replicaHealth } from './replicas';

interface StatefulSet extends KubeObject {
  spec?: { replicas?: number; serviceName?: string; selector?: LabelSelector; template?: PodTemplate };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
  };
}

export const statefulSets = defineKind<StatefulSet>({
  kind: 'StatefulSet',
  group: 'apps',
  version: 'v1',
  plural: 'statefulsets',
  namespaced: true,
  category: 'Workloads',
  actions: ['scale', 'restart'],
  help: 'Runs pods with stable names and their own volumes (name-0, name-1…), started and replaced one at a time: for databases.',
  columns: [
    { id: 'ready', label: 'Ready', align: 'end', help: 'Ready pods / desired pods' },
    // kubectl shows no selector for StatefulSets, even wide.
    ...TEMPLATE_COLUMNS.filter((c) => c.id !== 'selector'),
  ],
  cells: (s) => {
    const { containers, images } = templateCells(s.spec);
    return { ready: `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`, containers, images };
  },
  health: (s) => {
    const st = s.status ?? {};
    const desired = s.spec?.replicas ?? 1;
    const updated = st.updatedReplicas ?? 0;
    return replicaHealth({
      desired,
      ready: st.readyReplicas ?? 0,
      current: st.replicas ?? 0,
      updated,
      rollingOut:
        (st.observedGeneration ?? 0) < (s.metadata.generation ?? 0) ||
        (!!st.updateRevision && st.updateRevision !== st.currentRevision && updated < desired),
    });
  },
  refs: (s) => uniqueRefs([...ownerRefs(s), named('uses', 'Service', s.spec?.serviceName, s.metadata.namespace)]),
});
