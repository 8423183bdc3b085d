import { DetailsHeader } from '../../../components/DetailsHeader';
import { DetailsPanel } from '../../../components/DetailsPanel';
import { ShowOnMap } from '../../topology/ShowOnMap';
import { useState } from 'react';
import type { KindInfo, KubeRow } from '../../../../shared/kube/types';
import { useMethod } from '../../../api/useMethod';
import { Tabs, type TabDef } from '../../../components/Tabs';
import { HealthBadge } from '../KubeGrid';
import type { KubeDetailsTab } from '../kubeLocation';
import { usageTarget } from '../kubeUsage';
import type { LinkTarget } from '../objectLinks';
import { KubeActionBar } from '../actions/KubeActionBar';
import { KubeEvents } from './KubeEvents';
import { KubeMetrics } from './KubeMetrics';
import { KubeOverview } from './KubeOverview';
import { KubeYaml } from './KubeYaml';
import { PortForwardPanel } from '../forwards/PortForwardPanel';
import { PodTerminal } from './PodTerminal';
import { hasLogs, isLogWorkloadKind } from '../logs/logTargets';
import { PodLogs, type PodLogsChoice } from '../logs/PodLogs';
import { WorkloadLogs } from '../logs/WorkloadLogs';
import { TimelinePanel } from '../../history/TimelinePanel';
import { hasTimeline, kubeTimelineActions } from '../../history/timelineTargets';

/**
 * One object beside its table: health on top, then Overview, Events, Metrics (pods and
 * nodes), Logs (pods and workloads) and YAML. `row` is the live row; the full object is fetched again when it changes.
 */
export function KubeDetailsPanel(props: {
  context: string;
  kind: KindInfo;
  kinds: readonly KindInfo[];
  row: KubeRow | undefined;
  /** Whether the table's rows have arrived (until then a missing row is not news). */
  loaded: boolean;
  missingName: string;
  tab: KubeDetailsTab;
  onTab: (tab: KubeDetailsTab) => void;
  onClose: () => void;
  onLink: (target: LinkTarget) => void;
  /** The Logs tab's choice of container and run, kept in the address (the Kubernetes view). */
  logs?: Partial<PodLogsChoice>;
  onLogs?: (choice: PodLogsChoice) => void;
}) {
  const { row, kind, context } = props;
  const [reveal, setReveal] = useState(false);
  const details = useMethod(
    'kube.object.get',
    row
      ? { context, kind: kind.key, ...(row.namespace ? { namespace: row.namespace } : {}), name: row.name, reveal }
      : null,
    row?.resourceVersion,
  );
  const hasMetrics = usageTarget(kind.key) !== null;
  const forwardKind = kind.key === 'pods' ? 'pod' : kind.key === 'services' ? 'service' : null;
  const tabs: Array<TabDef<KubeDetailsTab>> = [
    { id: 'overview', label: 'Overview' },
    { id: 'events', label: 'Events' },
    ...(hasMetrics ? [{ id: 'metrics' as const, label: 'Metrics' }] : []),
    ...(hasLogs(kind.key) ? [{ id: 'logs' as const, label: 'Logs', shortcut: 'L' }] : []),
    ...(kind.key === 'pods' ? [{ id: 'terminal' as const, label: 'Terminal', shortcut: 'S' }] : []),
    ...(forwardKind ? [{ id: 'forward' as const, label: 'Port forward' }] : []),
    ...(hasTimeline(kind.key) ? [{ id: 'timeline' as const, label: 'Timeline' }] : []),
    { id: 'yaml', label: 'YAML' },
  ];
  const tab = tabs.some((t) => t.id === props.tab) ? props.tab : 'overview';
  const name = row?.name ?? props.missingName;

  return (
    <DetailsPanel label={`Details of ${kind.kind} ${name}`} onClose={props.onClose}>
      <DetailsHeader
        name={name}
        title={row?.id}
        badge={
          row && (
            <>
              <HealthBadge health={row.health} kind={kind} />
              <ShowOnMap context={context} uid={row.id} namespace={row.namespace} />
            </>
          )
        }
        onClose={props.onClose}
      />
      {!row ? (
        <p className="muted">
          {props.loaded
            ? `No ${kind.kind} named ${props.missingName} is listed in the namespaces shown (it was deleted, or is in another namespace).`
            : 'Loading…'}
        </p>
      ) : (
        <>
          <p className="muted small details-kind">
            {kind.kind}
            {row.namespace ? ` in ${row.namespace}` : ''}
            {row.health.reason ? ` · ${row.health.reason}` : ''}
          </p>
          <KubeActionBar context={context} kind={kind} row={row} />
          <Tabs
            label={`Details of ${row.name}`}
            tabs={tabs}
            selected={tab}
            onSelect={props.onTab}
            className="details-tabs"
          >
            {tab === 'overview' && (
              <KubeOverview
                context={context}
                kind={kind}
                kinds={props.kinds}
                row={row}
                object={details.value?.object ?? null}
                refs={details.value?.refs ?? null}
                error={details.error}
                onLink={props.onLink}
              />
            )}
            {tab === 'events' && <KubeEvents context={context} uid={row.id} />}
            {tab === 'metrics' && hasMetrics && (
              <KubeMetrics
                context={context}
                target={kind.key === 'nodes' ? 'node' : 'pod'}
                namespace={row.namespace}
                name={row.name}
              />
            )}
            {tab === 'logs' && row.namespace && kind.key === 'pods' && (
              <PodLogs
                context={context}
                namespace={row.namespace}
                pod={row.name}
                object={details.value?.object ?? null}
                {...(props.logs ? { initial: props.logs } : {})}
                {...(props.onLogs ? { onChoice: props.onLogs } : {})}
              />
            )}
            {tab === 'logs' && row.namespace && isLogWorkloadKind(kind.key) && (
              <WorkloadLogs
                context={context}
                namespace={row.namespace}
                kind={kind.key}
                name={row.name}
                object={details.value?.object ?? null}
              />
            )}
            {tab === 'terminal' && row.namespace && (
              <PodTerminal
                context={context}
                namespace={row.namespace}
                pod={row.name}
                object={details.value?.object ?? null}
              />
            )}
            {tab === 'forward' && forwardKind && row.namespace && (
              <PortForwardPanel
                context={context}
                namespace={row.namespace}
                kind={forwardKind}
                name={row.name}
                object={details.value?.object ?? null}
              />
            )}
            {tab === 'timeline' && hasTimeline(kind.key) && row.namespace && (
              <TimelinePanel
                key={row.id}
                name={row.name}
                source={{
                  method: 'history.kube.timeline',
                  input: { context, kind: kind.key, namespace: row.namespace, name: row.name },
                }}
                actions={kubeTimelineActions(row.name, row.namespace, props.onLink)}
              />
            )}
            {tab === 'yaml' && (
              <KubeYaml
                title={`${kind.kind} ${row.name}`}
                details={details.value}
                error={details.error}
                revealed={reveal}
                onReveal={() => setReveal(true)}
                onHide={() => setReveal(false)}
                target={{
                  context,
                  kind: kind.key,
                  ...(row.namespace ? { namespace: row.namespace } : {}),
                  name: row.name,
                }}
              />
            )}
          </Tabs>
        </>
      )}
    </DetailsPanel>
  );
}
