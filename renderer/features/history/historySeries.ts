/**
 * History payloads as chart series and links (pure): what the dashboards and timelines draw.
 */
import type { DashboardHistory, TimelineEvent, TimelineKind, UsagePoint } from '../../../shared/history';
import type { ChartSeries } from '../../components/charts/LineChart';
import { formatBytes, formatPercent } from '../../format/units';

export const HISTORY_WINDOWS = [
  { label: '5 m', ms: 5 * 60_000 },
  { label: '15 m', ms: 15 * 60_000 },
  { label: '1 h', ms: 60 * 60_000 },
  { label: '6 h', ms: 6 * 60 * 60_000 },
] as const;
export const DEFAULT_WINDOW_MS = 15 * 60_000;

/** A window from the URL, if it is one of those offered. */
export function parseWindow(value: string | null): number {
  const ms = Number(value);
  return HISTORY_WINDOWS.some((w) => w.ms === ms) ? ms : DEFAULT_WINDOW_MS;
}

export function formatCpu(value: number, unit: DashboardHistory['cpuUnit']): string {
  return unit === '%' ? formatPercent(value) : `${Math.round(value)}m`;
}

export function cpuTitle(unit: DashboardHistory['cpuUnit']): string {
  return unit === '%' ? 'CPU (%)' : 'CPU (millicores)';
}

const points = (usage: readonly UsagePoint[], field: 'cpu' | 'memory') => usage.map((p) => ({ x: p.t, y: p[field] }));

/** The total first (filled), then each top consumer: the chart's series index 0 is the total. */
export function usageSeries(history: DashboardHistory, field: 'cpu' | 'memory', totalLabel: string): ChartSeries[] {
  return [
    { label: totalLabel, data: points(history.usage, field), color: '--chart-1', fill: true },
    ...history.top.map((c, i) => ({
      label: c.name,
      data: points(c.points, field),
      color: `--chart-${(i % 5) + 2}`,
    })),
  ];
}

const STATE_COLORS: Readonly<Record<string, string>> = {
  running: '--chart-3',
  paused: '--chart-6',
  restarting: '--chart-2',
  created: '--chart-4',
  exited: '--chart-1',
  dead: '--chart-5',
  pending: '--chart-2',
  crashLooping: '--chart-5',
  failed: '--chart-4',
  succeeded: '--chart-1',
  unknown: '--chart-6',
};

/** Human words for a state key. */
export function stateLabel(key: string): string {
  return key === 'crashLooping' ? 'crash-looping' : key;
}

/** One stacked series per state (states never seen in the window are left out). */
export function stateSeries(history: DashboardHistory): Array<ChartSeries & { key: string }> {
  return history.states.keys
    .map((key, i) => ({
      key,
      label: stateLabel(key),
      data: history.states.points.map((p) => ({ x: p.t, y: p.values[i] ?? 0 })),
      color: STATE_COLORS[key] ?? '--chart-6',
      fill: true,
    }))
    .filter((s) => s.data.some((p) => p.y > 0));
}

const INCIDENT_KINDS = ['restarts', 'oomKills', 'warnings'] as const;
export type IncidentKey = (typeof INCIDENT_KINDS)[number];
const INCIDENT_LABELS: Readonly<Record<IncidentKey, string>> = {
  restarts: 'restarts',
  oomKills: 'OOM kills',
  warnings: 'warnings',
};

export function incidentSeries(history: DashboardHistory): ChartSeries[] {
  return INCIDENT_KINDS.map((key, i) => ({
    label: INCIDENT_LABELS[key],
    data: history.incidents.map((p) => ({ x: p.t, y: p[key] })),
    color: ['--chart-2', '--chart-5', '--chart-4'][i],
  }));
}

export function incidentTotals(history: DashboardHistory): Record<IncidentKey, number> {
  const totals = { restarts: 0, oomKills: 0, warnings: 0 };
  for (const p of history.incidents) for (const key of INCIDENT_KINDS) totals[key] += p[key];
  return totals;
}

export function memoryText(bytes: number): string {
  return formatBytes(bytes);
}

/** Markers: bad things red, changes blue, the rest grey. */
export function timelineTone(kind: TimelineKind): 'bad' | 'warn' | 'change' | 'ok' | 'info' {
  switch (kind) {
    case 'oom':
    case 'unhealthy':
      return 'bad';
    case 'exit':
    case 'restart':
    case 'warning':
      return 'warn';
    case 'rollout':
    case 'scale':
      return 'change';
    case 'start':
    case 'healthy':
      return 'ok';
    default:
      return 'info';
  }
}

/** Where a marker sits on the time axis, in % of the width (clamped to the window). */
export function markerOffset(event: Pick<TimelineEvent, 't'>, from: number, to: number): number {
  if (to <= from) return 0;
  return Math.min(100, Math.max(0, ((event.t - from) / (to - from)) * 100));
}

/**
 * A lane for each point so that points at (nearly) the same time do not cover each other: a
 * point goes on the first lane whose last point is at least `gap` % of the width before it.
 */
export function markerLanes(offsets: readonly number[], gap = 2): number[] {
  const order = offsets.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const laneEnds: number[] = [];
  const lanes = new Array<number>(offsets.length).fill(0);
  for (const { x, i } of order) {
    let lane = laneEnds.findIndex((end) => x - end >= gap);
    if (lane === -1) lane = laneEnds.push(x) - 1;
    else laneEnds[lane] = x;
    lanes[i] = lane;
  }
  return lanes;
}
