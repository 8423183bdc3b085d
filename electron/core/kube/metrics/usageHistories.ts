import type { KubeMetricsRow, KubeUsageSample } from '../../../../shared/kube/summary';
import type { KubeUsagePoint } from '../../../../shared/kube/types';
import { HistorySlab } from '../../metrics/historySlab';
import type { PackedPoint } from '../../metrics/packedSeries';
import type { UsageSample } from './metricsApi';

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
  /** Its key in the map: the id a change names, kept once rather than made again per answer. */
  readonly id: string;
  /** Its history's slot in the slab; DROPPED once it is no longer kept. */
  slot: number;
  /** Epoch ms of the poll that last listed it. */
  seen: number;
  /** The answer that last listed it (see `record`). */
  answer: number;
}

const DROPPED = -1;

/** How one answer changed the ids listed (the rows a page shows). */
export interface ListedChange {
  /** Listed before and now, with a new point: that point, as kept. */
  sampled: KubeUsageSample[];
  /** Listed now, not before. */
  added: string[];
  /** Listed before, not now. */
  removed: string[];
}

/** CPU to the microcore: what 32-bit storage keeps, without its float noise in the payload. */
function roundCpu(cpu: number): number {
  return Math.round(cpu * 1000) / 1000;
}

function toPoint(p: PackedPoint<Field>): KubeUsagePoint {
  return { t: p.t, cpu: roundCpu(p.cpu), memory: Math.round(p.memory) };
}

function toSample(id: string, p: PackedPoint<Field>): KubeUsageSample {
  return { id, t: p.t, cpu: roundCpu(p.cpu), memory: Math.round(p.memory) };
}

/**
 * One answer's samples as they are read, before they are recorded: each is matched to its
 * series at once and kept as numbers, so a poll of 10,000 pods holds no sample object and no
 * id string until its last byte is in (held that long, they outlived the young generation and
 * cost a full collection every other poll). Nothing is recorded until the answer is whole.
 */
export class UsageAnswer {
  /** Per sample: its series, or its id when it had none when read. */
  private readonly keys: Array<Entry | string> = [];
  /** Per sample: t, cpu, memory. */
  private values = new Float64Array(3 * 64);

  constructor(private readonly find: (id: string) => Entry | undefined) {}

  add(sample: Readonly<UsageSample>): void {
    const at = this.keys.length * 3;
    if (at + 3 > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.keys.push(this.find(sample.id) ?? sample.id);
    this.values[at] = sample.t;
    this.values[at + 1] = sample.cpu;
    this.values[at + 2] = sample.memory;
  }

  /** Visits each sample in the order read, `point` filled in place (one object for them all). */
  forEach(visit: (key: Entry | string, point: Readonly<PackedPoint<Field>>) => void): void {
    const point: PackedPoint<Field> = { t: 0, cpu: 0, memory: 0 };
    for (let i = 0; i < this.keys.length; i++) {
      point.t = this.values[i * 3]!;
      point.cpu = this.values[i * 3 + 1]!;
      point.memory = this.values[i * 3 + 2]!;
      visit(this.keys[i]!, point);
    }
  }

  /** The sum of every sample's usage at the newest time among them (a cluster's from its nodes'). */
  total(): Omit<UsageSample, 'id'> | undefined {
    if (this.keys.length === 0) return undefined;
    let t = 0;
    let cpu = 0;
    let memory = 0;
    for (let at = 0; at < this.keys.length * 3; at += 3) {
      t = Math.max(t, this.values[at]!);
      cpu += this.values[at + 1]!;
      memory += this.values[at + 2]!;
    }
    return { t, cpu, memory };
  }
}

/**
 * Usage histories keyed by node name or `namespace/name`: one bounded, compact history each
 * (CPU as a 32-bit float, memory as exact bytes), all in one slab of typed arrays, dropped
 * some time after their object stops being listed, so a churning cluster does not grow
 * memory without bound. Also which ids the latest answer listed: the rows shown now.
 */
export class UsageHistories {
  private readonly entries = new Map<string, Entry>();
  private readonly slab: HistorySlab<Field>;
  /** The latest answer recorded: an entry whose `answer` is this one is listed (a new entry's 0 never is). */
  private answers = 1;
  private listedCount = 0;

