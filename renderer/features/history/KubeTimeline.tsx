import { useState } from 'react';
import { TIMELINE_KINDS, type TimelineKindKey } from '../../../shared/contract/history';
import { DEFAULT_WINDOW_MS } from './historySeries';
import { TimelinePanel } from './TimelinePanel';
import { useHistory } from './useHistory';

export function hasTimeline(kindKey: string): kindKey is TimelineKindKey {
  return (TIMELINE_KINDS as readonly string[]).includes(kindKey);
}

/**
 * The Timeline tab of a pod or workload: restarts (with the previous container's exit),
 * OOM kills, failing probes, rollouts and scaling, beside the CPU and memory of its pods.
 */
export function KubeTimeline(props: { context: string; kind: TimelineKindKey; namespace: string; name: string }) {
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
    />
  );
}
