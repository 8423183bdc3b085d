import { defineKind } from '../kind';
import type { KubeObject, LabelSelector } from '../object';
import { TEMPLATE_COLUMNS, templateCells, type PodTemplate } from './podSpec';
import { ownerRefs } from './refs';
import { formatLabels } from './selectors';
import { replicaHealth } from './replicas';

interface DaemonSet extends KubeObject {
  spec?: {
    selector?: LabelSelector;
    template?: PodTemplate & { spec?: { nodeSelector?: Record<string, string> } };
  };
  status?: {
    observedGeneration?: number;
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    numberMisscheduled?: number;
  };
}

export const daemonSets = defineKind<DaemonSet>({
  kind: 'DaemonSet',
  group: 'apps',
  version: 'v1',
  plural: 'daemonsets',
  namespaced: true,
  category: 'Workloads',
  actions: ['restart'],
  help: 'Runs one copy of a pod on every node (or every matching node): log shippers, monitoring agents, network plugins.',
  columns: [
    { id: 'desired', label: 'Desired', align: 'end', format: 'number' },
    { id: 'current', label: 'Current', align: 'end', format: 'number' },
    { id: 'ready', label: 'Ready', align: 'end', format: 'number' },
    { id: 'upToDate', label: 'Up-to-date', align: 'end', format: 'number' },
    { id: 'available', label: 'Available', align: 'end', format: 'number' },
    { id: 'nodeSelector', label: 'Node selector', mono: true, help: 'Only nodes with these labels run a copy' },
    ...TEMPLATE_COLUMNS,
  ],
  cells: (ds) => ({
    desired: ds.status?.desiredNumberScheduled ?? 0,
    current: ds.status?.currentNumberScheduled ?? 0,
    ready: ds.status?.numberReady ?? 0,
    upToDate: ds.status?.updatedNumberScheduled ?? 0,
    available: ds.status?.numberAvailable ?? 0,
    nodeSelector: formatLabels(ds.spec?.template?.spec?.nodeSelector),
    ...templateCells(ds.spec),
  }),
  health: (ds) => {
    const st = ds.status ?? {};
    const desired = st.desiredNumberScheduled ?? 0;
    const updated = st.updatedNumberScheduled ?? 0;
    if (desired === 0) return { level: 'idle', reason: 'No node matches its node selector' };
    if (st.numberMisscheduled) {
      return { level: 'warning', reason: `${st.numberMisscheduled} running on nodes where it should not` };
    }
    return replicaHealth({
      desired,
      ready: st.numberReady ?? 0,
      current: st.currentNumberScheduled ?? 0,
      updated,
      rollingOut: (st.observedGeneration ?? 0) < (ds.metadata.generation ?? 0) || updated < desired,
    });
  },
  refs: ownerRefs,
});
