import type { CollectionEvent } from '../../../shared/collection';
import type { KubeRow } from '../../../shared/kube/types';

/**
 * A row as the tables get it: references other than owners stay in the main process. The
 * table shows none of them; owners link a pod to its ReplicaSet in a Deployment's details;
 * the details panel gets the rest with the object. Pods' other references (node, account,
 * the projected ConfigMap) are about a third of each row's bytes.
 */
export function tableRow(row: KubeRow): KubeRow {
  const { refs } = row;
  if (!refs) return row;
  let owners = 0;
  for (const ref of refs) if (ref.relation === 'owner') owners += 1;
  if (owners === refs.length) return row;
  const { refs: _all, ...rest } = row;
  return owners > 0 ? { ...rest, refs: refs.filter((ref) => ref.relation === 'owner') } : rest;
}

/** A collection event of table rows. */
export function tableRowsEvent(event: CollectionEvent<KubeRow>): CollectionEvent<KubeRow> {
  return event.type === 'snapshot'
    ? { ...event, rows: event.rows.map(tableRow) }
    : { ...event, upserts: event.upserts.map(tableRow) };
}
