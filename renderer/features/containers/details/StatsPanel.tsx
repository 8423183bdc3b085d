/**
 * The Stats tab: one container's CPU, memory, network, block I/O and PIDs over the
 * last minutes (the backend keeps 15 min at 1 s), as charts and as text.
 */
import { TimeWindowPicker } from '../../../components/charts/TimeWindowPicker';
import { useMemo, useState } from 'react';
import type { ContainerState } from '../../../../shared/docker';
import { useSeries } from '../../../api/useSeries';
import { LineChart, type ChartSeries } from '../../../components/charts/LineChart';
import { formatClock } from '../../../components/charts/timeAxis';
import { useNow } from '../../../components/useNow';
import { formatBytes, formatPercent, formatRate, KiB, MiB } from '../../../format/units';
import { gaugeSeries, samplesInWindow } from '../../../store/series';
import { currentStats, rateSeries } from './statsSeries';
import './stats.css';
import { ErrorBanner } from '../../../components/ErrorBanner';

const WINDOWS = [
  { label: '1 m', ms: 60_000 },
  { label: '5 m', ms: 5 * 60_000 },
  { label: '15 m', ms: 15 * 60_000 },
];

/** Samples come every second; after this long without one, say the data is stale. */
const STALE_MS = 5_000;

const rate = (value: number | null): string => (value === null ? '–' : formatRate(value));

