/**
 * A small line without axes for lists and cards: the same chart.js setup and data as
 * the big charts, no interaction. Give it the values oldest first.
 */
import { useEffect, useRef } from 'react';
import { Chart } from './chartSetup';
import { resolveColor, translucent, useChartTheme } from './chartTheme';
import './charts.css';
import type { ChartPoint } from './LineChart';

export interface SparklineProps {
  /** Values oldest first (evenly spaced), or points with epoch-ms x. */
  values: ReadonlyArray<number> | ReadonlyArray<ChartPoint>;
  /** Accessible name, e.g. "CPU over the last minute: 12 %". */
  label: string;
  color?: string;
  width?: number;
  height?: number;
  min?: number;
  max?: number;
  fill?: boolean;
}

function toPoints(values: SparklineProps['values']): ChartPoint[] {
  return values.map((v, i) => (typeof v === 'number' ? { x: i, y: v } : v));
}

export function Sparkline(props: SparklineProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart<'line', ChartPoint[]> | null>(null);
  const theme = useChartTheme();
  const width = props.width ?? 80;
  const height = props.height ?? 20;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const chart = new Chart<'line', ChartPoint[]>(canvas, {
      type: 'line',
      data: { datasets: [{ data: [] }] },
      options: {
        animation: false,
        responsive: false,
        parsing: false,
        normalized: true,
        events: [],
        elements: { point: { radius: 0 }, line: { tension: 0, borderWidth: 1.25 } },
        layout: { padding: 1 },
        // bounds 'data': the line spans the width (epoch-ms x would otherwise be rounded out to "nice" ticks).
        scales: { x: { type: 'linear', display: false, bounds: 'data' }, y: { type: 'linear', display: false } },
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
      },
    });
    chartRef.current = chart;
    return () => {
      chart.destroy();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const color = resolveColor(props.color, theme, 0);
    const dataset = chart.data.datasets[0]!;
    dataset.data = toPoints(props.values);
    dataset.borderColor = color;
    dataset.backgroundColor = props.fill ? translucent(color, 0.2) : color;
    dataset.fill = props.fill ? 'origin' : false;
    const y = chart.options.scales!.y!;
    y.min = props.min ?? 0;
    y.max = props.max;
    chart.update('none');
  });

  return (
    <span className="sparkline" style={{ width, height }}>
      <canvas ref={canvasRef} width={width} height={height} role="img" aria-label={props.label} />
    </span>
  );
}
