/**
 * Where a timeline point leads (pure): a run that ended leads to its logs (a Docker container's
 * log spans all its runs; a Kubernetes container's last run is its `--previous` log), and an
 * entry that is a Kubernetes Event leads to that Event. A point without a target opens its
 * details in the timeline.
 */
import type { TimelineEvent, TimelineKind } from '../../../shared/history';

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
