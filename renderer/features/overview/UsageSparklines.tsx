import { useMemo } from 'react';
import { Sparkline } from '../../components/charts/Sparkline';
import { formatClock } from '../../components/charts/timeAxis';
import { useNow } from '../../components/useNow';
import { breakGaps, gaugeSeries, samplesInWindow, type Timed } from '../../store/series';

/** One sparkline of a card: how to read it from a point, show it, and where it leads. */
export interface UsageMetric<P> {
  id: 'cpu' | 'memory';
  label: string;
  value: (p: P) => number;
  format: (v: number) => string;
  color: string;
  /** Top of the y scale from the peak shown, with some headroom so the line shows. */
  max: (peak: number) => number;
  href: string;
  /** The link's purpose, after the reading: "Show its running containers by CPU." */
  action: string;
}

export interface UsageSparklinesProps<P extends Timed> {
  points: readonly P[];
  metrics: ReadonlyArray<UsageMetric<P>>;
  /** Whose usage: the engine's or the context's name. */
  subject: string;
  windowMs: number;
  /** In words, for the chart's accessible name: "the last 5 minutes". */
  windowLabel: string;
  /** Points further apart than this are time nobody measured: drawn as a gap. */
  maxStepMs: number;
  /** After this long without a point the numbers are old: say so instead of showing them. */
  staleMs: number;
  /** What the current reading stands for: "12 %, summed over 3 running containers". */
  describe: (last: P, current: string) => string;
  testIdPrefix: string;
}

/**
 * CPU and memory as sparklines with the current values, each a link to the list behind
 * it; the Overview's engine and context cards share it.
 */
export function UsageSparklines<P extends Timed>(props: UsageSparklinesProps<P>) {
  const { points, subject } = props;
  const now = useNow(1000);
  const shown = useMemo(() => samplesInWindow(points, props.windowMs), [points, props.windowMs]);
  const last = shown.at(-1);
  const stale = last !== undefined && now - last.t > props.staleMs;

  return (
    <ul className="engine-usage" aria-label={`Usage of ${subject}`}>
      {props.metrics.map((metric) => {
        const values = gaugeSeries(shown, metric.value);
        const peak = values.reduce((m, p) => Math.max(m, p.y), 0);
        const low = values.reduce((m, p) => Math.min(m, p.y), Number.POSITIVE_INFINITY);
        const current = last && !stale ? metric.format(metric.value(last)) : '—';
        const summary = last
          ? stale
            ? `no data since ${formatClock(last.t)}`
            : props.describe(last, current)
          : 'measuring…';
        return (
          <li key={metric.id} data-points={values.length}>
            <a
              className="usage-link"
              href={metric.href}
              aria-label={`${metric.label} ${current} on ${subject}`}
              title={`${metric.label} of ${subject}: ${summary}. ${metric.action}`}
            >
              <span className="usage-label">{metric.label}</span>
              <Sparkline
                values={breakGaps(values, props.maxStepMs)}
                label={
                  values.length > 0
                    ? `${metric.label} of ${subject} over ${props.windowLabel}, from ${metric.format(low)} to ${metric.format(peak)}`
                    : `${metric.label} of ${subject}: no data yet`
                }
                color={metric.color}
                width={110}
                height={22}
                max={metric.max(peak)}
                fill
              />
              <span className="usage-value num" data-testid={`${props.testIdPrefix}-${metric.id}`}>
                {last ? current : <span className="muted small">measuring…</span>}
              </span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
