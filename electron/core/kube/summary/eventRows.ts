import type { KubeEventRow, KubeRow } from '../../../../shared/kube/types';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function epoch(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * An Event's slim row (the `events` kind: cells type, reason, message, count, lastSeen,
 * firstSeen, source; a `targets` reference to the involved object) as the event row the
 * Overview and the Events tab show.
 */
export function eventRowOf(row: KubeRow): KubeEventRow {
  const { cells } = row;
  const target = row.refs?.find((ref) => ref.relation === 'targets');
  const lastSeen = epoch(cells.lastSeen, row.createdAt);
  const source = text(cells.source);
  return {
    id: row.id,
    type: text(cells.type) ?? 'Normal',
    reason: text(cells.reason) ?? '',
    message: text(cells.message) ?? '',
    count: typeof cells.count === 'number' ? cells.count : 1,
    lastSeen,
    firstSeen: epoch(cells.firstSeen, lastSeen),
    ...(source ? { source } : {}),
    involved: target
      ? {
          kind: target.kind,
          name: target.name,
          ...(target.namespace ? { namespace: target.namespace } : {}),
          ...(target.uid ? { uid: target.uid } : {}),
        }
      : { kind: '', name: '' },
    object: { name: row.name, ...(row.namespace ? { namespace: row.namespace } : {}) },
  };
}
