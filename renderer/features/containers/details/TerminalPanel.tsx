/**
 * The Terminal tab of a container: a shell inside it while it runs; otherwise why there is none.
 */
import { useEffect, useState } from 'react';
import type { ContainerState } from '../../../../shared/docker';
import { api } from '../../../api/client';
import { TerminalView } from '../../terminal/TerminalView';
import { containerTerminal } from '../../terminal/terminalSource';

export function TerminalPanel(props: {
  engineId: string;
  containerId: string;
  /** The container's state, when the caller knows it; otherwise the tab asks the engine. */
  state?: ContainerState;
  containerName?: string;
}) {
  const { engineId, containerId } = props;
  const [knownState, setKnownState] = useState<ContainerState | 'unknown' | undefined>(props.state);
  const state = props.state ?? knownState;
  const running = state === 'running';

  // Without a state from the caller, look it up once.
  useEffect(() => {
    if (props.state) return;
    let live = true;
    api.invoke('docker.container.details', { engineId, id: containerId }).then(
      (d) => live && setKnownState(d.state.running ? (d.state.paused ? 'paused' : 'running') : 'exited'),
      () => live && setKnownState('unknown'),
    );
    return () => {
      live = false;
    };
  }, [props.state, engineId, containerId]);

  if (state === undefined) return <p className="muted">Checking the container…</p>;
  if (!running) {
    return (
      <section className="terminal-unavailable empty-state" aria-label="Terminal">
        <h2>No shell: the container is not running</h2>
        <p>
          {props.containerName ?? containerId.slice(0, 12)} is{' '}
          <strong>{state === 'unknown' ? 'in an unknown state' : state}</strong>. A terminal runs a shell inside a
          running container{state === 'paused' ? '; unpause it first' : '; start it first'}.
        </p>
      </section>
    );
  }
  return <TerminalView source={containerTerminal(engineId, containerId)} />;
}
