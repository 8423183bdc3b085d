import { useMemo, useState } from 'react';
import '../../containers/details/stats.css';
import { useSeries } from '../../../api/useSeries';
import { LineChart } from '../../../components/charts/LineChart';
import { TimeWindowPicker } from '../../../components/charts/TimeWindowPicker';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { formatBytes } from '../../../format/units';
import { gaugeSeries, samplesInWindow } from '../../../store/series';
import { cpuUnit, formatCpu, MEMORY_SCALE } from '../kubeUsage';

const WINDOWS = [
  { label: '5 m', ms: 5 * 60_000 },
  { label: '15 m', ms: 15 * 60_000 },
  { label: '1 h', ms: 60 * 60_000 },
];

/** CPU and memory of a pod or node over time (metrics.k8s.io, as the backend kept it). */
export function KubeMetrics(props: { context: string; target: 'pod' | 'node'; namespace?: string; name: string }) {
  const { points, error } = useSeries('kube.metrics.series', {
    context: props.context,
    target: props.target,
    ...(props.target === 'pod' && props.namespace ? { namespace: props.namespace } : {}),
    name: props.name,
  });
  const [windowMs, setWindowMs] = useState(15 * 60_000);
  const view = useMemo(() => {
    const shown = samplesInWindow(points, windowMs);
    const xMax = shown[shown.length - 1]?.t ?? 0;
    const first = shown[0]?.t ?? xMax;
    const xMin = Math.max(xMax - windowMs, Math.min(first, xMax - 60_000));
    const unit = cpuUnit(shown);
    return {
      xMin,
      xMax,
      unit,
      cpu: [{ label: 'CPU', data: gaugeSeries(shown, (p) => p.cpu, unit.scale), color: '--chart-1', fill: true }],
      memory: [
        { label: 'Memory', data: gaugeSeries(shown, (p) => p.memory, MEMORY_SCALE), color: '--chart-3', fill: true },
      ],
    };
  }, [points, windowMs]);
  const last = points[points.length - 1];

  return (
    <section className="stats-panel" aria-label="Metrics">
      <div className="stats-toolbar">
        <TimeWindowPicker windows={WINDOWS} value={windowMs} onChange={setWindowMs} />
        {last && (
          <span className="small" role="status" data-testid="kube-usage-now">
            CPU {formatCpu(last.cpu)} · memory {formatBytes(last.memory)}
          </span>
        )}
      </div>
      {error && <ErrorBanner prefix="Metrics are unavailable" error={error} />}
      {!error && points.length === 0 && (
        <p className="muted">
          Waiting for the first sample from metrics.k8s.io (metrics-server samples every 15 s or so)…
        </p>
      )}
      {points.length === 1 && (
        <p className="muted small">
          One sample so far: metrics-server samples every 15 s or so, the line starts with the next.
        </p>
      )}
      {points.length > 0 && (
        <div className="stats-charts">
          <figure>
            <figcaption>CPU</figcaption>
            <LineChart
              xMin={view.xMin}
              xMax={view.xMax}
              height={150}
              label={`CPU usage over time, ${view.unit.unit === 'm' ? 'millicores' : 'cores'}`}
              yTitle={view.unit.title}
              series={view.cpu}
              formatValue={(v) => formatCpu(v * view.unit.scale)}
              formatTick={(v) => `${Math.round(v * 100) / 100}`}
            />
          </figure>
          <figure>
            <figcaption>Memory</figcaption>
            <LineChart
              xMin={view.xMin}
              xMax={view.xMax}
              height={150}
              label="Memory usage over time, MiB"
              yTitle="Memory (MiB)"
              series={view.memory}
              formatValue={(v) => formatBytes(v * MEMORY_SCALE, 2)}
              formatTick={(v) => `${Math.round(v * 10) / 10}`}
            />
          </figure>
        </div>
      )}
    </section>
  );
}
