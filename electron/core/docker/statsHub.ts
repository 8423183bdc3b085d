import type Docker from 'dockerode';
import type { StatsSample } from '../../../shared/docker';
import { TimeSeries } from '../metrics/timeSeries';
import { toStatsSample, type DockerStatsJson } from './containerStats';
import type { ContainerWatch } from './containerWatch';
import type { EngineConnection } from './engineConnection';
import { JsonLineParser } from './jsonLines';

/** 15 minutes at the engine's 1-second resolution. */
export const HISTORY_POINTS = 900;
export const HISTORY_WINDOW_MS = 15 * 60_000;
/** A view that re-subscribes right away (list re-render, tab switch) should not restart engine streams. */
export const RELEASE_GRACE_MS = 5000;
/** Wait before reopening a stats stream that ended while its container still runs. */
const STREAM_RETRY_MS = 2000;
/** Histories kept for containers nobody watches any more (most recently used win). */
const MAX_IDLE_HISTORIES = 500;

type SampleListener = (sample: StatsSample) => void;
type AnySampleListener = (id: string, sample: StatsSample) => void;

interface Watched {
  id: string;
  refs: number;
  series: TimeSeries<StatsSample>;
  listeners: Set<SampleListener>;
  abort?: AbortController;
  releaseTimer?: ReturnType<typeof setTimeout>;
  lastUsed: number;
}

/**
 * Per-engine container stats, streamed from the engine ONLY while some subscriber
 * watches a container (reference-counted, with a short grace period), and kept as a
 * 15-minute history per container so a view that comes back gets its chart at once.
 * A stream opens for running (or paused) containers and reopens when one starts again.
 */
export class StatsHub {
  private readonly watched = new Map<string, Watched>();
  private readonly everySample = new Set<AnySampleListener>();
  private readonly unsubscribes: Array<() => void>;

  constructor(
    private readonly connection: EngineConnection,
    private readonly containers: ContainerWatch,
  ) {
    this.unsubscribes = [
      // A reconnect: end the previous connection's streams (the engine may not have closed
      // their sockets, e.g. after a missed heartbeat) and reopen those still wanted.
      connection.onLive((client) => {
        for (const w of this.watched.values()) {
          this.stopStream(w);
          if (w.refs > 0) this.ensureStream(w, client);
        }
      }),
      // Start/stop/remove: open a stream for a container that starts, forget removed ones.
      containers.rows.subscribe((event) => {
        if (event.type === 'snapshot') return;
        for (const row of event.upserts) {
          const w = this.watched.get(row.id);
          if (w && w.refs > 0) this.ensureStream(w);
        }
        for (const id of event.deletes) this.forget(id);
      }),
    ];
  }

  /** Containers with a history or a watcher (bounded: only known containers get one). */
  get size(): number {
    return this.watched.size;
  }

  /** Number of engine stats streams open now (for tests and the benchmark). */
  get openStreams(): number {
    let n = 0;
    for (const w of this.watched.values()) if (w.abort) n += 1;
    return n;
  }

  /** Whether the engine streams `id`'s stats now (at most one stream per container, however many watch it). */
  isStreaming(id: string): boolean {
    return this.watched.get(id)?.abort !== undefined;
  }

