/**
 * Where a timeline point leads (pure): a run that ended leads to its logs (a Docker container's
 * log spans all its runs; a Kubernetes container's last run is its `--previous` log), and an
 * entry that is a Kubernetes Event leads to that Event. A point without a target opens its
 * details in the timeline.
 */
import { TIMELINE_KINDS, type TimelineKindKey } from '../../../shared/contract/history';
import type { TimelineEvent, TimelineKind } from '../../../shared/history';
import type { LinkTarget } from '../kubernetes/objectLinks';

export type TimelineTarget =
  | { to: 'logs' }
  | { to: 'previousLogs'; pod: string; container: string }
  | { to: 'event'; namespace?: string; name: string };

/** Entries about a run that ended: its logs say why. */
const ENDED: ReadonlySet<TimelineKind> = new Set(['exit', 'restart', 'oom']);

/** The targets of an entry, the one its point opens first. */
export function timelineTargets(event: TimelineEvent, source: 'docker' | 'kube'): TimelineTarget[] {
  // A Docker engine event has nothing more to open than the details the timeline shows.
  if (source === 'docker') return ENDED.has(event.kind) ? [{ to: 'logs' }] : [];
  const out: TimelineTarget[] = [];
  const previous = event.previous;
  if (previous?.pod && ENDED.has(event.kind))
    out.push({ to: 'previousLogs', pod: previous.pod, container: previous.container });
  if (event.event) out.push({ to: 'event', ...event.event });
  return out;
}

/** The words of a target, for its button (and the point's accessible name). */
export function targetLabel(target: TimelineTarget, subject: string): string {
  switch (target.to) {
    case 'logs':
      return 'Open the logs';
    case 'previousLogs':
      return target.pod === subject
        ? `Previous logs of ${target.container}`
        : `Previous logs of ${target.container} in ${target.pod}`;
    case 'event':
      return 'Open the event';
  }
}

/** One way out of an entry: a button in its details (the first is what its point opens). */
export interface TimelineAction {
  label: string;
  open: () => void;
}

/** What a Docker container's entries open: a run that ended opens the logs (the engine keeps them across runs). */
export function dockerTimelineActions(name: string, openLogs: () => void): (event: TimelineEvent) => TimelineAction[] {
  return (event) =>
    timelineTargets(event, 'docker').map((target) => ({ label: targetLabel(target, name), open: openLogs }));
}

export function hasTimeline(kindKey: string): kindKey is TimelineKindKey {
  return (TIMELINE_KINDS as readonly string[]).includes(kindKey);
}

/** Where a target is in the Kubernetes view: a pod's Logs tab on one container's previous run, or an Event. */
export function kubeTargetLink(target: TimelineTarget, namespace: string): LinkTarget | null {
  switch (target.to) {
    case 'previousLogs':
      return {
        kind: 'pods',
        namespace,
        name: target.pod,
        tab: 'logs',
        logContainer: target.container,
        previousLogs: true,
      };
    case 'event':
      return { kind: 'events', namespace: target.namespace ?? namespace, name: target.name };
    default:
      return null;
  }
}

/** What a pod's or workload's entries open in the Kubernetes view: the previous container's logs, or the Event. */
export function kubeTimelineActions(
  name: string,
  namespace: string,
  onOpen: (target: LinkTarget) => void,
): (event: TimelineEvent) => TimelineAction[] {
  return (event) =>
    timelineTargets(event, 'kube').flatMap((target) => {
      const link = kubeTargetLink(target, namespace);
      return link ? [{ label: targetLabel(target, name), open: () => onOpen(link) }] : [];
    });
}
