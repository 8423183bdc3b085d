/**
 * A time-series line chart (chart.js): linear x axis in epoch ms shown as HH:MM:SS,
 * animation off, units in the y-axis title, exact values in the tooltip, decimation
 * for long series, colours from the theme's CSS variables.
 */
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { useEffect, useRef } from 'react';
import { Chart } from './chartSetup';
import { resolveColor, translucent, useChartTheme, type ChartTheme } from './chartTheme';
import './charts.css';
import { formatClock, timeStep, timeTicks } from './timeAxis';
import { byteStep, bytesTop, stepTicks, type ValueAxis } from './valueAxis';

export interface ChartPoint {
  /** Epoch ms. */
  x: number;
  y: number;
}

export interface ChartSeries {
  label: string;
  data: ChartPoint[];
  /** A CSS variable (`--chart-2`, `--bad`) or a colour; defaults to the theme's series colours. */
  color?: string;
  dashed?: boolean;
  /** Hidden at first (the legend can show it). */
  hidden?: boolean;
  fill?: boolean;
}

export interface LineChartProps {
  series: ChartSeries[];
  /** Accessible name of the chart. */
  label: string;
  /** Y-axis title with its unit, e.g. "CPU (%)". */
  yTitle: string;
  /** The visible time window (epoch ms). */
  xMin?: number;
  xMax?: number;
  yMin?: number;
  yMax?: number;
  ySuggestedMax?: number;
  /** Whole numbers or bytes: ticks on whole numbers or on powers of two. */
  yValues?: ValueAxis;
  /** Formats a y value for the tooltip and the y ticks. */
  formatValue?: (y: number) => string;
  formatTick?: (y: number) => string;
  height?: number;
  legend?: boolean;
  /** Decimate (LTTB) when a series has more points than this in view. */
  decimationThreshold?: number;
  /** Series stacked on each other, filled (counts by state). */
  stacked?: boolean;
  /** A click on the chart: the series nearest the pointer and the time under it (opens what is behind it). */
  onSeriesClick?: (seriesIndex: number, x: number) => void;
}

type LineDataset = ChartDataset<'line', ChartPoint[]>;

function datasetStyle(s: ChartSeries, i: number, theme: ChartTheme, stacked = false): Partial<LineDataset> {
  const color = resolveColor(s.color, theme, i);
  return {
    label: s.label,
    borderColor: color,
    backgroundColor: s.fill ? translucent(color, stacked ? 0.45 : 0.15) : color,
    fill: s.fill ? (stacked && i > 0 ? '-1' : 'origin') : false,
    borderDash: s.dashed ? [5, 4] : [],
    borderWidth: 1.5,
  };
}

