import { setMaxListeners } from 'node:events';
import type Docker from 'dockerode';
import type { ConnectionStatus } from '../../../shared/app';
import { backoffDelay, type BackoffOptions } from '../net/backoff';
import { withDeadline } from '../net/deadline';
import type { LiveCollection } from '../streams/liveCollection';
import { describeConnectionError, type ConnectionProblem } from './dockerErrors';
import { engineApiVersion, pingEngine } from './engineClient';
import type { DiscoveredEngine } from './engineDiscovery';
import { JsonLineParser } from './jsonLines';

/** One message of the engine's /events stream (the fields we read). */
export interface DockerEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  time: number;
  timeNano: number;
}

export function isDockerEvent(value: unknown): value is DockerEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const actor = v.Actor as Record<string, unknown> | undefined;
  return (
    typeof v.Type === 'string' &&
    typeof v.Action === 'string' &&
    typeof actor === 'object' &&
    actor !== null &&
    typeof actor.ID === 'string'
  );
}

/**
 * Called on every (re)connect, after the events stream is open and before the engine is
 * called live: relist, reopen streams. Engine calls go through `EngineConnection.call`, so
 * they are bounded in time and aborted with the attempt.
 */
export type LiveListener = (client: Docker) => Promise<void> | void;

export interface EngineConnectionOptions {
  engine: DiscoveredEngine;
  /** May throw (unreadable TLS files): reported as the engine's error. */
  createClient: () => Docker;
  connections: LiveCollection<ConnectionStatus>;
  backoff?: BackoffOptions;
  /** How often a live engine is pinged, to notice a silently dead TCP connection. */
  heartbeatMs?: number;
  pingTimeoutMs?: number;
  /** Longest wait for one engine answer (a list, an inspect, the start of a stream). */
  callTimeoutMs?: number;
  now?: () => number;
}

/** A list or inspect of a local engine answers in milliseconds; one that takes this long is hung. */
export const ENGINE_CALL_TIMEOUT_MS = 10_000;
/** Actions wait for the engine to finish them: a stop waits up to the container's stop timeout (10 s by default). */
export const ENGINE_ACTION_TIMEOUT_MS = 60_000;

/** Local engines come back within seconds of a restart: retry soon, and never wait long. */
export const ENGINE_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 10_000, jitter: 0.3 };

/** The event types Berth follows (the live stream and the backfill of past events ask for the same). */
export const EVENT_TYPES = ['container', 'image', 'volume', 'network'] as const;

/**
 * Keeps one engine connected: ping, open the events stream, let the watchers relist,
 * then route events to them. Any failure (ping, relist, stream end, missed heartbeat)
 * tears the attempt down and retries with capped backoff and jitter; the engine's row in
 * `app.connections` says what is wrong and when the next attempt is. Other engines are
 * unaffected: each has its own connection.
 *
 * The events stream is opened BEFORE the relist and its events are held until the
 * relist is done, so nothing that happens during the listing is missed, whatever the
 * clock difference between us and a remote engine (this is what `since` = list time
 * would achieve, without trusting clocks).
 *
 * Every engine call has a deadline and is aborted when its attempt ends, so a hung engine
 * (frozen, or a relist that never answers) turns into a retry with backoff instead of an
 * engine stuck "connecting", or "live" over data that no longer follows it. The engine is
 * live (`isLive`, `client`, the status row) only once its listeners' first listing is in.
 */
export class EngineConnection {
  private clientInstance: Docker | undefined;
  private readonly eventListeners = new Set<(event: DockerEvent) => void>();
  private readonly liveListeners = new Set<LiveListener>();
  private attempt = 0;
  private generation = 0;
  private everLive = false;
  private live = false;
  private disposed = false;
  private staleSince: number | undefined;
  private abort: AbortController | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private lastProblem: ConnectionProblem | undefined;
  /** The engine's API version, e.g. "1.41" (known once connected). */
  apiVersion: string | undefined;

  constructor(private readonly options: EngineConnectionOptions) {}

  get engine(): DiscoveredEngine {
    return this.options.engine;
  }

  get statusId(): string {
    return `docker:${this.options.engine.id}`;
  }

  get isLive(): boolean {
    return this.live;
  }

  /** The client, while the engine is live. */
  get client(): Docker | undefined {
    return this.live ? this.clientInstance : undefined;
  }

  /** Why the engine cannot be used right now, for errors shown to the user. */
  get problem(): ConnectionProblem | undefined {
    return this.live ? undefined : this.lastProblem;
  }

