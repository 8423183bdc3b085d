import type { KubeActionName, KubeTarget } from '../../../../shared/kube/actions';
import type { KindInfo, KubeRow } from '../../../../shared/kube/types';

/** The object a button acts on, as the user sees it now (the row is live). */
export function targetOf(context: string, kind: KindInfo, row: KubeRow): KubeTarget {
  return {
    context,
    kind: kind.key,
    ...(row.namespace ? { namespace: row.namespace } : {}),
    name: row.name,
    uid: row.id,
    resourceVersion: row.resourceVersion,
  };
}

/**
 * The actions that make sense for this object now: its kind's actions minus the opposite of
 * its state (a cordoned Node offers Uncordon, a suspended CronJob offers Resume), then Delete.
 */
export function offeredActions(kind: KindInfo, row: KubeRow): KubeActionName[] {
  const cordoned = /SchedulingDisabled/.test(String(row.cells.status ?? ''));
  const suspended = row.cells.suspend === true;
  const hidden = new Set<KubeActionName>([cordoned ? 'cordon' : 'uncordon', suspended ? 'suspend' : 'resume']);
  return [...(kind.actions ?? []).filter((action) => !hidden.has(action)), 'delete'];
}

/** Desired replicas from the row's Ready (`2/3`) or Desired column. */
export function desiredReplicas(row: KubeRow): number {
  const desired = row.cells.desired;
  if (typeof desired === 'number') return desired;
  const match = /\/(\d+)$/.exec(String(row.cells.ready ?? ''));
  return match ? Number(match[1]) : 1;
}

/** Where the object lives, for a confirmation: "namespace shop of context berth-a". */
export function placeOf(context: string, row: KubeRow): string {
  return row.namespace ? `namespace ${row.namespace} of context ${context}` : `context ${context}`;
}