  /** Starts watching `id` (if not already); `listener` gets each new sample. Returns the release. */
  acquire(id: string, listener?: SampleListener): () => void {
    let w = this.watched.get(id);
    if (!w) {
      w = {
        id,
        refs: 0,
        series: new TimeSeries<StatsSample>(HISTORY_POINTS, HISTORY_WINDOW_MS),
        listeners: new Set(),
        lastUsed: Date.now(),
      };
      this.watched.set(id, w);
      this.evictIdle();
    }
    const watched = w;
    watched.refs += 1;
    watched.lastUsed = Date.now();
    if (watched.releaseTimer) clearTimeout(watched.releaseTimer);
    watched.releaseTimer = undefined;
    if (listener) watched.listeners.add(listener);
    this.ensureStream(watched);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (listener) watched.listeners.delete(listener);
      watched.refs -= 1;
      watched.lastUsed = Date.now();
      if (watched.refs > 0) return;
      watched.releaseTimer = setTimeout(() => {
        watched.releaseTimer = undefined;
        if (watched.refs === 0) this.stopStream(watched);
      }, RELEASE_GRACE_MS);
      watched.releaseTimer.unref?.();
    };
  }

  /** Every sample of every stream open now or later, without holding any (the engine's history). */
  onSample(listener: AnySampleListener): () => void {
    this.everySample.add(listener);
    return () => this.everySample.delete(listener);
  }

  history(id: string): StatsSample[] {
    return this.watched.get(id)?.series.points() ?? [];
  }

  lastN(id: string, n: number): StatsSample[] {
    return this.watched.get(id)?.series.lastN(n) ?? [];
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.everySample.clear();
    for (const w of this.watched.values()) {
      this.stopStream(w);
      if (w.releaseTimer) clearTimeout(w.releaseTimer);
    }
    this.watched.clear();
  }

  private ensureStream(w: Watched, client = this.connection.client): void {
    if (w.abort) return;
    const row = this.containers.rows.get(w.id);
    if (!client || !row || (row.state !== 'running' && row.state !== 'paused')) return;
    const abort = new AbortController();
    w.abort = abort;
    void this.openStream(client, w, abort);
  }

  private async openStream(client: Docker, w: Watched, abort: AbortController): Promise<void> {
    const done = (): void => {
      if (w.abort === abort) w.abort = undefined;
    };
    // The stream ends with its watcher, or with the connection it was opened on.
    const streamSignal = AbortSignal.any([abort.signal, this.connection.attemptSignal]);
    try {
      const stream = (await this.connection.call((signal) =>
        client.getContainer(w.id).stats({ stream: true, abortSignal: AbortSignal.any([signal, streamSignal]) } as {
          stream: true;
        }),
      )) as NodeJS.ReadableStream;
      if (streamSignal.aborted) {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        return;
      }
      const parser = new JsonLineParser();
      stream.on('data', (chunk: Buffer) => {
        for (const json of parser.push(chunk)) {
          const sample = toStatsSample(json as DockerStatsJson);
          if (!sample) continue;
          w.series.push(sample);
          for (const listener of [...w.listeners]) listener(sample);
          for (const listener of [...this.everySample]) listener(w.id, sample);
        }
      });
      // The engine ends the stream when the container stops (a later start reopens it via
      // the container events). If it ended for another reason while the container still
      // runs and someone watches, try again shortly.
      let ended = false;
      const onEnd = (): void => {
        if (ended) return;
        ended = true;
        done();
        if (streamSignal.aborted) return;
        const retry = setTimeout(() => {
          if (w.refs > 0 && this.watched.get(w.id) === w) this.ensureStream(w);
        }, STREAM_RETRY_MS);
        retry.unref?.();
      };
      stream.on('end', onEnd);
      stream.on('close', onEnd);
      stream.on('error', onEnd);
    } catch {
      done();
    }
  }

  private stopStream(w: Watched): void {
    w.abort?.abort();
    w.abort = undefined;
  }

  private forget(id: string): void {
    const w = this.watched.get(id);
    if (!w) return;
    this.stopStream(w);
    if (w.refs === 0) {
      if (w.releaseTimer) clearTimeout(w.releaseTimer);
      this.watched.delete(id);
    }
  }

  private evictIdle(): void {
    const idle = [...this.watched.values()].filter((w) => w.refs === 0 && !w.releaseTimer);
    if (idle.length <= MAX_IDLE_HISTORIES) return;
    idle.sort((a, b) => a.lastUsed - b.lastUsed);
    for (const w of idle.slice(0, idle.length - MAX_IDLE_HISTORIES)) this.watched.delete(w.id);
  }
}
