import { defineKind } from '../kind';
import type { KubeObject, LabelSelector } from '../object';
import { conditionOf, describeCondition, type Condition } from './conditions';
import { ownerRefs } from './refs';
import { formatSelector } from './selectors';

interface PodDisruptionBudget extends KubeObject {
  spec?: {
    minAvailable?: number | string;
    maxUnavailable?: number | string;
    selector?: LabelSelector | null;
  };
  status?: {
    currentHealthy?: number;
    desiredHealthy?: number;
    disruptionsAllowed?: number;
    expectedPods?: number;
    conditions?: Condition[];
  };
}

/** kubectl prints N/A for the bound a budget does not set. */
function bound(value: number | string | undefined): string {
  return value === undefined ? 'N/A' : String(value);
}

export const podDisruptionBudgets = defineKind<PodDisruptionBudget>({
  kind: 'PodDisruptionBudget',
  group: 'policy',
  version: 'v1',
  plural: 'poddisruptionbudgets',
  namespaced: true,
  category: 'Config',
  help: 'Limits how many of the pods it selects may be evicted at once: a node drain waits until one more may go.',
  columns: [
    { id: 'minAvailable', label: 'Min available', align: 'end', help: 'Pods that must stay healthy' },
    { id: 'maxUnavailable', label: 'Max unavailable', align: 'end', help: 'Pods that may be down at once' },
    {
      id: 'allowedDisruptions',
      label: 'Allowed disruptions',
      align: 'end',
      format: 'number',
      help: 'Evictions allowed right now; 0 means a drain waits',
    },
    { id: 'selector', label: 'Selector', mono: true, wide: true, help: 'The pods it protects' },
  ],
  cells: (pdb) => ({
    minAvailable: bound(pdb.spec?.minAvailable),
    maxUnavailable: bound(pdb.spec?.maxUnavailable),
    allowedDisruptions: pdb.status?.disruptionsAllowed ?? 0,
    selector: formatSelector(pdb.spec?.selector ?? undefined),
    currentHealthy: pdb.status?.currentHealthy ?? null,
    desiredHealthy: pdb.status?.desiredHealthy ?? null,
  }),
  health: (pdb) => {
    const status = pdb.status;
    const allowed = conditionOf(status?.conditions, 'DisruptionAllowed');
    if (!allowed) return { level: 'unknown', reason: 'Not evaluated yet' };
    if (allowed.status !== 'True' && allowed.reason !== 'InsufficientPods') {
      return { level: 'warning', reason: describeCondition(allowed, 'Disruptions not computed') };
    }
    if (!status?.expectedPods) return { level: 'idle', reason: 'Selects no pods' };
    const allowedNow = status.disruptionsAllowed ?? 0;
    if (allowedNow === 0) {
      return {
        level: 'warning',
        reason: `No disruption allowed (${status.currentHealthy ?? 0} healthy, ${status.desiredHealthy ?? 0} needed): a drain waits`,
      };
    }
    return { level: 'ok', reason: `${allowedNow} disruption${allowedNow === 1 ? '' : 's'} allowed` };
  },
  refs: (pdb) => {
    const selector = pdb.spec?.selector;
    const { namespace } = pdb.metadata;
    // policy/v1: no selector protects no pods, an empty one every pod of the namespace.
    if (!selector) return ownerRefs(pdb);
    return [
      ...ownerRefs(pdb),
      { relation: 'selects', kind: 'Pod', name: '', ...(namespace ? { namespace } : {}), selector },
    ];
  },
});
