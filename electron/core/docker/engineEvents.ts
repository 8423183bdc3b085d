import type Docker from 'dockerode';
import type { CollectionEvent } from '../../../shared/collection';
import type { EngineEventRow } from '../../../shared/docker';
import { RingBuffer } from '../metrics/ringBuffer';
import { LiveCollection } from '../streams/liveCollection';
import { EVENT_TYPES, isDockerEvent, type DockerEvent, type EngineConnection } from './engineConnection';
import { JsonLineParser } from './jsonLines';
import { toEventRow } from './resourceRows';

export const RECENT_EVENTS = 500;
/**
 * How far back the first connection looks. Berth is opened to see what just went wrong:
 * an hour covers "it crashed a few minutes ago" with room to spare, without filling the
 * Overview with incidents from days ago that an idle engine still holds. (dockerd keeps
 * only its last 256 events in memory anyway, so on a busy engine it is less.)
 */
export const BACKFILL_WINDOW_MS = 60 * 60 * 1000;
/** Going live waits at most this long for the past events (what arrived by then is kept). */
export const BACKFILL_TIMEOUT_MS = 3000;

const NS_PER_MS = 1_000_000n;
/** timeNano is parsed into a double (256 ns apart at today's times): ask from a little earlier. */
const ROUNDING_MARGIN_NS = 1000n;

export interface EngineEventLogOptions {
  now?: () => number;
  backfillTimeoutMs?: number;
  backfillWindowMs?: number;
}

/** The engine's time of an event, in ns (a double: exact enough to compare and key). */
function timeNanoOf(event: DockerEvent): number {
  return event.timeNano ?? event.time * 1e9;
}

/** One event, whichever way it came (backfill or live stream): same engine time, object and action. */
function eventKey(event: DockerEvent): string {
  return `${timeNanoOf(event)}|${event.Type}|${event.Action}|${event.Actor.ID}`;
}

/** The engine API's timestamp format, "seconds.nanoseconds", exact. */
function engineTimestamp(ns: bigint): string {
  return `${ns / 1_000_000_000n}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}`;
}

/**
 * The engine's past events between `since` and `until` (engine time, ns), oldest first: a
 * one-shot query that ends by itself once `until` is past. Whatever arrived before an
 * error or the signal is kept (a prefix, in order); nothing is thrown.
 */
export async function pastEvents(
  client: Docker,
  since: bigint,
  until: bigint,
  signal: AbortSignal,
): Promise<DockerEvent[]> {
  const events: DockerEvent[] = [];
  const parser = new JsonLineParser();
  const take = (values: unknown[]): void => {
    for (const value of values) if (isDockerEvent(value)) events.push(value);
  };
  try {
    const query = {
      since: engineTimestamp(since),
      until: engineTimestamp(until),
      filters: { type: [...EVENT_TYPES] },
      abortSignal: signal,
    };
    // The API takes "seconds.nanoseconds" strings; the published types only say number.
    const stream = await client.getEvents(query as unknown as Docker.GetEventsOptions);
    await new Promise<void>((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', stop);
        resolve();
      };
      const stop = (): void => {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        done();
      };
      if (signal.aborted) return stop();
      signal.addEventListener('abort', stop, { once: true });
      stream.on('data', (chunk: Buffer) => take(parser.push(chunk)));
      stream.on('end', () => {
        take(parser.end());
        done();
      });
      stream.on('error', done);
      stream.on('close', done);
    });
  } catch {
    // No past events (engine refused the query, timed out before answering): live events still come.
  }
  return events;
}

/**
 * The engine's recent events (the last 500), as a collection: new events are upserts,
 * evicted ones deletes.
 *
 * On every (re)connect the log is first filled with the engine's past events (the last
 * hour on the first connect, since the last event seen after a reconnect), so the Events
 * view and the warnings derived from it show what happened before Berth was there or
 * while it was away. The connection holds its live events until this is done, so events
 * arrive in time order; those in both the backfill and the live stream are kept once.
 */
export class EngineEventLog {
  private readonly rows = new LiveCollection<EngineEventRow>();
  /** Keys of the events in the log, oldest first (bounded memory for the dedupe). */
  private readonly ring = new RingBuffer<string>(RECENT_EVENTS);
  /** Event key → its row id, for the events in `ring`. */
  private readonly rowIds = new Map<string, string>();
  private seq = 0;
  /** The engine time (ns) of the newest event in the log: where a reconnect's backfill starts. */
  private lastSeen: bigint | undefined;
  private backfill: AbortController | undefined;
  private readonly stops: Array<() => void>;

  constructor(
    private readonly engineId: string,
    connection: EngineConnection,
    private readonly options: EngineEventLogOptions = {},
  ) {
    this.stops = [
      connection.onEvent((event) => this.add(event)),
      connection.onLive((client) => this.backfillFrom(client)),
    ];
  }

  subscribe(emit: (event: CollectionEvent<EngineEventRow>) => void): () => void {
    return this.rows.subscribe(emit);
  }

  dispose(): void {
    this.backfill?.abort();
    this.backfill = undefined;
    for (const stop of this.stops) stop();
    this.rows.dispose();
  }

  private add(event: DockerEvent): void {
    const key = eventKey(event);
    if (this.rowIds.has(key)) return;
    const row = toEventRow(event, this.engineId, this.seq++);
    this.rows.upsert(row);
    this.rowIds.set(key, row.id);
    const evicted = this.ring.push(key);
    if (evicted !== undefined) {
      this.rows.delete(this.rowIds.get(evicted)!);
      this.rowIds.delete(evicted);
    }
    const t = timeNanoOf(event);
    if (Number.isFinite(t)) {
      const ns = BigInt(Math.round(t));
      if (this.lastSeen === undefined || ns > this.lastSeen) this.lastSeen = ns;
    }
  }

  /** Runs while the connection holds its live events: the past ones go first, oldest first. */
  private async backfillFrom(client: Docker): Promise<void> {
    // A previous attempt's query, still running: its answer is not wanted (the check after the await).
    this.backfill?.abort();
    const abort = new AbortController();
    this.backfill = abort;
    const now = BigInt((this.options.now ?? Date.now)()) * NS_PER_MS;
    const windowMs = BigInt(this.options.backfillWindowMs ?? BACKFILL_WINDOW_MS);
    const since = this.lastSeen !== undefined ? this.lastSeen - ROUNDING_MARGIN_NS : now - windowMs * NS_PER_MS;
    // The engine refuses until < since (its clock may be ahead of ours).
    const until = this.lastSeen !== undefined && this.lastSeen > now ? this.lastSeen : now;
    // A timer of our own, not AbortSignal.timeout inside AbortSignal.any: Node may collect such
    // a timeout signal before it fires, and the wait would never end. At the deadline the query
    // stops and keeps what arrived.
    const deadline = setTimeout(() => abort.abort(), this.options.backfillTimeoutMs ?? BACKFILL_TIMEOUT_MS);
    const events = await pastEvents(client, since, until, abort.signal).finally(() => clearTimeout(deadline));
    if (this.backfill !== abort) return; // disposed, or a newer connect started its own backfill
    this.backfill = undefined;
    for (const event of events) this.add(event);
  }
}