export function StatsPanel(props: { engineId: string; containerId: string; state?: ContainerState }) {
  const { points: samples, error } = useSeries('docker.container.stats', {
    engineId: props.engineId,
    id: props.containerId,
  });
  const [windowMs, setWindowMs] = useState(5 * 60_000);
  const now = useNow(1000);

  const view = useMemo(() => {
    const shown = samplesInWindow(samples, windowMs);
    const last = shown[shown.length - 1];
    const xMax = last?.t ?? 0;
    // While history is shorter than the window, show what there is (at least a minute).
    const first = shown[0]?.t ?? xMax;
    const xMin = Math.max(xMax - windowMs, Math.min(first, xMax - 60_000));
    const maxUsage = shown.reduce((m, s) => Math.max(m, s.memUsage), 0);
    const limit = last?.memLimit ?? 0;
    const series: Record<string, ChartSeries[]> = {
      cpu: [{ label: 'CPU', data: gaugeSeries(shown, (s) => s.cpuPercent), color: '--chart-1', fill: true }],
      memory: [
        { label: 'Usage', data: gaugeSeries(shown, (s) => s.memUsage, MiB), color: '--chart-3', fill: true },
        {
          label: 'Limit',
          data: gaugeSeries(shown, (s) => s.memLimit, MiB),
          color: '--bad',
          dashed: true,
          // An unlimited container's "limit" is the host's memory: it would flatten the usage line.
          hidden: limit > 0 && maxUsage > 0 && limit / maxUsage > 10,
        },
      ],
      network: [
        { label: 'Received', data: rateSeries(shown, (s) => s.netRx, KiB), color: '--chart-1' },
        { label: 'Sent', data: rateSeries(shown, (s) => s.netTx, KiB), color: '--chart-2' },
      ],
      block: [
        { label: 'Read', data: rateSeries(shown, (s) => s.blkRead, KiB), color: '--chart-4' },
        { label: 'Written', data: rateSeries(shown, (s) => s.blkWrite, KiB), color: '--chart-6' },
      ],
      pids: [{ label: 'PIDs', data: gaugeSeries(shown, (s) => s.pids), color: '--chart-2' }],
    };
    const span = shown.length > 1 ? shown[shown.length - 1]!.t - shown[0]!.t : 0;
    return { series, xMin, xMax, span };
  }, [samples, windowMs]);

  const current = currentStats(samples);
  const last = samples[samples.length - 1];
  const stale = last && now - last.t > STALE_MS;
  const historySpan = samples.length > 1 ? samples[samples.length - 1]!.t - samples[0]!.t : 0;
  const notRunning = props.state !== undefined && props.state !== 'running';

  const common = { xMin: view.xMin, xMax: view.xMax, height: 150 };
  const kibRate = (v: number): string => formatRate(v * KiB);

  return (
    <section className="stats-panel" aria-label="Stats">
      <div className="stats-toolbar">
        <TimeWindowPicker
          windows={WINDOWS}
          value={windowMs}
          onChange={setWindowMs}
          titleFor={(w) =>
            historySpan < w.ms * 0.9 && samples.length > 0
              ? `History so far: ${Math.round(historySpan / 1000)} s`
              : undefined
          }
        />
        <span className="muted small" role="status">
          {samples.length === 0
            ? ''
            : stale
              ? `▲ No new samples since ${formatClock(last.t)}${notRunning ? ` (container ${props.state})` : ''}`
              : `Live · every second · ${Math.round(historySpan / 1000)} s of history`}
        </span>
      </div>

      {error && <ErrorBanner prefix="Stats are unavailable" error={error} />}

      {!error && samples.length === 0 && (
        <p className="muted">
          {notRunning
            ? `No stats: the container is ${props.state}. Docker reports stats while a container runs.`
            : 'Waiting for the first sample…'}
        </p>
      )}

      {current && (
        <dl className="stats-readout" aria-label="Current values" data-testid="stats-readout">
          <div>
            <dt>CPU</dt>
            <dd data-testid="stat-cpu">{formatPercent(current.cpuPercent)}</dd>
          </div>
          <div>
            <dt>Memory</dt>
            <dd data-testid="stat-memory">
              {formatBytes(current.memUsage)} / {formatBytes(current.memLimit)}{' '}
              <span className="muted">({formatPercent(current.memPercent)})</span>
            </dd>
          </div>
          <div>
            <dt>Network</dt>
            <dd data-testid="stat-network">
              ↓ {rate(current.netRxRate)} · ↑ {rate(current.netTxRate)}
            </dd>
          </div>
          <div>
            <dt>Block I/O</dt>
            <dd data-testid="stat-block">
              read {rate(current.blkReadRate)} · write {rate(current.blkWriteRate)}
            </dd>
          </div>
          <div>
            <dt>PIDs</dt>
            <dd data-testid="stat-pids">{current.pids}</dd>
          </div>
        </dl>
      )}

      {samples.length > 0 && (
        <div className="stats-charts">
          <figure>
            <figcaption>CPU</figcaption>
            <LineChart
              {...common}
              label="CPU usage over time, percent"
              yTitle="CPU (%)"
              series={view.series.cpu!}
              ySuggestedMax={100}
              formatValue={(v) => formatPercent(v, 2)}
              formatTick={(v) => `${v}`}
            />
          </figure>
          <figure>
            <figcaption>Memory</figcaption>
            <LineChart
              {...common}
              label="Memory usage and limit over time, MiB"
              yTitle="Memory (MiB)"
              series={view.series.memory!}
              formatValue={(v) => formatBytes(v * MiB, 2)}
              formatTick={(v) => `${Math.round(v * 10) / 10}`}
            />
          </figure>
          <figure>
            <figcaption>Network</figcaption>
            <LineChart
              {...common}
              label="Network receive and send rate over time, KiB per second"
              yTitle="Network (KiB/s)"
              series={view.series.network!}
              formatValue={kibRate}
              formatTick={(v) => `${Math.round(v * 10) / 10}`}
            />
          </figure>
          <figure>
            <figcaption>Block I/O</figcaption>
            <LineChart
              {...common}
              label="Block device read and write rate over time, KiB per second"
              yTitle="Block I/O (KiB/s)"
              series={view.series.block!}
              formatValue={kibRate}
              formatTick={(v) => `${Math.round(v * 10) / 10}`}
            />
          </figure>
          <figure>
            <figcaption>Processes</figcaption>
            <LineChart
              {...common}
              label="Number of processes over time"
              yTitle="PIDs"
              series={view.series.pids!}
              yValues="count"
              formatValue={(v) => `${Math.round(v)}`}
            />
          </figure>
        </div>
      )}
    </section>
  );
}
