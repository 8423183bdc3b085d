import { defineKind } from '../kind';
import type { KubeObject } from '../object';
import { type Condition } from './conditions';
import { ownerRefs } from './refs';

interface Namespace extends KubeObject {
  status?: { phase?: string; conditions?: Condition[] };
}

export const namespaces = defineKind<Namespace>({
  kind: 'Namespace',
  group: '',
  version: 'v1',
  plural: 'namespaces',
  namespaced: false,
  category: 'Cluster',
  help: 'A named space that groups objects (per team, app or stage), with its own access rules and quotas.',
  columns: [{ id: 'status', label: 'Status' }],
  cells: (ns) => ({ status: ns.status?.phase ?? null }),
  health: (ns) => {
    if (ns.status?.phase !== 'Terminating') return { level: 'ok' };
    // While deleting, a condition True says what holds it back (finalizers, remaining content).
    const stuck = ns.status.conditions?.find((c) => c.status === 'True' && c.message);
    return { level: 'warning', reason: stuck?.message ? `Terminating: ${stuck.message}` : 'Terminating' };
  },
  refs: ownerRefs,
});
