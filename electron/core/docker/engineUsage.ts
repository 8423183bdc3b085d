import type { ContainerRow, EngineUsagePoint } from '../../../shared/docker';
import { BucketSum } from '../metrics/bucketSum';
import { TimeSeries } from '../metrics/timeSeries';
import type { ContainerWatch } from './containerWatch';
import type { EngineConnection } from './engineConnection';
import { HISTORY_POINTS, HISTORY_WINDOW_MS, type StatsHub } from './statsHub';

export type UsagePointListener = (point: EngineUsagePoint) => void;

/** Close each second a little after it ends, so a sample taken at its last instant is in. */
const CLOSE_AFTER_MS = 100;

/** Containers whose stats count towards the engine: paused ones still hold their memory. */
function counts(row: Pick<ContainerRow, 'state'>): boolean {
  return row.state === 'running' || row.state === 'paused';
}

/**
 * The engine's CPU and memory: the sum over its running containers, one point per second,
 * with a 15-minute history (kept while someone watched) so the Overview shows it at once.
 *
 * It costs engine streams only while subscribed: the first subscriber acquires every
 * running container from the StatsHub (and follows containers that start or stop); the
 * last one leaving releases them, and the StatsHub's grace period keeps the streams
 * open a few seconds in case the view comes right back. Summing is `BucketSum`'s job.
 */
export class EngineUsage {
  private readonly series = new TimeSeries<EngineUsagePoint>(HISTORY_POINTS, HISTORY_WINDOW_MS);
  private readonly listeners = new Set<UsagePointListener>();
  private readonly sum = new BucketSum(['cpuPercent', 'memUsage'] as const);
  /** Container id → its StatsHub release, while it counts. */
  private readonly held = new Map<string, () => void>();
  private refs = 0;
  private stopFollowing: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private wasLive = false;

  constructor(
    private readonly connection: EngineConnection,
    private readonly containers: ContainerWatch,
    private readonly stats: StatsHub,
    private readonly now: () => number = Date.now,
  ) {}

  /** The points kept, oldest first (up to 15 minutes). */
  history(): EngineUsagePoint[] {
    return this.series.points(this.now());
  }

  /** Whether the engine's containers are being summed now (someone subscribes). */
  get active(): boolean {
    return this.refs > 0;
  }

  /** Starts summing (if not already); `listener` gets each new point. Returns the release. */
  acquire(listener?: UsagePointListener): () => void {
    if (listener) this.listeners.add(listener);
    this.refs += 1;
    if (this.refs === 1) this.begin();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (listener) this.listeners.delete(listener);
      if (this.refs === 0) return; // disposed meanwhile
      this.refs -= 1;
      if (this.refs === 0) this.end();
    };
  }

  dispose(): void {
    this.listeners.clear();
    this.refs = 0;
    this.end();
  }

  private begin(): void {
    this.wasLive = this.connection.isLive;
    this.sum.start(this.now());
    this.stopFollowing = this.containers.rows.subscribe((event) => {
      const rows = event.type === 'snapshot' ? event.rows : event.upserts;
      for (const row of rows) {
        if (counts(row)) this.hold(row.id);
        else this.letGo(row.id);
      }
      if (event.type === 'delta') for (const id of event.deletes) this.letGo(id);
    });
    this.schedule();
  }

  private end(): void {
    this.stopFollowing?.();
    this.stopFollowing = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const release of this.held.values()) release();
    this.held.clear();
    this.sum.stop();
  }

  private hold(id: string): void {
    if (this.held.has(id)) return;
    this.sum.track(id, this.now());
    // Back within the grace period, the stream is still open: its last sample counts at once.
    const last = this.stats.lastN(id, 1)[0];
    if (last) this.sum.add(id, last.t, last);
    this.held.set(
      id,
      this.stats.acquire(id, (sample) => this.sum.add(id, sample.t, sample)),
    );
  }

  private letGo(id: string): void {
    const release = this.held.get(id);
    if (!release) return;
    this.held.delete(id);
    this.sum.untrack(id);
    release();
  }

  /** Ticks just after each second ends (aligned to the clock, so no drift). */
  private schedule(): void {
    const now = this.now();
    const wait = 1000 - (now % 1000) + CLOSE_AFTER_MS;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick();
      if (this.refs > 0) this.schedule();
    }, wait);
    this.timer.unref?.();
  }

  private tick(): void {
    const now = this.now();
    const live = this.connection.isLive;
    // While the engine is unreachable its streams are down: a gap, not a drop to zero.
    // After a reconnect the series starts again once the reopened streams report.
    if (!live || !this.wasLive) {
      this.wasLive = live;
      this.sum.start(now);
      return;
    }
    for (const total of this.sum.close(now)) {
      const point: EngineUsagePoint = {
        t: total.t,
        cpuPercent: Math.round(total.cpuPercent * 100) / 100,
        memUsage: total.memUsage,
        containers: total.sources,
      };
      this.series.push(point);
      for (const listener of [...this.listeners]) listener(point);
    }
  }
}
