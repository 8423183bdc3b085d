import { useState } from 'react';
import { DEFAULT_WINDOW_MS } from './historySeries';
import { TimelinePanel } from './TimelinePanel';
import { useHistory } from './useHistory';

/** The Timeline tab of a container: its exits, restarts, OOM kills and health beside its CPU and memory. */
export function ContainerTimeline(props: { engineId: string; containerId: string; name: string }) {
  const [windowMs, setWindowMs] = useState(DEFAULT_WINDOW_MS);
  const history = useHistory('history.container', { engineId: props.engineId, id: props.containerId, windowMs });
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
