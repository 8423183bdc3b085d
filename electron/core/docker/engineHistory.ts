import type { CollectionEvent } from '../../../shared/collection';
import type { ContainerState, EngineEventRow, StatsSample } from '../../../shared/docker';
import type { DashboardHistory, TimelineEvent, TimelineHistory } from '../../../shared/history';
import type { DownsampledHistory } from '../metrics/downsampledHistory';
import { IncidentLog, rollup, tieredHistory, usageWindow, windowOf } from '../metrics/historyTiers';
import { RingBuffer } from '../metrics/ringBuffer';
import type { ContainerWatch } from './containerWatch';
import type { EngineConnection } from './engineConnection';
import type { EngineEventLog } from './engineEvents';
import type { EngineUsage, UsagePointListener } from './engineUsage';
import { exitCodeOf, turnedUnhealthy } from './engineWarnings';
import type { StatsHub } from './statsHub';

/**
 * CPU and memory of every running container, every second, whether a view is open or not:
 * the history holds the engine's usage (a stats stream per running container, the same streams
 * the Stats tab and the Overview share, never a second one for a container), so the 15-minute
 * tier is at 1 s. Measured with 20 running containers, over 60 s from /proc/<pid>/stat: this
 * backend +0.5 % of a core over no history (0.40 → 0.90 %), as much as the one-shot request per
 * container every 10 s it replaced (0.17 → 0.65 %): under the 1 % allowed, so every running
 * container gets 1 s. dockerd pays more for the streams: +1.6 % of a core (private engine,
 * 0.02 → 1.57 %; the one-shot requests cost it 0.47 %).
 */
const SAMPLING =
  'CPU and memory: the engine’s stats stream of each running container, every second; states every second.';
/** Container states are counted every second (from the watched list: no engine call). */
const COUNT_EVERY_MS = 1000;
/** Events kept per container for its timeline. */
const TIMELINE_EVENTS = 200;
/** Containers whose history is kept after they are removed (most recent win). */
const MAX_CONTAINERS = 500;
const TOP_CONSUMERS = 5;

export const STATE_KEYS = ['running', 'paused', 'restarting', 'created', 'exited', 'dead'] as const;
type StateKey = (typeof STATE_KEYS)[number];

interface ContainerHistory {
  name: string;
  usage: DownsampledHistory<'cpu' | 'memory'>;
  events: RingBuffer<TimelineEvent>;
  /** The last `die`, for a `start` that follows it: that is a restart. */
  lastDeath?: { t: number; exitCode?: number };
}

function stateKey(state: ContainerState): StateKey {
  return state === 'removing' ? 'exited' : state;
}

/** A timeline entry for a container event, or undefined for events that are not worth a marker. */
export function timelineEventOf(row: EngineEventRow): TimelineEvent | undefined {
  const base = {
    id: row.id,
    t: row.t,
    detail: `${row.action}${row.attributes?.signal ? ` (signal ${row.attributes.signal})` : ''}`,
  };
  if (row.action === 'die') {
    const exitCode = exitCodeOf(row);
    const title = exitCode === undefined ? 'exited' : `exited (code ${exitCode})`;
    return { ...base, kind: 'exit', title, ...(exitCode !== undefined ? { exitCode } : {}) };
  }
  if (row.action === 'start') return { ...base, kind: 'start', title: 'started' };
  if (row.action === 'oom') return { ...base, kind: 'oom', title: 'out of memory (OOM kill)' };
  if (turnedUnhealthy(row)) return { ...base, kind: 'unhealthy', title: 'health check failing' };
  if (row.action === 'health_status: healthy') return { ...base, kind: 'healthy', title: 'healthy again' };
  if (['kill', 'stop', 'pause', 'unpause', 'create'].includes(row.action))
    return { ...base, kind: 'event', title: row.action };
  return undefined;
}

/**
 * The history of one engine, recorded all the time its runtime lives (not only while a
 * view is open): CPU and memory of the engine and of each running container (every second,
 * from the stats streams), containers by state (every second), and restarts, OOM kills, exits
 * and health changes from the engine's events, including the past hour the event log backfills.
 */