  constructor(shape: HistoryShape) {
    this.slab = new HistorySlab({
      fields: FIELDS,
      fineCapacity: shape.fineCapacity,
      float32: shape.compactMemory ? ['cpu', 'memory'] : ['cpu'],
      ...(shape.coarse ? { coarse: shape.coarse } : {}),
    });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes one series holds. */
  get maxBytesPerSeries(): number {
    return this.slab.bytesPerSlot;
  }

  /** Bytes held by the series' arrays now. */
  get bytes(): number {
    return this.slab.bytes;
  }

  /** An answer to fill as it is read, then `record`. */
  answer(): UsageAnswer {
    return new UsageAnswer((id) => this.entries.get(id));
  }

  /**
   * Records one answer, polled at `seen`: each sample is a point of its series (one that does
   * not move forward in time is not), and the answer's ids are the ones listed from now on.
   * One map look-up per sample, made as the answer was read: at 10,000 pods every 15 s this is
   * most of the backend's work. `onPoint` hears each id that gained a point.
   */
  record(samples: UsageAnswer | readonly UsageSample[], seen: number, onPoint?: (id: string) => void): ListedChange {
    const answer = samples instanceof UsageAnswer ? samples : this.answerOf(samples);
    const before = this.answers;
    const current = (this.answers += 1);
    const change: ListedChange = { sampled: [], added: [], removed: [] };
    let listed = 0;
    answer.forEach((key, point) => {
      let entry = this.current(key);
      if (!entry) {
        const id = typeof key === 'string' ? key : key.id;
        entry = { id, slot: this.slab.acquire(), seen, answer: 0 };
        this.entries.set(id, entry);
      } else if (entry.answer === current) return; // listed twice in one answer
      const wasListed = entry.answer === before;
      entry.seen = seen;
      entry.answer = current;
      listed += 1;
      if (!this.slab.push(entry.slot, point)) {
        if (!wasListed) change.added.push(entry.id);
        return;
      }
      if (wasListed) change.sampled.push(toSample(entry.id, this.slab.last(entry.slot)!));
      else change.added.push(entry.id);
      onPoint?.(entry.id);
    });
    // Every id listed before is listed still unless fewer of them were listed again.
    if (this.listedCount !== listed - change.added.length) {
      for (const [id, entry] of this.entries) if (entry.answer === before) change.removed.push(id);
    }
    this.listedCount = listed;
    return change;
  }

  private answerOf(samples: readonly UsageSample[]): UsageAnswer {
    const answer = this.answer();
    for (const sample of samples) answer.add(sample);
    return answer;
  }

  /** The series a sample was matched to, if it is still kept (or one made since for its id). */
  private current(key: Entry | string): Entry | undefined {
    if (typeof key === 'string') return this.entries.get(key);
    return key.slot === DROPPED ? this.entries.get(key.id) : key;
  }

  /** The ids the latest answer listed, in the order first seen. */
  *listed(): Generator<string> {
    if (this.listedCount === 0) return;
    for (const [id, entry] of this.entries) if (entry.answer === this.answers) yield id;
  }

  latest(id: string): KubeUsagePoint | undefined {
    const entry = this.entries.get(id);
    const last = entry && this.slab.last(entry.slot);
    return last ? toPoint(last) : undefined;
  }

  /** The newest point with the newest `sparkPoints` CPU values, oldest first: a table row's usage, in one look-up. */
  latestRow(id: string, sparkPoints: number): KubeMetricsRow | undefined {
    const entry = this.entries.get(id);
    const last = entry && this.slab.last(entry.slot);
    if (!last) return undefined;
    const spark = this.slab.lastValues(entry.slot, 'cpu', sparkPoints);
    for (let i = 0; i < spark.length; i++) spark[i] = roundCpu(spark[i]!);
    return { ...toSample(id, last), spark };
  }

  /** Everything kept, oldest first. */
  points(id: string): KubeUsagePoint[] {
    const entry = this.entries.get(id);
    return entry ? this.slab.points(entry.slot).map(toPoint) : [];
  }

  /** Drops the series whose object was last listed before `before`; returns their ids. */
  dropUnseen(before: number): string[] {
    const dropped: string[] = [];
    for (const [id, entry] of this.entries) {
      if (entry.seen < before) {
        this.entries.delete(id);
        this.slab.release(entry.slot);
        entry.slot = DROPPED;
        dropped.push(id);
      }
    }
    if (dropped.length > 0) this.shrink();
    return dropped;
  }

  clear(): void {
    for (const entry of this.entries.values()) {
      this.slab.release(entry.slot);
      entry.slot = DROPPED;
    }
    this.entries.clear();
    this.listedCount = 0;
    this.shrink();
  }

  private shrink(): void {
    let bySlot: Entry[] | undefined;
    this.slab.shrink((from, to) => {
      if (!bySlot) {
        bySlot = [];
        for (const entry of this.entries.values()) bySlot[entry.slot] = entry;
      }
      bySlot[from]!.slot = to;
    });
  }
}
