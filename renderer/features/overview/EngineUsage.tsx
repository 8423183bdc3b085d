import { useMemo } from 'react';
import type { EngineUsagePoint } from '../../../shared/docker';
import { useSeries } from '../../api/useSeries';
import { formatHash } from '../../app/navigation';
import { Sparkline } from '../../components/charts/Sparkline';
import { formatClock } from '../../components/charts/timeAxis';
import { useNow } from '../../components/useNow';
import { formatBytes, formatPercent } from '../../format/units';
import { breakGaps, gaugeSeries, samplesInWindow } from '../../store/series';

/** The sparklines show the last 5 minutes (the backend keeps 15). */
const WINDOW_MS = 5 * 60_000;
/** Points come every second: a longer step is time nobody watched, drawn as a gap. */
const MAX_STEP_MS = 3_000;
/** After this long without a point the numbers are old: say so instead of showing them. */
const STALE_MS = 5_000;

interface Metric {
  id: 'cpu' | 'memory';
  label: string;
  value: (p: EngineUsagePoint) => number;
  format: (v: number) => string;
  color: string;
  /** Top of the y scale: CPU at least one core, memory its peak; some headroom so the line shows. */
  max: (peak: number) => number;
}

const METRICS: readonly Metric[] = [
  {
    id: 'cpu',
    label: 'CPU',
    value: (p) => p.cpuPercent,
    format: (v) => formatPercent(v),
    color: '--chart-1',
    max: (peak) => Math.max(100, peak) * 1.15,
  },
  {
    id: 'memory',
    label: 'Memory',
    value: (p) => p.memUsage,
    format: (v) => formatBytes(v),
    color: '--chart-3',
    max: (peak) => Math.max(1, peak) * 1.15,
  },
];

/**
 * The engine's CPU and memory (the sum over its running containers) as sparklines with
 * the current values; each is a link to the engine's running containers sorted by it.
 * The engine streams stats only while this is on screen.
 */
export function EngineUsage(props: { engineId: string; engineName: string }) {
  const { points, error } = useSeries('docker.engine.usage', { engineId: props.engineId });
  const now = useNow(1000);
  const shown = useMemo(() => samplesInWindow(points, WINDOW_MS), [points]);
  if (error) return null; // the card already shows the connection problem
  const last = shown.at(-1);
  const stale = last !== undefined && now - last.t > STALE_MS;

  return (
    <ul className="engine-usage" aria-label={`Usage of ${props.engineName}`}>
      {METRICS.map((metric) => {
        const values = gaugeSeries(shown, metric.value);
        const peak = values.reduce((m, p) => Math.max(m, p.y), 0);
        const low = values.reduce((m, p) => Math.min(m, p.y), Number.POSITIVE_INFINITY);
        const current = last && !stale ? metric.format(metric.value(last)) : '—';
        const sortKey = metric.id === 'cpu' ? 'cpu:desc' : 'memory:desc';
        const href = formatHash('containers', { engine: props.engineId, state: 'running', sort: sortKey });
        const summary = last
          ? stale
            ? `no data since ${formatClock(last.t)}`
            : `${current}, summed over ${last.containers} running container${last.containers === 1 ? '' : 's'}`
          : 'measuring…';
        return (
          <li key={metric.id} data-points={values.length}>
            <a
              className="usage-link"
              href={href}
              aria-label={`${metric.label} ${current} on ${props.engineName}`}
              title={`${metric.label} of ${props.engineName}: ${summary}. Show its running containers by ${metric.label.toLowerCase()}.`}
            >
              <span className="usage-label">{metric.label}</span>
              <Sparkline
                values={breakGaps(values, MAX_STEP_MS)}
                label={
                  values.length > 0
                    ? `${metric.label} of ${props.engineName} over the last 5 minutes, from ${metric.format(low)} to ${metric.format(peak)}`
                    : `${metric.label} of ${props.engineName}: no data yet`
                }
                color={metric.color}
                width={110}
                height={22}
                max={metric.max(peak)}
                fill
              />
              <span className="usage-value num" data-testid={`engine-${metric.id}`}>
                {last ? current : <span className="muted small">measuring…</span>}
              </span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
