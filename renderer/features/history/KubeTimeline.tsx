import { useState } from 'react';
import { TIMELINE_KINDS, type TimelineKindKey } from '../../../shared/contract/history';
import type { LinkTarget } from '../kubernetes/objectLinks';
import { DEFAULT_WINDOW_MS } from './historySeries';
import { TimelinePanel } from './TimelinePanel';
import { targetLabel, timelineTargets, type TimelineTarget } from './timelineTargets';
import { useHistory } from './useHistory';

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

/**
 * The Timeline tab of a pod or workload: restarts (with the previous container's exit),
 * OOM kills, failing probes, rollouts and scaling, beside the CPU and memory of its pods.
 * A restart, exit or OOM kill opens the previous container's logs; an Event opens the Event.
 */
export function KubeTimeline(props: {
  context: string;
  kind: TimelineKindKey;
  namespace: string;
  name: string;
  onOpen: (target: LinkTarget) => void;
}) {
  const [windowMs, setWindowMs] = useState(DEFAULT_WINDOW_MS);
  const history = useHistory('history.kube.timeline', {
    context: props.context,
    kind: props.kind,
    namespace: props.namespace,
    name: props.name,
    windowMs,
  });
  return (
    <TimelinePanel
      name={props.name}
      history={history.value}
      error={history.error}
      windowMs={windowMs}
      onWindow={setWindowMs}
      actions={(event) =>
        timelineTargets(event, 'kube').flatMap((target) => {
          const link = kubeTargetLink(target, props.namespace);
          return link ? [{ label: targetLabel(target, props.name), open: () => props.onOpen(link) }] : [];
        })
      }
    />
  );
}
