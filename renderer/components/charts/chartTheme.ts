/** Chart colours come from CSS variables, so light and dark themes both read well. */
import { useEffect, useState } from 'react';

export interface ChartTheme {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  font: string;
  mono: string;
  /** Series colours, `--chart-1` … `--chart-6`. */
  series: string[];
}

/** The value of a CSS custom property on :root (or `fallback`). */
export function cssVar(name: string, fallback = ''): string {
  if (typeof document === 'undefined') return fallback;
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

function readChartTheme(): ChartTheme {
  return {
    fg: cssVar('--fg', '#1d1f23'),
    muted: cssVar('--fg-muted', '#5c6370'),
    grid: cssVar('--chart-grid', cssVar('--border', '#d5d8de')),
    bg: cssVar('--bg', '#ffffff'),
    font: cssVar('--font', 'system-ui, sans-serif'),
    mono: cssVar('--mono', 'monospace'),
    series: [1, 2, 3, 4, 5, 6].map((i) => cssVar(`--chart-${i}`, '#1a62c9')),
  };
}

/**
 * A colour for a series: a CSS variable name (`--chart-2`, `--bad`) is resolved against
 * the current theme; anything else is used as given.
 */
export function resolveColor(color: string | undefined, theme: ChartTheme, index: number): string {
  if (!color) return theme.series[index % theme.series.length]!;
  return color.startsWith('--') ? cssVar(color, theme.series[index % theme.series.length]!) : color;
}

/** The chart theme, re-read when the OS switches between light and dark. */
export function useChartTheme(): ChartTheme {
  const [theme, setTheme] = useState(readChartTheme);
  useEffect(() => {
    const query = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!query) return;
    const onChange = (): void => setTheme(readChartTheme());
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return theme;
}

/** The colour with some transparency, for filled areas (hex and rgb() colours). */
export function translucent(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join('') : hex[1]!;
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(color.trim());
  if (rgb) return `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})`;
  return color;
}
