import { DetailsHeader } from '../../../components/DetailsHeader';
import { DetailsPanel } from '../../../components/DetailsPanel';
import { ShowOnMap } from '../../topology/ShowOnMap';
import { useState } from 'react';
import type { ContainerDetails, ContainerRow } from '../../../../shared/docker';
import { useMethod } from '../../../api/useMethod';
import { JsonView } from '../../../components/JsonView';
import { StateBadge } from '../../../components/StateBadge';
import { Tabs, type TabDef } from '../../../components/Tabs';
import { useNow } from '../../../components/useNow';
import { formatAge, formatExactTime } from '../../../format/age';
import { ContainerActionButtons, ContainerActionError } from '../ContainerActionButtons';
import { containerStateLabel, containerTone } from '../containerState';
import { ContainerOverview } from './ContainerOverview';
import { LogsPanel } from '../../../components/logs/LogsPanel';
import { maskInspectEnv } from './secretMask';
import { StatsPanel } from './StatsPanel';
import { TerminalPanel } from './TerminalPanel';
import { TimelinePanel } from '../../history/TimelinePanel';
import { dockerTimelineActions } from '../../history/timelineTargets';

export type DetailsTab = 'overview' | 'logs' | 'terminal' | 'stats' | 'timeline' | 'inspect';

const DETAILS_TABS: ReadonlyArray<TabDef<DetailsTab>> = [
  { id: 'overview', label: 'Overview' },
  { id: 'logs', label: 'Logs', shortcut: 'L' },
  { id: 'terminal', label: 'Terminal', shortcut: 'S' },
  { id: 'stats', label: 'Stats' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'inspect', label: 'Inspect' },
];

export function isDetailsTab(value: string | null): value is DetailsTab {
  return DETAILS_TABS.some((t) => t.id === value);
}

function InspectTab(props: { row: ContainerRow; secretNames: ReadonlySet<string> }) {
  const { row } = props;
  const [reveal, setReveal] = useState(false);
  const inspect = useMethod('docker.container.inspect', { engineId: row.engineId, id: row.id }, row.status);
  if (inspect.error)
    return (
      <div className="error-banner" role="alert">
        Could not inspect {row.name}: {inspect.error}
      </div>
    );
  if (!inspect.value) return <p className="muted">Loading…</p>;
  return (
    <>
      {props.secretNames.size > 0 && (
        <label className="checkbox small">
          <input type="checkbox" checked={reveal} onChange={(event) => setReveal(event.target.checked)} />
          Show secret-looking environment values ({props.secretNames.size})
        </label>
      )}
      <JsonView
        value={reveal ? inspect.value : maskInspectEnv(inspect.value, props.secretNames)}
        label={`Inspect of ${row.name}`}
      />
    </>
  );
}

/** "started 3m ago" / "finished 2h ago", from inspect (Docker's list status text is frozen). */
function StateSince(props: { details: ContainerDetails | null }) {
  const now = useNow(10_000);
  const state = props.details?.state;
  const at = state ? (state.running ? state.startedAt : state.finishedAt) : undefined;
  if (!state || !at) return null;
  return (
    <span className="muted small" title={formatExactTime(at)}>
      {state.running ? 'started' : 'finished'} {formatAge(at, now)} ago
    </span>
  );
}

/**
 * The details of one container beside the list: its state and actions on top, then tabs.
 * `row` is the live row from the list; when it disappears the panel says so.
 */
export function ContainerDetailsPanel(props: {
  row: ContainerRow | undefined;
  /** Shown while the row is gone (removed, or the engine is reconnecting). */
  missingName: string;
  tab: DetailsTab;
  onTab: (tab: DetailsTab) => void;
  onClose: () => void;
  onRemove: (row: ContainerRow) => void;
}) {
  const { row } = props;
  const details = useMethod(
    'docker.container.details',
    row ? { engineId: row.engineId, id: row.id } : null,
    row ? `${row.state}/${row.status}` : null,
  );
  const secretNames = new Set((details.value?.env ?? []).filter((e) => e.secretLike).map((e) => e.name));

  return (
    <DetailsPanel label={`Details of ${row?.name ?? props.missingName}`} onClose={props.onClose}>
      <DetailsHeader
        name={row?.name ?? props.missingName}
        title={row?.id}
        badge={
          row && (
            <>
              <StateBadge tone={containerTone(row)} label={containerStateLabel(row)} />
              <ShowOnMap engineId={row.engineId} containerId={row.id} />
            </>
          )
        }
        onClose={props.onClose}
      />
      {!row ? (
        <p className="muted">
          This container is no longer on the engine (it was removed, or the engine is reconnecting).
        </p>
      ) : (
        <>
          <div className="details-toolbar">
            <ContainerActionButtons row={row} onRemove={() => props.onRemove(row)} />
            <StateSince details={details.value?.id === row.id ? details.value : null} />
          </div>
          <ContainerActionError row={row} />
          <Tabs
            label={`Details of ${row.name}`}
            tabs={DETAILS_TABS}
            selected={props.tab}
            onSelect={props.onTab}
            className="details-tabs"
          >
            {props.tab === 'overview' &&
              (details.error ? (
                <div className="error-banner" role="alert">
                  Could not read the details of {row.name}: {details.error}
                </div>
              ) : details.value && details.value.id === row.id ? (
                <ContainerOverview details={details.value} />
              ) : (
                <p className="muted">Loading…</p>
              ))}
            {props.tab === 'logs' && (
              <LogsPanel
                key={row.id}
                source={{
                  topic: 'docker.container.logs',
                  params: { engineId: row.engineId, id: row.id },
                  label: row.name || row.id.slice(0, 12),
                }}
              />
            )}
            {props.tab === 'terminal' && <TerminalPanel key={row.id} engineId={row.engineId} containerId={row.id} />}
            {props.tab === 'stats' && <StatsPanel key={row.id} engineId={row.engineId} containerId={row.id} />}
            {props.tab === 'timeline' && (
              <TimelinePanel
                key={row.id}
                name={row.name}
                source={{ method: 'history.container', input: { engineId: row.engineId, id: row.id } }}
                actions={dockerTimelineActions(row.name, () => props.onTab('logs'))}
              />
            )}
            {props.tab === 'inspect' && <InspectTab key={row.id} row={row} secretNames={secretNames} />}
          </Tabs>
        </>
      )}
    </DetailsPanel>
  );
}
