import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt } from './figures';

/**
 * The figures one benchmark file measured, handed to `scripts/bench.mjs`, which merges every
 * file's figures into bench/results/<date>.json and .md. A figure keeps every run's value, so
 * the report shows the median and the spread, never one lucky run.
 */
export type Unit = 'ms' | 'µs' | 's' | 'MB' | '%' | '% of a core' | '/s' | 'rows' | 'px' | 'crossings' | '×';

export interface Target {
  /** Met when the median is below (`<`) or above (`>`) the value. */
  op: '<' | '>';
  value: number;
  /** Where the target comes from, in words ("first 500 rows under 0.5 s"). */
  text: string;
}

export interface Figure {
  /** Stable key, e.g. `kube.10000.berth.allListed`; the report is sorted by it. */
  id: string;
  what: string;
  unit: Unit;
  values: number[];
  /** The command that reproduces it. */
  command: string;
  target?: Target;
  /** The peer's figure this one is compared with, by id; the report shows their ratio. */
  versus?: string;
  note?: string;
}

export interface BenchPart {
  bench: string;
  figures: Figure[];
  /** Versions this file learnt (the cluster's server version, k9s's, …). */
  versions: Record<string, string>;
  notes: string[];
}

export const QUICK = process.env.BERTH_BENCH_QUICK === '1';

export function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export class BenchReport {
  private readonly part: BenchPart;

  constructor(bench: string) {
    this.part = { bench, figures: [], versions: {}, notes: [] };
  }

  /** Records one figure (or adds a run to it) and prints it as it comes. */
  add(figure: Omit<Figure, 'values'> & { value: number }): void {
    const { value, ...rest } = figure;
    const existing = this.part.figures.find((f) => f.id === figure.id);
    if (existing) existing.values.push(value);
    else this.part.figures.push({ ...rest, values: [value] });
    console.log(`${figure.what}: ${fmt(value, figure.unit === 'ms' || figure.unit === 'rows' ? 0 : 2)} ${figure.unit}`);
    // Saved as it comes: a run stopped half way still reports what it measured.
    this.save();
  }

  version(name: string, value: string): void {
    this.part.versions[name] = value;
  }

  note(text: string): void {
    this.part.notes.push(text);
    console.log(`note: ${text}`);
    this.save();
  }

  /** Writes the figures where `scripts/bench.mjs` collects them (BERTH_BENCH_PARTS), if it asked. */
  save(): void {
    const dir = process.env.BERTH_BENCH_PARTS;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${this.part.bench}.json`), JSON.stringify(this.part, null, 2));
  }
}
