/**
 * A pod's Logs tab: the shared log panel, with which container to read (init and ephemeral
 * ones labelled) and, when the container has restarted, its previous run. A link (a timeline's
 * restart) can open it on one container's previous run; choices made here are reported back
 * so the address keeps them.
 */
import { useMemo, useState } from 'react';
import { LogsPanel } from '../../../components/logs/LogsPanel';
import { defaultLogContainer, podLogContainers, roleLabel, type ContainerRole, type ObjectJson } from './logTargets';

const GROUPS: Array<{ role: ContainerRole; label: string }> = [
  { role: 'container', label: 'Containers' },
  { role: 'init', label: 'Init containers' },
  { role: 'ephemeral', label: 'Ephemeral containers' },
];

export interface PodLogsChoice {
  logContainer: string | null;
  previousLogs: boolean;
}

export function PodLogs(props: {
  context: string;
  namespace: string;
  pod: string;
  object: ObjectJson | null;
  /** Where to start (from the address); the pod's default container, its current run, when not given. */
  initial?: Partial<PodLogsChoice>;
  onChoice?: (choice: PodLogsChoice) => void;
}) {
  const containers = useMemo(() => podLogContainers(props.object), [props.object]);
  const [chosen, setChosen] = useState<string | null>(props.initial?.logContainer ?? null);
  const [previous, setPrevious] = useState(props.initial?.previousLogs ?? false);
  const choose = (next: PodLogsChoice): void => {
    setChosen(next.logContainer);
    setPrevious(next.previousLogs);
    props.onChoice?.(next);
  };
  const container = containers.some((c) => c.name === chosen) ? chosen : defaultLogContainer(props.object, containers);
  const entry = containers.find((c) => c.name === container);

  if (!props.object) return <p className="muted">Loading the pod…</p>;
  if (!container || !entry) return <p className="muted">This pod has no containers.</p>;
  const showPrevious = previous && entry.hasPrevious;

  return (
    <LogsPanel
      source={{
        topic: 'kube.pod.logs',
        params: {
          context: props.context,
          namespace: props.namespace,
          pod: props.pod,
          container,
          previous: showPrevious,
        },
        label: `${props.pod}-${container}${showPrevious ? '-previous' : ''}`,
      }}
      sourceControls={
        <>
          <label>
            Container{' '}
            <select
              value={container}
              onChange={(e) => choose({ logContainer: e.target.value, previousLogs: previous })}
              aria-label="Container"
            >
              {GROUPS.map(({ role, label }) => {
                const group = containers.filter((c) => c.role === role);
                if (!group.length) return null;
                return (
                  <optgroup key={role} label={label}>
                    {group.map((c) => (
                      <option key={c.name} value={c.name}>
                        {c.role === 'container' ? c.name : `${c.name} (${roleLabel(c.role)})`}
                        {c.restarts > 0 ? ` · ${c.restarts} restart${c.restarts === 1 ? '' : 's'}` : ''}
                      </option>
                    ))}
                  </optgroup>
                );
              })}
            </select>
          </label>
          {entry.hasPrevious && (
            <label className="check" title="The log of the container's last terminated run">
              <input
                type="checkbox"
                checked={previous}
                onChange={(e) => choose({ logContainer: container, previousLogs: e.target.checked })}
              />
              Previous container
            </label>
          )}
        </>
      }
    />
  );
}
