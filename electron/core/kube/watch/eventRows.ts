import type { KubeObject } from '../../../../shared/kube/object';
import type { KubeEventRow } from '../../../../shared/kube/types';

/** The fields of a core/v1 Event that a row needs (events.k8s.io fields as the server fills them in v1 too). */
interface EventObject extends KubeObject {
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
}

function time(...values: Array<string | null | undefined>): number {
  for (const value of values) {
    const t = value ? Date.parse(value) : NaN;
    if (Number.isFinite(t)) return t;
  }
  return 0;
}

/** An Event object → the row the Events tab and the Overview show (plain JSON, epoch ms). */
export function toEventRow(object: KubeObject): KubeEventRow {
  const e = object as EventObject;
  const involved = e.involvedObject ?? {};
  const created = e.metadata.creationTimestamp;
  const lastSeen = time(e.series?.lastObservedTime, e.lastTimestamp, e.eventTime, created);
  return {
    id: e.metadata.uid,
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? '',
    count: e.series?.count ?? e.count ?? 1,
    lastSeen,
    firstSeen: time(e.firstTimestamp, e.eventTime, created) || lastSeen,
    ...(e.source?.component || e.reportingComponent ? { source: e.source?.component || e.reportingComponent } : {}),
    involved: {
      kind: involved.kind ?? '',
      name: involved.name ?? '',
      ...(involved.namespace ? { namespace: involved.namespace } : {}),
      ...(involved.uid ? { uid: involved.uid } : {}),
    },
  };
}
