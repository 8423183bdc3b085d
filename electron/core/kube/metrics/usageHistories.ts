import type { KubeMetricsRow, KubeUsageSample } from '../../../../shared/kube/summary';
import type { KubeUsagePoint } from '../../../../shared/kube/types';
import { DownsampledHistory } from '../../metrics/downsampledHistory';
import type { PackedPoint } from '../../metrics/packedSeries';

const FIELDS = ['cpu', 'memory'] as const;
type Field = (typeof FIELDS)[number];

export interface HistoryShape {
  /** Full-resolution points kept (one hour at the poll interval). */
  fineCapacity: number;
  /** Averages kept before those, if any. */
  coarse?: { bucketMs: number; capacity: number };
  /**
   * Memory as a 32-bit float too: exact for the KiB multiples metrics-server reports up to
   * 16 GiB, within a few KiB above. CPU is always 32-bit.
   */
  compactMemory?: boolean;
}

interface Entry {
  history: DownsampledHistory<Field>;
  /** Epoch ms of the poll that last listed it. */
  seen: number;
}

/** CPU to the microcore: what 32-bit storage keeps, without its float noise in the payload. */
function roundCpu(cpu: number): number {
  return Math.round(cpu * 1000) / 1000;
}

function toPoint(p: PackedPoint<Field>): KubeUsagePoint {
  return { t: p.t, cpu: roundCpu(p.cpu), memory: Math.round(p.memory) };
}

/**
 * Usage histories keyed by node name or `namespace/name`: one bounded, compact series each
 * (CPU as a 32-bit float, memory as exact bytes), dropped some time after their object
 * stops being listed, so a churning cluster does not grow memory without bound.
 */
export class UsageHistories {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly shape: HistoryShape) {}

  get size(): number {
    return this.entries.size;
  }

  /** Most bytes one series can hold. */
  get maxBytesPerSeries(): number {
    return this.make().maxBytes;
  }

  /** Bytes held by every series now. */
  get bytes(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.history.bytes;
    return total;
  }

  /** Records a sample seen at poll time `seen`; returns whether it is a new point (`latest` reads it as kept). */
  push(id: string, sample: KubeUsagePoint, seen: number): boolean {
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { history: this.make(), seen };
      this.entries.set(id, entry);
    }
    entry.seen = seen;
    return entry.history.push(sample);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  ids(): IterableIterator<string> {
    return this.entries.keys();
  }

  latest(id: string): KubeUsagePoint | undefined {
    const last = this.entries.get(id)?.history.last();
    return last ? toPoint(last) : undefined;
  }

  /** Time of the newest point. */
  lastTime(id: string): number | undefined {
    return this.entries.get(id)?.history.lastTime();
  }

  /** The newest point, named: what a table row's usage gains from one poll (its last sparkline value is `cpu`). */
  sample(id: string): KubeUsageSample | undefined {
    const last = this.entries.get(id)?.history.last();
    return last ? { id, ...toPoint(last) } : undefined;
  }

  /** The newest point with the newest `sparkPoints` CPU values, oldest first: a table row's usage, in one look-up. */
  latestRow(id: string, sparkPoints: number): KubeMetricsRow | undefined {
    const history = this.entries.get(id)?.history;
    const last = history?.last();
    if (!last) return undefined;
    const spark = history!.lastValues('cpu', sparkPoints);
    for (let i = 0; i < spark.length; i++) spark[i] = roundCpu(spark[i]!);
    return { id, ...toPoint(last), spark };
  }

  /** Everything kept, oldest first. */
  points(id: string): KubeUsagePoint[] {
    return (this.entries.get(id)?.history.points() ?? []).map(toPoint);
  }

  /** Drops the series whose object was last listed before `before`; returns their ids. */
  dropUnseen(before: number): string[] {
    const dropped: string[] = [];
    for (const [id, entry] of this.entries) {
      if (entry.seen < before) {
        this.entries.delete(id);
        dropped.push(id);
      }
    }
    return dropped;
  }

  clear(): void {
    this.entries.clear();
  }

  private make(): DownsampledHistory<Field> {
    return new DownsampledHistory(FIELDS, {
      fineCapacity: this.shape.fineCapacity,
      float32: this.shape.compactMemory ? ['cpu', 'memory'] : ['cpu'],
      ...(this.shape.coarse ? { coarse: this.shape.coarse } : {}),
    });
  }
}
