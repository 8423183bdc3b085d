/**
 * A workload's Logs tab: the logs of all its pods in one panel, each line with its pod;
 * pods that start later join. With several containers per pod, one or all of them.
 */
import { useMemo, useState } from 'react';
import { WORKLOAD_LOG_PODS, type LogWorkloadKind } from '../../../../shared/contract/kubeLogs';
import { LogsPanel } from '../../../components/logs/LogsPanel';
import { templateContainers, type ObjectJson } from './logTargets';

export function WorkloadLogs(props: {
  context: string;
  namespace: string;
  kind: LogWorkloadKind;
  name: string;
  object: ObjectJson | null;
}) {
  const containers = useMemo(() => templateContainers(props.object), [props.object]);
  const [chosen, setChosen] = useState('');
  const container = containers.includes(chosen) ? chosen : '';

  return (
    <LogsPanel
      source={{
        topic: 'kube.workload.logs',
        params: {
          context: props.context,
          namespace: props.namespace,
          kind: props.kind,
          name: props.name,
          ...(container ? { container } : {}),
        },
        label: `${props.name}${container ? `-${container}` : ''}`,
      }}
      sourceControls={
        <>
          {containers.length > 1 && (
            <label>
              Container{' '}
              <select value={container} onChange={(e) => setChosen(e.target.value)} aria-label="Container">
                <option value="">all containers</option>
                {containers.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <span className="muted small" title="More pods wait and join when a followed one leaves">
            All pods, up to {WORKLOAD_LOG_PODS.default} at once
          </span>
        </>
      }
    />
  );
}
