/**
 * A small line without axes for lists and cards, drawn straight on a canvas in the theme's
 * series colours. Give it the values oldest first.
 */
import { useEffect, useMemo, useRef } from 'react';
import { resolveColor, translucent, useChartTheme } from './chartTheme';
import './charts.css';
import type { ChartPoint } from './LineChart';
import { sparklineRuns } from './sparklineGeometry';

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

const LINE_WIDTH = 1.25;
const PADDING = 1;

export function Sparkline(props: SparklineProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const theme = useChartTheme();
  const width = props.width ?? 80;
  const height = props.height ?? 20;
  const { values, min, max, fill } = props;
  // A CSS variable is read from the computed style: once per colour, not once per update.
  const color = useMemo(() => resolveColor(props.color, theme, 0), [props.color, theme]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    // Sharp on high-density screens: the bitmap has the screen's pixels, drawing stays in CSS pixels.
    const ratio = window.devicePixelRatio || 1;
    const pixels = [Math.round(width * ratio), Math.round(height * ratio)] as const;
    if (canvas.width !== pixels[0] || canvas.height !== pixels[1]) [canvas.width, canvas.height] = pixels;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const bottom = height - PADDING;
    const runs = sparklineRuns(values, {
      width,
      height,
      padding: PADDING,
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
    });
    const trace = (run: ReadonlyArray<{ x: number; y: number }>): void => {
      context.beginPath();
      run.forEach((p, i) => (i ? context.lineTo(p.x, p.y) : context.moveTo(p.x, p.y)));
    };
    context.lineWidth = LINE_WIDTH;
    context.strokeStyle = color;
    context.fillStyle = translucent(color, 0.2);
    for (const run of runs) {
      if (run.length < 2) continue;
      if (fill) {
        trace(run);
        context.lineTo(run.at(-1)!.x, bottom);
        context.lineTo(run[0]!.x, bottom);
        context.fill();
      }
      trace(run);
      context.stroke();
    }
  }, [values, color, fill, min, max, width, height]);

  return (
    <span className="sparkline" style={{ width, height }}>
      {/* How many values it draws: a canvas shows tests nothing else. */}
      <canvas
        ref={canvasRef}
        style={{ width, height }}
        role="img"
        aria-label={props.label}
        data-points={values.length}
      />
    </span>
  );
}
