/**
 * A timeline: what happened to one container or workload (exits with codes, restarts, OOM
 * kills, failing probes, rollouts, scaling) as points on the same time axis as its CPU and
 * memory. A point opens where it leads (the logs of the run that ended, the Kubernetes Event),
 * or else its details; the list below opens the details, which offer the same ways out.
 */
import { useState } from 'react';
import type { MethodInput } from '../../../shared/contract';
import type { TimelineEvent } from '../../../shared/history';
import { LineChart } from '../../components/charts/LineChart';
import { formatClock } from '../../components/charts/timeAxis';
import { TimeWindowPicker } from '../../components/charts/TimeWindowPicker';
import { formatExactTime } from '../../format/age';
import {
  cpuTitle,
  DEFAULT_WINDOW_MS,
  formatCpu,
  HISTORY_WINDOWS,
  markerLanes,
  markerOffset,
  memoryText,
  timelineTone,
} from './historySeries';
import type { TimelineAction } from './timelineTargets';
import { useHistory } from './useHistory';
import './history.css';

type TimelineMethod = 'history.container' | 'history.kube.timeline';

/** Whose timeline: the method that reads it and its input, less the window the panel picks. */
type TimelineSource = {
  [M in TimelineMethod]: { method: M; input: Omit<MethodInput<M>, 'windowMs'> };
}[TimelineMethod];

export interface TimelinePanelProps {
  /** The container's or object's name. */
  name: string;
  source: TimelineSource;
  /** Where each entry leads, first what its point opens (none: the point opens its details). */
  actions?: (event: TimelineEvent) => TimelineAction[];
}

function EventDetails(props: { event: TimelineEvent; actions: readonly TimelineAction[] }) {
  const { event } = props;
  return (
    <div className="timeline-details" role="region" aria-label="Event details">
      <strong>{event.title}</strong> <span className="muted small">{formatExactTime(event.t)}</span>
      {event.detail && <p className="small">{event.detail}</p>}
      {event.previous && (
        <p className="small">
          Previous container: <code>{event.previous.container}</code>
          {event.previous.exitCode !== undefined && <> · exit code {event.previous.exitCode}</>}
          {event.previous.reason && <> · {event.previous.reason}</>}
        </p>
      )}
      {props.actions.length > 0 && (
        <p className="small timeline-actions">
          {props.actions.map((action) => (
            <button key={action.label} type="button" className="link" onClick={action.open}>
              {action.label}
            </button>
          ))}
        </p>
      )}
    </div>
  );
}

/** Height of a lane of points on the time axis. */
const LANE_PX = 16;

export function TimelinePanel(props: TimelinePanelProps) {
  const [windowMs, setWindowMs] = useState(DEFAULT_WINDOW_MS);
  const { method, input } = props.source;
  const { value: history, error } = useHistory(method, { ...input, windowMs });
  const [openId, setOpenId] = useState<string | null>(null);
  const open = history?.events.find((e) => e.id === openId);
  const actionsOf = (event: TimelineEvent): TimelineAction[] => props.actions?.(event) ?? [];
  const newestFirst = [...(history?.events ?? [])].reverse();
  const offsets = (history?.events ?? []).map((e) => markerOffset(e, history!.from, history!.to));
  const lanes = markerLanes(offsets);
  const laneCount = Math.max(1, ...lanes.map((lane) => lane + 1));
  return (
    <section className="timeline-panel" aria-label={`Timeline of ${props.name}`}>
      <div className="stats-toolbar">
        <TimeWindowPicker windows={HISTORY_WINDOWS} value={windowMs} onChange={setWindowMs} />
        <span className="muted small" role="status">
          {history ? `${history.events.length} events` : ''}
        </span>
      </div>
      {error && (
        <div className="error-banner" role="alert">
          Could not read the timeline: {error}
        </div>
      )}
      {!history && !error && <p className="muted">Loading…</p>}
      {history && (
        <>
          <div
            className="timeline-axis"
            role="group"
            aria-label="Events on the time axis"
            style={{ height: 6 + laneCount * LANE_PX }}
          >
            {history.events.map((event, i) => {
              const action = actionsOf(event)[0];
              const name = `${formatClock(event.t)} ${event.title}${action ? `: ${action.label}` : ''}`;
              return (
                <button
                  key={event.id}
                  type="button"
                  className={`timeline-marker tone-${timelineTone(event.kind)}`}
                  style={{ left: `${offsets[i]}%`, top: 4 + (lanes[i] ?? 0) * LANE_PX }}
                  title={name}
                  aria-label={name}
                  // A point that leads elsewhere goes there; the others show their details here.
                  {...(action
                    ? { onClick: action.open }
                    : {
                        'aria-pressed': event.id === openId,
                        onClick: () => setOpenId(event.id === openId ? null : event.id),
                      })}
                />
              );
            })}
          </div>
          {open && <EventDetails event={open} actions={actionsOf(open)} />}
          <LineChart
            label={`CPU of ${props.name}`}
            yTitle={cpuTitle(history.cpuUnit)}
            series={[{ label: 'CPU', data: history.usage.map((p) => ({ x: p.t, y: p.cpu })), fill: true }]}
            xMin={history.from}
            xMax={history.to}
            formatValue={(y) => formatCpu(y, history.cpuUnit)}
            height={110}
          />
          <LineChart
            label={`Memory of ${props.name}`}
            yTitle="Memory"
            series={[
              {
                label: 'Memory',
                data: history.usage.map((p) => ({ x: p.t, y: p.memory })),
                color: '--chart-2',
                fill: true,
              },
            ]}
            xMin={history.from}
            xMax={history.to}
            formatValue={memoryText}
            yValues="bytes"
            height={110}
          />
          {history.usage.length === 0 && <p className="muted small">No CPU or memory recorded in this window yet.</p>}
          <ol className="timeline-list" aria-label="Events, newest first">
            {newestFirst.length === 0 && <li className="muted">Nothing happened in this window.</li>}
            {newestFirst.map((event) => (
              <li key={event.id}>
                <button
                  type="button"
                  className={`timeline-entry tone-${timelineTone(event.kind)}`}
                  aria-expanded={event.id === openId}
                  onClick={() => setOpenId(event.id === openId ? null : event.id)}
                >
                  <span className="mono small">{formatClock(event.t)}</span> {event.title}
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
