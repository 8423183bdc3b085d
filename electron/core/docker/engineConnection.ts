import type Docker from 'dockerode';
import type { ConnectionStatus } from '../../../shared/app';
import { backoffDelay, type BackoffOptions } from '../net/backoff';
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

/** Called on every (re)connect, after the events stream is open: relist, reopen streams. */
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
  now?: () => number;
}

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
      const abort = new AbortController();
      this.abort = abort;
      const timeout = this.options.pingTimeoutMs ?? 5000;
      await pingEngine(client, AbortSignal.any([abort.signal, AbortSignal.timeout(timeout)]));
      this.apiVersion = await engineApiVersion(client, AbortSignal.any([abort.signal, AbortSignal.timeout(timeout)]));
      if (gen !== this.generation) return;

      let holding = true;
      const held: DockerEvent[] = [];
      const parser = new JsonLineParser();
      const stream = (await client.getEvents({
        filters: { type: [...EVENT_TYPES] },
        abortSignal: abort.signal,
      })) as NodeJS.ReadableStream;
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

      this.live = true;
      for (const listener of [...this.liveListeners]) await listener(client);
      if (gen !== this.generation) return;
      holding = false;
      for (const event of held.splice(0)) this.dispatch(event);

      this.attempt = 0;
      this.everLive = true;
      this.staleSince = undefined;
      this.lastProblem = undefined;
      this.setStatus({ state: 'live' });
      this.startHeartbeat(gen, client);
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

  private startHeartbeat(gen: number, client: Docker): void {
    const every = this.options.heartbeatMs ?? 10_000;
    const timeout = this.options.pingTimeoutMs ?? 5000;
    this.heartbeatTimer = setInterval(() => {
      pingEngine(client, AbortSignal.timeout(timeout)).catch((error: unknown) => this.lost(gen, error));
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