  onEvent(listener: (event: DockerEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onLive(listener: LiveListener): () => void {
    this.liveListeners.add(listener);
    return () => this.liveListeners.delete(listener);
  }

  start(): void {
    void this.connect();
  }

  /** Drops the current attempt and reconnects now (e.g. the user pressed "retry"). */
  reconnectNow(): void {
    this.teardown();
    this.attempt = 0;
    void this.connect();
  }

  dispose(): void {
    this.disposed = true;
    this.teardown();
    this.options.connections.delete(this.statusId);
  }

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  private async connect(): Promise<void> {
    if (this.disposed) return;
    const gen = ++this.generation;
    const { engine } = this.options;
    this.setStatus({ state: this.everLive ? 'reconnecting' : 'connecting' });
    let phase: 'client' | 'engine' = 'client';
    try {
      this.clientInstance ??= this.options.createClient();
      phase = 'engine';
      const client = this.clientInstance;
      const attempt = new AbortController();
      // Every call of the attempt listens on its signal while in flight (a relist's inspects, a flood's lookups).
      setMaxListeners(1000, attempt.signal);
      this.abort = attempt;
      const pingTimeout = this.options.pingTimeoutMs ?? 5000;
      await withDeadline(pingTimeout, (signal) => pingEngine(client, signal), attempt.signal);
      this.apiVersion = await withDeadline(pingTimeout, (signal) => engineApiVersion(client, signal), attempt.signal);
      if (gen !== this.generation) return;

      let holding = true;
      const held: DockerEvent[] = [];
      const parser = new JsonLineParser();
      // The stream outlives the deadline on its start; it ends with the attempt.
      const stream = (await this.call(
        (signal) =>
          client.getEvents({
            filters: { type: [...EVENT_TYPES] },
            abortSignal: AbortSignal.any([signal, attempt.signal]),
          }),
        this.callTimeoutMs,
      )) as NodeJS.ReadableStream;
      if (gen !== this.generation) {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        return;
      }
      stream.on('data', (chunk: Buffer) => {
        if (gen !== this.generation) return;
        for (const value of parser.push(chunk)) {
          if (!isDockerEvent(value)) continue;
          if (holding) held.push(value);
          else this.dispatch(value);
        }
      });
      const onStreamGone = (error?: unknown): void =>
        this.lost(gen, error ?? new Error(`The events stream of ${engine.endpoint} ended.`));
      stream.on('error', onStreamGone);
      stream.on('end', () => onStreamGone());
      stream.on('close', () => onStreamGone());

      for (const listener of [...this.liveListeners]) {
        await listener(client);
        if (gen !== this.generation) return;
      }
      this.live = true;
      holding = false;
      for (const event of held.splice(0)) this.dispatch(event);

      this.attempt = 0;
      this.everLive = true;
      this.staleSince = undefined;
      this.lastProblem = undefined;
      this.setStatus({ state: 'live' });
      this.startHeartbeat(gen, client, attempt.signal);
    } catch (error) {
      if (gen !== this.generation || this.disposed) return;
      const problem =
        phase === 'client'
          ? {
              code: 'unauthorized' as const,
              message: `Cannot use the TLS files for ${engine.endpoint}.`,
              hint: 'Check DOCKER_CERT_PATH or the docker context’s TLS files (ca.pem, cert.pem, key.pem).',
              detail: error instanceof Error ? error.message : String(error),
            }
          : describeConnectionError(error, engine.endpoint);
      this.retryLater(problem);
    }
  }

  /**
   * One engine call of the current attempt: aborted when the attempt ends (reconnect,
   * dispose) or after `timeoutMs`, whichever comes first.
   */
  call<T>(run: (signal: AbortSignal) => Promise<T>, timeoutMs = this.callTimeoutMs): Promise<T> {
    return withDeadline(timeoutMs, run, this.abort?.signal ?? AbortSignal.abort());
  }

  /** The current attempt's signal, for streams that must end with the connection (no deadline). */
  get attemptSignal(): AbortSignal {
    return this.abort?.signal ?? AbortSignal.abort();
  }

  /**
   * A call on the live engine failed in a way that says the engine cannot be trusted now (it
   * did not answer in time): drop the connection and reconnect, which relists everything.
   */
  fail(error: unknown): void {
    if (this.live) this.lost(this.generation, error);
  }

  private get callTimeoutMs(): number {
    return this.options.callTimeoutMs ?? ENGINE_CALL_TIMEOUT_MS;
  }

  /** A live (or connecting) engine went away: keep rows (marked stale) and reconnect. */
  private lost(gen: number, error: unknown): void {
    if (gen !== this.generation || this.disposed) return;
    this.retryLater(describeConnectionError(error, this.options.engine.endpoint));
  }

  private retryLater(cause: ConnectionProblem): void {
    this.teardown();
    // Once the engine has been live, the rows shown are stale until it is back: say so.
    const problem = this.everLive
      ? { ...cause, message: `Lost the connection to the Docker engine: ${cause.message}` }
      : cause;
    this.lastProblem = problem;
    if (this.everLive) this.staleSince ??= this.now;
    const delay = backoffDelay(this.attempt++, this.options.backoff ?? ENGINE_BACKOFF);
    const nextRetryAt = this.now + delay;
    this.setStatus({
      state: this.everLive ? 'reconnecting' : 'error',
      message: problem.message,
      hint: problem.hint,
      detail: problem.detail,
      nextRetryAt,
      ...(this.staleSince !== undefined ? { staleSince: this.staleSince } : {}),
    });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
    this.retryTimer.unref?.();
  }

  private startHeartbeat(gen: number, client: Docker, attempt: AbortSignal): void {
    const every = this.options.heartbeatMs ?? 10_000;
    const timeout = this.options.pingTimeoutMs ?? 5000;
    let inFlight = false;
    this.heartbeatTimer = setInterval(() => {
      if (inFlight) return;
      inFlight = true;
      withDeadline(timeout, (signal) => pingEngine(client, signal), attempt)
        .catch((error: unknown) => this.lost(gen, error))
        .finally(() => {
          inFlight = false;
        });
    }, every);
    this.heartbeatTimer.unref?.();
  }

  private dispatch(event: DockerEvent): void {
    for (const listener of [...this.eventListeners]) {
      try {
        listener(event);
      } catch {
        // One watcher's bug must not stop the others from seeing events.
      }
    }
  }

  private teardown(): void {
    this.generation += 1;
    this.live = false;
    this.abort?.abort();
    this.abort = undefined;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private setStatus(fields: Partial<ConnectionStatus> & Pick<ConnectionStatus, 'state'>): void {
    if (this.disposed) return;
    const { engine } = this.options;
    this.options.connections.upsert({ id: this.statusId, kind: 'docker', name: engine.name, ...fields });
  }
}