export class EngineHistory {
  private readonly totals = tieredHistory(['cpu', 'memory'] as const);
  private readonly states = tieredHistory(STATE_KEYS);
  private readonly incidents = new IncidentLog();
  private readonly containers = new Map<string, ContainerHistory>();
  private readonly stops: Array<() => void> = [];
  private countTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly connection: EngineConnection,
    private readonly watch: ContainerWatch,
    events: EngineEventLog,
    private readonly usage: EngineUsage,
    private readonly stats: StatsHub,
    private readonly options: { now?: () => number } = {},
  ) {
    this.stops.push(events.subscribe((event) => this.onEvents(event)));
  }

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  start(): void {
    this.countTimer = setInterval(() => this.countStates(), COUNT_EVERY_MS);
    this.countTimer.unref?.();
    this.stops.push(
      this.stats.onSample((id, sample) => this.recordUsage(id, sample)),
      // Holding the engine's usage keeps a stream open per running container, and sums them each second.
      this.usage.acquire(this.recordTotal),
    );
  }

  dispose(): void {
    if (this.countTimer) clearInterval(this.countTimer);
    this.countTimer = undefined;
    for (const stop of this.stops.splice(0)) stop();
  }

  /** Bytes the histories hold now (typed arrays and the bounded rings). */
  get bytes(): number {
    let total = this.totals.bytes + this.states.bytes + this.incidents.size * 64;
    for (const c of this.containers.values()) total += c.usage.bytes + c.events.size * 120;
    return total;
  }

  /** The engine's dashboard for a window ending now. */
  dashboard(windowMs: number): DashboardHistory {
    const { from, to, bucketMs } = windowOf(windowMs, this.now);
    const ranked = [...this.containers.entries()]
      .map(([id, c]) => ({ id, c, score: meanCpu(c.usage, from) }))
      .filter((r) => r.score !== undefined)
      .sort((a, b) => b.score! - a.score!)
      .slice(0, TOP_CONSUMERS);
    const states = rollup(this.states.points(), from, to, bucketMs);
    return {
      from,
      to,
      bucketMs,
      cpuUnit: '%',
      usage: usageWindow(this.totals, from, to, bucketMs),
      top: ranked.map(({ id, c }) => ({ id, name: c.name, points: usageWindow(c.usage, from, to, bucketMs) })),
      states: {
        keys: [...STATE_KEYS],
        points: states.map((p) => ({ t: p.t, values: STATE_KEYS.map((k) => Math.round(p[k] * 10) / 10) })),
      },
      incidents: this.incidents.counts(from, to, bucketMs),
      sampling: SAMPLING,
      bytes: this.bytes,
    };
  }

  /** One container's timeline for a window ending now. */
  timeline(id: string, windowMs: number): TimelineHistory {
    const { from, to, bucketMs } = windowOf(windowMs, this.now);
    const c = this.containers.get(id);
    return {
      from,
      to,
      cpuUnit: '%',
      usage: usageWindow(c?.usage, from, to, bucketMs),
      events: (c?.events.toArray() ?? []).filter((e) => e.t >= from && e.t <= to),
    };
  }

  private container(id: string, name?: string): ContainerHistory {
    let c = this.containers.get(id);
    if (!c) {
      c = {
        name: name ?? this.watch.rows.get(id)?.name ?? id.slice(0, 12),
        usage: tieredHistory(['cpu', 'memory'] as const),
        events: new RingBuffer(TIMELINE_EVENTS),
      };
      this.containers.set(id, c);
      if (this.containers.size > MAX_CONTAINERS) this.evict();
    } else if (name) c.name = name;
    return c;
  }

  /** Forgets the removed containers seen longest ago, keeping the ones still listed. */
  private evict(): void {
    for (const id of this.containers.keys()) {
      if (this.containers.size <= MAX_CONTAINERS) return;
      if (!this.watch.rows.get(id)) this.containers.delete(id);
    }
  }

  private onEvents(event: CollectionEvent<EngineEventRow>): void {
    const rows = event.type === 'snapshot' ? [...event.rows].sort((a, b) => a.t - b.t) : event.upserts;
    for (const row of rows) if (row.type === 'container') this.record(row);
  }

  private record(row: EngineEventRow): void {
    const entry = timelineEventOf(row);
    if (!entry) return;
    const c = this.container(row.actorId, row.actorName);
    if (entry.kind === 'exit') {
      c.lastDeath = { t: row.t, ...(entry.exitCode !== undefined ? { exitCode: entry.exitCode } : {}) };
      if (entry.exitCode) this.incidents.add(row.t, 'warnings', row.actorId);
    } else if (entry.kind === 'oom') {
      this.incidents.add(row.t, 'oomKills', row.actorId);
      this.incidents.add(row.t, 'warnings', row.actorId);
    } else if (entry.kind === 'unhealthy') {
      this.incidents.add(row.t, 'warnings', row.actorId);
    } else if (entry.kind === 'start' && c.lastDeath) {
      // A start after a death of the same container: the engine's restart policy, or `docker restart`.
      const death = c.lastDeath;
      c.lastDeath = undefined;
      this.incidents.add(row.t, 'restarts', row.actorId);
      c.events.push({
        ...entry,
        kind: 'restart',
        title: 'restarted',
        previous: { container: c.name, ...(death.exitCode !== undefined ? { exitCode: death.exitCode } : {}) },
      });
      return;
    }
    c.events.push(entry);
  }

  private countStates(): void {
    if (!this.connection.isLive) return;
    const counts = { t: Math.floor(this.now / 1000) * 1000 } as { t: number } & Record<StateKey, number>;
    for (const key of STATE_KEYS) counts[key] = 0;
    for (const row of this.watch.rows.values()) counts[stateKey(row.state)] += 1;
    this.states.push(counts);
  }

  private recordUsage(id: string, sample: StatsSample): void {
    this.container(id).usage.push({ t: sample.t, cpu: sample.cpuPercent, memory: sample.memUsage });
  }

  private readonly recordTotal: UsagePointListener = (point) => {
    this.totals.push({ t: point.t, cpu: point.cpuPercent, memory: point.memUsage });
  };
}

/** Mean CPU of a container's points since `from`, undefined when it has none. */
function meanCpu(usage: DownsampledHistory<'cpu' | 'memory'>, from: number): number | undefined {
  const values = usage.points().filter((p) => p.t >= from);
  if (values.length === 0) return undefined;
  return values.reduce((n, p) => n + p.cpu, 0) / values.length;
}
