import type Docker from 'dockerode';
import type { ContainerInfo } from 'dockerode';
import type { ContainerRow } from '../../../shared/docker';
import { LiveCollection } from '../streams/liveCollection';
import { toContainerRelations, toContainerRow, type ContainerRelations } from './containerRows';
import type { DockerEvent, EngineConnection } from './engineConnection';

/** Container events that do not change the container's row (exec, attach, copy…). */
const NOISE = new Set([
  'attach',
  'detach',
  'resize',
  'top',
  'export',
  'copy',
  'archive-path',
  'extract-to-dir',
  'commit',
]);

/** Bounded id lists keep the list request's URL short. */
const IDS_PER_REQUEST = 50;

/** Inspects in flight at once while learning start times after a relist. */
const INSPECT_CONCURRENCY = 4;

/**
 * dockerd emits some events (pause, die…) a moment BEFORE its list view is updated, so a
 * list right after the event can still show the old state. For events that imply a
 * state, the container is listed again after these delays until the row agrees.
 */
const RECHECK_DELAYS_MS = [30, 100, 250, 600, 1200];

/** The state an event implies, when it implies one. */
export function expectedState(action: string): ContainerRow['state'] | undefined {
  switch (action) {
    case 'start':
    case 'unpause':
    case 'restart':
      return 'running';
    case 'pause':
      return 'paused';
    case 'die':
    case 'stop':
      return 'exited';
    case 'create':
      return 'created';
    default:
      return undefined;
  }
}

/**
 * The `docker.containers` rows of one engine, kept current from the engine's events
 * (never polled): a full list on every (re)connect replaces everything (so nothing
 * stale survives a daemon restart), then each container event re-lists just the
 * affected containers (coalesced), and `destroy` deletes the row.
 */
export class ContainerWatch {
  readonly rows = new LiveCollection<ContainerRow>();
  /** Image, volumes and networks per container: what the image/volume/network lists derive from. */
  readonly relations = new Map<string, ContainerRelations>();
  private readonly relationListeners = new Set<() => void>();
  private readonly pending = new Set<string>();
  /** id → state the last event implied, and how many rechecks were done. */
  private readonly expected = new Map<
    string,
    { state: ContainerRow['state']; tries: number; timer?: ReturnType<typeof setTimeout> }
  >();
  /** The pump running now: a relist replaces it, and a stale run stops at its next await. */
  private pumpRun: symbol | undefined;
  /**
   * Containers destroyed while a lookup was in flight, with the event count at their
   * destroy: a lookup answered before the destroy must not bring their row back.
   */
  private readonly destroyedAt = new Map<string, number>();
  private eventCount = 0;
  private readonly unsubscribes: Array<() => void>;
  /**
   * Start times (epoch ms) of running containers. The list endpoint does not carry them:
   * they come from `start` events, or from inspecting the containers a relist finds running.
   */
  private readonly startedAt = new Map<string, number>();
  private relistGeneration = 0;

  constructor(
    private readonly engineId: string,
    private readonly connection: EngineConnection,
  ) {
    this.unsubscribes = [
      connection.onLive((client) => this.relist(client)),
      connection.onEvent((event) => this.onEvent(event)),
    ];
  }

  /** Called when containers appear, go, or change image/volumes/networks. */
  onRelationsChanged(listener: () => void): () => void {
    this.relationListeners.add(listener);
    return () => this.relationListeners.delete(listener);
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    for (const id of [...this.expected.keys()]) this.clearExpectation(id);
    this.rows.clear();
    this.rows.dispose();
    this.relations.clear();
    this.relationListeners.clear();
  }

  private async relist(client: Docker): Promise<void> {
    this.pending.clear();
    // A lookup of the previous connection may still be waiting for its answer: it is stale now.
    this.pumpRun = undefined;
    this.destroyedAt.clear();
    const generation = ++this.relistGeneration;
    const items = await this.connection.call((abortSignal) => client.listContainers({ all: true, abortSignal }));
    const running = new Set(items.filter((item) => item.State === 'running').map((item) => item.Id));
    for (const id of [...this.startedAt.keys()]) if (!running.has(id)) this.startedAt.delete(id);
    this.rows.replaceAll(items.map((item) => this.row(item)));
    this.relations.clear();
    for (const item of items) this.relations.set(item.Id, toContainerRelations(item));
    this.notifyRelations();
    void this.learnStartTimes(
      client,
      generation,
      [...running].filter((id) => !this.startedAt.has(id)),
    );
  }

  private row(item: ContainerInfo): ContainerRow {
    const row = toContainerRow(item, this.engineId);
    const startedAt = row.state === 'running' || row.state === 'paused' ? this.startedAt.get(item.Id) : undefined;
    return startedAt ? { ...row, startedAt } : row;
  }

