import { useState } from 'react';
import { DEFAULT_WINDOW_MS } from './historySeries';
import { TimelinePanel } from './TimelinePanel';
import { targetLabel, timelineTargets } from './timelineTargets';
import { useHistory } from './useHistory';

/**
 * The Timeline tab of a container: its exits, restarts, OOM kills and health beside its CPU and
 * memory. An exit, restart or OOM kill opens its logs (the engine keeps them across runs).
 */
export function ContainerTimeline(props: { engineId: string; containerId: string; name: string; onLogs: () => void }) {
  const [windowMs, setWindowMs] = useState(DEFAULT_WINDOW_MS);
  const history = useHistory('history.container', { engineId: props.engineId, id: props.containerId, windowMs });
  return (
    <TimelinePanel
      name={props.name}
      history={history.value}
      error={history.error}
      windowMs={windowMs}
      onWindow={setWindowMs}
      actions={(event) =>
        timelineTargets(event, 'docker').map((target) => ({
          label: targetLabel(target, props.name),
          open: props.onLogs,
        }))
      }
    />
  );
}