function options(props: LineChartProps, theme: ChartTheme): ChartConfiguration<'line', ChartPoint[]>['options'] {
  const format = props.formatValue ?? ((y: number) => String(y));
  const range = props.xMin !== undefined && props.xMax !== undefined ? props.xMax - props.xMin : 5 * 60_000;
  const font = { family: theme.font, size: 11 };
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    spanGaps: false,
    interaction: { mode: 'index', intersect: false, axis: 'x' },
    ...(props.onSeriesClick
      ? {
          onClick: (event, _elements, chart) => {
            const [nearest] = chart.getElementsAtEventForMode(
              event as unknown as Event,
              'nearest',
              { intersect: false },
              true,
            );
            const x = chart.scales.x?.getValueForPixel(event.x ?? 0);
            if (nearest && x !== undefined) props.onSeriesClick!(nearest.datasetIndex, x);
          },
        }
      : {}),
    elements: {
      point: { radius: 0, hoverRadius: 3, hitRadius: 4 },
      line: { tension: 0 },
    },
    scales: {
      x: {
        type: 'linear',
        ...(props.xMin !== undefined ? { min: props.xMin } : {}),
        ...(props.xMax !== undefined ? { max: props.xMax } : {}),
        grid: { color: theme.grid },
        border: { color: theme.grid },
        ticks: {
          color: theme.muted,
          font,
          maxRotation: 0,
          autoSkipPadding: 12,
          callback: (value) => formatClock(Number(value)),
        },
        // Round local times (chart.js' own linear ticks would start at the window's edge).
        afterBuildTicks: (axis) => {
          const ticks = timeTicks(
            axis.min,
            axis.max,
            timeStep(axis.max - axis.min || range, Math.max(2, Math.floor((axis.maxWidth || axis.width) / 90))),
          );
          if (ticks.length) axis.ticks = ticks.map((value) => ({ value }));
        },
      },
      y: {
        type: 'linear',
        ...(props.yMin !== undefined ? { min: props.yMin } : {}),
        ...(props.yMax !== undefined ? { max: props.yMax } : {}),
        ...(props.ySuggestedMax !== undefined ? { suggestedMax: props.ySuggestedMax } : {}),
        beginAtZero: true,
        stacked: !!props.stacked,
        grid: { color: theme.grid },
        border: { color: theme.grid },
        title: { display: true, text: props.yTitle, color: theme.muted, font },
        ticks: {
          color: theme.muted,
          font,
          maxTicksLimit: 5,
          ...(props.yValues === 'count' ? { precision: 0 } : {}),
          callback: (value) => (props.formatTick ?? format)(Number(value)),
        },
        ...(props.yValues === 'bytes'
          ? {
              // The top is rounded here, so chart.js must not round it again to a decimal tick.
              bounds: 'data' as const,
              afterDataLimits: (axis) => {
                if (props.yMax === undefined) axis.max = bytesTop(axis.max);
              },
              afterBuildTicks: (axis) => {
                axis.ticks = stepTicks(axis.min, axis.max, byteStep(axis.max)).map((value) => ({ value }));
              },
            }
          : {}),
      },
    },
    plugins: {
      legend: {
        display: props.legend ?? props.series.length > 1,
        position: 'top',
        align: 'end',
        labels: { color: theme.fg, font, boxWidth: 12, boxHeight: 2 },
      },
      tooltip: {
        backgroundColor: theme.bg,
        titleColor: theme.fg,
        bodyColor: theme.fg,
        borderColor: theme.grid,
        borderWidth: 1,
        titleFont: { family: theme.mono, size: 11 },
        bodyFont: { family: theme.mono, size: 11 },
        callbacks: {
          title: (items) => (items[0] ? formatClock(items[0].parsed.x ?? 0) : ''),
          label: (item) => `${item.dataset.label ?? ''}: ${format(item.parsed.y ?? 0)}`,
        },
      },
      decimation: {
        enabled: true,
        algorithm: 'lttb',
        threshold: props.decimationThreshold ?? 400,
      },
    },
  };
}

export function LineChart(props: LineChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart<'line', ChartPoint[]> | null>(null);
  const hiddenRef = useRef<Array<boolean | undefined>>([]);
  const theme = useChartTheme();

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const chart = new Chart<'line', ChartPoint[]>(canvas, { type: 'line', data: { datasets: [] }, options: {} });
    chartRef.current = chart;
    return () => {
      chart.destroy();
      chartRef.current = null;
      hiddenRef.current = [];
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const datasets = chart.data.datasets as LineDataset[];
    props.series.forEach((s, i) => {
      const style = datasetStyle(s, i, theme, props.stacked);
      const existing = datasets[i];
      if (existing) {
        Object.assign(existing, style);
        existing.data = s.data;
        // Respect the user's legend clicks; follow the prop only when it changes.
        if (hiddenRef.current[i] !== s.hidden) existing.hidden = !!s.hidden;
      } else {
        datasets.push({ ...style, data: s.data, hidden: !!s.hidden } as LineDataset);
      }
      hiddenRef.current[i] = s.hidden;
    });
    datasets.length = props.series.length;
    chart.options = options(props, theme)!;
    chart.update('none');
  });

  return (
    <div className="line-chart" style={{ height: props.height ?? 160 }}>
      <canvas ref={canvasRef} role="img" aria-label={props.label} />
    </div>
  );
}
