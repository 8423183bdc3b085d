import { defineKind } from '../kind';
import type { KubeObject } from '../object';
import { named, ownerRefs, uniqueRefs } from './refs';
import { epochMs } from './timestamps';

interface KubeEvent extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string; fieldPath?: string };
}

/** When it first and last happened, from whichever of the event's clocks is set (as kubectl reads them). */
function timesOf(e: KubeEvent): { first: number | null; last: number | null; count: number } {
  const first = epochMs(e.firstTimestamp) ?? epochMs(e.eventTime) ?? epochMs(e.metadata.creationTimestamp);
  if (e.series) return { first, last: epochMs(e.series.lastObservedTime) ?? first, count: e.series.count ?? 1 };
  return { first, last: epochMs(e.lastTimestamp) ?? first, count: e.count || 1 };
}

export const events = defineKind<KubeEvent>({
  kind: 'Event',
  group: '',
  version: 'v1',
  plural: 'events',
  namespaced: true,
  category: 'Cluster',
  help: 'A note from a Kubernetes component about an object (scheduled, pulled, crashed, scaled); kept about an hour.',
  // What happened last is what a user opens events for (as `kubectl events` and the peers order them).
  sort: { column: 'lastSeen', dir: 'desc' },
  // As kubectl and the peers call an event that is not a warning.
  healthWords: { ok: 'Normal' },
  columns: [
    { id: 'lastSeen', label: 'Last seen', align: 'end', format: 'age' },
    // The health column says it (a warning, or healthy for Normal), so it only takes room in the wide set.
    { id: 'type', label: 'Type', wide: true },
    { id: 'reason', label: 'Reason' },
    { id: 'object', label: 'Object', mono: true },
    {
      id: 'subobject',
      label: 'Subobject',
      mono: true,
      wide: true,
      help: 'The part of the object, such as one container',
    },
    { id: 'source', label: 'Source', wide: true },
    { id: 'message', label: 'Message', long: true },
    { id: 'firstSeen', label: 'First seen', align: 'end', format: 'age', wide: true },
    { id: 'count', label: 'Count', align: 'end', format: 'number', wide: true },
  ],
  cells: (e) => {
    const { first, last, count } = timesOf(e);
    const involved = e.involvedObject;
    const source = e.source?.component
      ? [e.source.component, e.source.host].filter(Boolean).join(', ')
      : (e.reportingComponent ?? null);
    return {
      lastSeen: last,
      type: e.type ?? null,
      reason: e.reason ?? null,
      object: involved?.name ? `${(involved.kind ?? '').toLowerCase()}/${involved.name}` : null,
      subobject: involved?.fieldPath ?? null,
      source: source || null,
      message: e.message ?? null,
      firstSeen: first,
      count,
    };
  },
  health: (e) => {
    const what = [e.reason, e.message].filter(Boolean).join(': ');
    return e.type === 'Warning' ? { level: 'warning', reason: what || 'Warning' } : { level: 'ok', reason: what };
  },
  refs: (e) => {
    const o = e.involvedObject;
    return uniqueRefs([...ownerRefs(e), o?.kind ? named('targets', o.kind, o.name, o.namespace, o.uid) : null]);
  },
});