  /** Inspects running containers (a few at a time, after the rows are out) for their start time. */
  private async learnStartTimes(client: Docker, generation: number, ids: string[]): Promise<void> {
    const queue = [...ids];
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        if (generation !== this.relistGeneration) return;
        try {
          const info = await this.connection.call((abortSignal) => client.getContainer(id).inspect({ abortSignal }));
          if (generation !== this.relistGeneration) return;
          const t = Date.parse(info.State.StartedAt);
          if (!Number.isFinite(t) || t <= 0 || this.startedAt.has(id)) continue;
          this.startedAt.set(id, t);
          const row = this.rows.get(id);
          if (row && (row.state === 'running' || row.state === 'paused')) this.rows.upsert({ ...row, startedAt: t });
        } catch {
          // gone meanwhile, or the engine is away: the next event or relist settles it
        }
      }
    };
    await Promise.all(Array.from({ length: INSPECT_CONCURRENCY }, worker));
  }

  private onEvent(event: DockerEvent): void {
    if (event.Type !== 'container') return;
    // Actions like "exec_start: sh -c …" or "health_status: healthy" carry a suffix.
    const action = event.Action.split(':')[0]!.trim();
    if (NOISE.has(action) || action.startsWith('exec_')) return;
    const id = event.Actor.ID;
    this.eventCount += 1;
    if (action === 'destroy') {
      if (this.pumpRun) this.destroyedAt.set(id, this.eventCount);
      this.pending.delete(id);
      this.clearExpectation(id);
      this.startedAt.delete(id);
      this.rows.delete(id);
      if (this.relations.delete(id)) this.notifyRelations();
      return;
    }
    if (action === 'start' || action === 'restart') {
      this.startedAt.set(id, event.timeNano ? Math.round(event.timeNano / 1e6) : event.time * 1000);
    } else if (action === 'die') {
      this.startedAt.delete(id);
    }
    const state = expectedState(action);
    if (state) {
      this.clearExpectation(id);
      this.expected.set(id, { state, tries: 0 });
    }
    this.pending.add(id);
    void this.pump();
  }

  private clearExpectation(id: string): void {
    const e = this.expected.get(id);
    if (e?.timer) clearTimeout(e.timer);
    this.expected.delete(id);
  }

  /** After a list: rows that do not show the state their last event implied are listed again shortly. */
  private recheck(ids: string[]): void {
    for (const id of ids) {
      const e = this.expected.get(id);
      if (!e || e.timer) continue;
      const row = this.rows.get(id);
      if (!row || row.state === e.state || e.tries >= RECHECK_DELAYS_MS.length) {
        this.expected.delete(id);
        continue;
      }
      e.timer = setTimeout(() => {
        e.timer = undefined;
        e.tries += 1;
        this.pending.add(id);
        void this.pump();
      }, RECHECK_DELAYS_MS[e.tries]);
      e.timer.unref?.();
    }
  }

  /**
   * Re-lists pending containers, one request at a time; events arriving meanwhile wait for
   * the next round. A lookup that fails or hangs past its deadline puts its ids back and
   * drops the connection: the reconnect relists everything, so rows keep following events.
   */
  private async pump(): Promise<void> {
    if (this.pumpRun) return;
    const run = Symbol('pump');
    this.pumpRun = run;
    try {
      while (this.pending.size > 0 && this.pumpRun === run) {
        const client = this.connection.client;
        if (!client) return; // the next relist covers everything
        const ids = [...this.pending].slice(0, IDS_PER_REQUEST);
        for (const id of ids) this.pending.delete(id);
        const askedAt = this.eventCount;
        let items: ContainerInfo[];
        try {
          items = await this.connection.call((abortSignal) =>
            client.listContainers({ all: true, filters: { id: ids }, abortSignal }),
          );
        } catch (error) {
          if (this.pumpRun !== run) return;
          for (const id of ids) this.pending.add(id);
          this.connection.fail(error);
          return;
        }
        if (this.pumpRun !== run) return; // answered after a relist, which is newer
        this.apply(
          ids,
          items.filter((item) => (this.destroyedAt.get(item.Id) ?? -1) <= askedAt),
        );
        this.recheck(ids);
      }
    } finally {
      if (this.pumpRun === run) {
        this.pumpRun = undefined;
        this.destroyedAt.clear(); // no lookup in flight any more
      }
    }
  }

  private apply(ids: string[], items: ContainerInfo[]): void {
    const found = new Set<string>();
    let relationsChanged = false;
    for (const item of items) {
      found.add(item.Id);
      this.rows.upsert(this.row(item));
      const relations = toContainerRelations(item);
      if (JSON.stringify(this.relations.get(item.Id)) !== JSON.stringify(relations)) {
        this.relations.set(item.Id, relations);
        relationsChanged = true;
      }
    }
    // The id filter matches prefixes; only full ids we asked about and did not get are gone.
    for (const id of ids) {
      if (found.has(id) || [...found].some((f) => f.startsWith(id))) continue;
      this.rows.delete(id);
      if (this.relations.delete(id)) relationsChanged = true;
    }
    if (relationsChanged) this.notifyRelations();
  }

  private notifyRelations(): void {
    for (const listener of [...this.relationListeners]) listener();
  }
}
