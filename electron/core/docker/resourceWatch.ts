import type Docker from 'dockerode';
import type { CollectionEvent } from '../../../shared/collection';
import { LiveCollection, type Keyed } from '../streams/liveCollection';
import type { ContainerWatch } from './containerWatch';
import type { EngineConnection } from './engineConnection';

export interface ResourceWatchOptions<Row> {
  connection: EngineConnection;
  containers: ContainerWatch;
  /** Engine event types that change this list (its own type; container changes come via relations). */
  eventType: 'image' | 'volume' | 'network';
  /** One listing; `signal` aborts it (deadline, or the connection went away). */
  load: (client: Docker, signal: AbortSignal) => Promise<Row[]>;
  /** Bursts of events (a compose down) become one reload. */
  debounceMs?: number;
}

/**
 * Images, volumes or networks of one engine, maintained only while someone subscribes:
 * loaded on the first subscriber, reloaded (debounced) on the matching engine events and
 * on container changes (usage columns), and on every reconnect. Never polled.
 */
export class ResourceWatch<Row extends Keyed> {
  private readonly rows = new LiveCollection<Row>();
  private subscribers = 0;
  private stops: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loading: Promise<void> | undefined;
  private again = false;

  constructor(private readonly options: ResourceWatchOptions<Row>) {}

  /** Subscribes after the first load, so the snapshot is the real list. */
  async subscribe(emit: (event: CollectionEvent<Row>) => void): Promise<() => void> {
    this.subscribers += 1;
    if (this.subscribers === 1) this.activate();
    try {
      await this.loading;
    } catch {
      // The connection's status row says what is wrong; the list fills once it is back.
    }
    const unsubscribe = this.rows.subscribe(emit);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      unsubscribe();
      this.subscribers -= 1;
      if (this.subscribers === 0) this.deactivate();
    };
  }

  values(): Row[] {
    return this.rows.values();
  }

  dispose(): void {
    this.deactivate();
    this.rows.dispose();
  }

  private activate(): void {
    const { connection, containers, eventType } = this.options;
    this.stops = [
      connection.onLive((client) => this.reload(client)),
      connection.onEvent((event) => {
        if (event.Type === eventType) this.schedule();
      }),
      containers.onRelationsChanged(() => this.schedule()),
    ];
    const client = connection.client;
    if (client) void this.reload(client).catch(() => undefined);
  }

  private deactivate(): void {
    for (const stop of this.stops) stop();
    this.stops = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.rows.clear();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const client = this.options.connection.client;
      if (client) void this.reload(client).catch(() => undefined);
    }, this.options.debounceMs ?? 150);
  }

  /** One load at a time; a request during a load runs one more load after it. */
  private reload(client: Docker): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        do {
          this.again = false;
          let rows: Row[];
          try {
            rows = await this.options.connection.call((signal) => this.options.load(client, signal));
          } catch (error) {
            // Asked again meanwhile (a reconnect aborted this load and wants a fresh one): load again.
            if (this.again) continue;
            throw error;
          }
          if (this.subscribers > 0) this.rows.replaceAll(rows);
        } while (this.again);
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}
