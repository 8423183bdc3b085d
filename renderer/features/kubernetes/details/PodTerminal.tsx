import { useState } from 'react';
import { TerminalView } from '../../terminal/TerminalView';
import { podTerminal } from '../../terminal/terminalSource';

/**
 * The Terminal tab of a pod: a shell (sh by default; bash, ash or any command) in one of its
 * containers, through the API server. Init containers have finished, so they are not offered.
 */
export function PodTerminal(props: {
  context: string;
  namespace: string;
  pod: string;
  object: Record<string, unknown> | null;
}) {
  const containers = containerNames(props.object);
  const [chosen, setChosen] = useState<string | null>(null);
  const container = chosen && containers.includes(chosen) ? chosen : containers[0];
  if (!props.object) return <p className="muted">Loading the pod…</p>;
  const phase = (props.object.status as { phase?: string } | undefined)?.phase;
  if (phase !== 'Running' || !container) {
    return (
      <section className="terminal-unavailable empty-state" aria-label="Terminal">
        <h2>No shell: the pod is not running</h2>
        <p>
          {props.pod} is <strong>{phase ?? 'in an unknown phase'}</strong>. A terminal runs a command inside a running
          container.
        </p>
      </section>
    );
  }
  return (
    <>
      {containers.length > 1 && (
        <label className="small">
          Container{' '}
          <select value={container} onChange={(e) => setChosen(e.target.value)} aria-label="Container">
            {containers.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
      )}
      <TerminalView key={container} source={podTerminal(props.context, props.namespace, props.pod, container)} />
    </>
  );
}

function containerNames(object: Record<string, unknown> | null): string[] {
  const containers = (object?.spec as { containers?: unknown } | undefined)?.containers;
  if (!Array.isArray(containers)) return [];
  return containers
    .map((c) => (typeof c === 'object' && c !== null ? (c as { name?: unknown }).name : undefined))
    .filter((n): n is string => typeof n === 'string');
}
