import type Docker from 'dockerode';
import type { ConnectionStatus } from '../../../shared/app';
import type {
  ContainerAction,
  ContainerDetails,
  ImageRow,
  NetworkRow,
  PruneKind,
  PrunePreview,
  PruneResult,
  VolumeRow,
} from '../../../shared/docker';
import { BerthFailure } from '../../../shared/errors';
import type { LiveCollection } from '../streams/liveCollection';
import { toContainerDetails } from './containerDetails';
import type { ContainerRelations } from './containerRows';
import { ContainerWatch } from './containerWatch';
import { dockerFailure, engineMessage, httpStatus } from './dockerErrors';
import { createDockerClient } from './engineClient';
import { ENGINE_ACTION_TIMEOUT_MS, EngineConnection } from './engineConnection';
import type { DiscoveredEngine } from './engineDiscovery';
import { EngineEventLog } from './engineEvents';
import { EngineHistory } from './engineHistory';
import { EngineUsage } from './engineUsage';
import { EngineWarnings } from './engineWarnings';
import { planPrune, type DiskUsage, type NetworkUse } from './prunePlan';
import { toImageRows, toNetworkRows, toVolumeRows } from './resourceRows';
import { ResourceWatch } from './resourceWatch';
import { StatsHub } from './statsHub';

/** For a 304 answer: what the container already is. */
const ALREADY: Partial<Record<ContainerAction, string>> = { start: 'running', stop: 'stopped', unpause: 'running' };

/**
 * Everything Berth keeps for one selected engine: its connection, the container list,
 * stats (per container and for the whole engine), the lazily watched image/volume/network
 * lists, recent events and the warnings among them, plus the engine calls behind the
 * methods. Disposed when the engine is deselected.
 */
export class EngineRuntime {
  readonly connection: EngineConnection;
  readonly containers: ContainerWatch;
  readonly stats: StatsHub;
  readonly images: ResourceWatch<ImageRow>;
  readonly volumes: ResourceWatch<VolumeRow>;
  readonly networks: ResourceWatch<NetworkRow>;
  readonly events: EngineEventLog;
  /** CPU and memory of the whole engine, summed over its running containers each second (the history holds it). */
  readonly usage: EngineUsage;
  /** The latest warnings, derived from the events. */
  readonly warnings: EngineWarnings;
  /** CPU, memory, states and incidents over the last hours, recorded while the engine is selected. */
  readonly history: EngineHistory;
  /** Subscriptions to end (with a message) when the runtime goes away. */
  private readonly onClose = new Set<() => void>();

  constructor(
    readonly engine: DiscoveredEngine,
    connections: LiveCollection<ConnectionStatus>,
    env: Record<string, string | undefined>,
  ) {
    this.connection = new EngineConnection({
      engine,
      connections,
      createClient: () => createDockerClient(engine, env),
    });
    this.containers = new ContainerWatch(engine.id, this.connection);
    this.stats = new StatsHub(this.connection, this.containers);
    this.events = new EngineEventLog(engine.id, this.connection);
    this.usage = new EngineUsage(this.connection, this.containers, this.stats);
    this.warnings = new EngineWarnings(engine.id, this.events);
    this.history = new EngineHistory(this.connection, this.containers, this.events, this.usage, this.stats);
    const relations = (): Iterable<ContainerRelations> => this.containers.relations.values();
    const common = { connection: this.connection, containers: this.containers };
    this.images = new ResourceWatch<ImageRow>({
      ...common,
      eventType: 'image',
      load: async (client, abortSignal) =>
        toImageRows(await client.listImages({ all: false, abortSignal }), relations(), engine.id),
    });
    this.volumes = new ResourceWatch<VolumeRow>({
      ...common,
      eventType: 'volume',
      load: async (client, abortSignal) =>
        toVolumeRows((await client.listVolumes({ abortSignal })).Volumes ?? [], relations(), engine.id),
    });
    this.networks = new ResourceWatch<NetworkRow>({
      ...common,
      eventType: 'network',
      load: async (client, abortSignal) =>
        toNetworkRows(await client.listNetworks({ abortSignal }), relations(), engine.id),
    });
  }

  start(): void {
    this.connection.start();
    this.history.start();
  }

  /** Runs `fn` when the runtime is disposed (engine deselected); returns the cancel. */
  whenClosed(fn: () => void): () => void {
    this.onClose.add(fn);
    return () => this.onClose.delete(fn);
  }

  /** `notify`: tell subscribers the engine went away (not at app shutdown). */
  dispose(notify = true): void {
    const closers = [...this.onClose];
    this.onClose.clear();
    if (notify) for (const fn of closers) fn();
    this.history.dispose();
    this.usage.dispose();
    this.stats.dispose();
    this.images.dispose();
    this.volumes.dispose();
    this.networks.dispose();
    this.warnings.dispose();
    this.events.dispose();
    this.containers.dispose();
    this.connection.dispose();
  }

  /** The engine client, or a failure that says why the engine cannot be used now. */
  client(): Docker {
    const client = this.connection.client;
    if (client) return client;
    const problem = this.connection.problem;
    throw new BerthFailure({
      code: problem?.code ?? 'unavailable',
      message: problem?.message ?? `The Docker engine “${this.engine.name}” is still connecting.`,
      ...(problem?.detail ? { detail: problem.detail } : {}),
    });
  }

  /** Full container id for an id, id prefix or name, from the live list. */
  resolveContainer(idOrName: string): string {
    const rows = this.containers.rows;
    if (rows.get(idOrName)) return idOrName;
    const all = rows.values();
    const match =
      all.find((r) => r.name === idOrName) ??
      (idOrName.length >= 4 ? all.find((r) => r.id.startsWith(idOrName)) : undefined);
    if (match) return match.id;
    throw new BerthFailure({
      code: 'not_found',
      message: `There is no container “${idOrName}” on ${this.engine.name}.`,
    });
  }

  describeContainer(id: string): string {
    const row = this.containers.rows.get(id) ?? this.containers.rows.values().find((r) => r.name === id);
    return `container “${row?.name ?? id.slice(0, 12)}”`;
  }

  async containerAction(id: string, action: ContainerAction): Promise<void> {
    const container = this.client().getContainer(id);
    try {
      await this.connection.call((abortSignal) => {
        switch (action) {
          case 'start':
            return container.start({ abortSignal });
          case 'stop':
            return container.stop({ abortSignal });
          case 'restart':
            return container.restart({ abortSignal });
          case 'pause':
            return container.pause({ abortSignal });
          case 'unpause':
            return container.unpause({ abortSignal });
          case 'kill':
            return container.kill({ abortSignal });
        }
      }, ENGINE_ACTION_TIMEOUT_MS);
    } catch (error) {
      throw dockerFailure(error, this.context(action, this.describeContainer(id), ALREADY[action]));
    }
  }

  async removeContainer(id: string, force: boolean): Promise<void> {
    const client = this.client();
    try {
      await this.connection.call(
        (abortSignal) => client.getContainer(id).remove({ force, abortSignal }),
        ENGINE_ACTION_TIMEOUT_MS,
      );
    } catch (error) {
      throw dockerFailure(error, this.context('remove', this.describeContainer(id)));
    }
  }

  async inspectContainer(id: string): Promise<Docker.ContainerInspectInfo> {
    const client = this.client();
    try {
      return await this.connection.call((abortSignal) => client.getContainer(id).inspect({ abortSignal }));
    } catch (error) {
      throw dockerFailure(error, this.context('inspect', this.describeContainer(id)));
    }
  }

  async containerDetails(id: string): Promise<ContainerDetails> {
    return toContainerDetails(await this.inspectContainer(id), this.engine.id);
  }

  async inspect(kind: 'image' | 'volume' | 'network', id: string): Promise<Record<string, unknown>> {
    const client = this.client();
    try {
      // dockerode takes no signal on image and network inspect: the deadline still ends the wait.
      const info: unknown = await this.connection.call(async (abortSignal): Promise<unknown> => {
        if (kind === 'image') return client.getImage(id).inspect();
        if (kind === 'volume') return client.getVolume(id).inspect({ abortSignal });
        return client.getNetwork(id).inspect();
      });
      return info as Record<string, unknown>;
    } catch (error) {
      throw dockerFailure(error, this.context('inspect', `${kind} “${id}”`));
    }
  }

  async remove(kind: 'image' | 'volume' | 'network', id: string, force: boolean): Promise<void> {
    const client = this.client();
    try {
      await this.connection.call(
        (abortSignal) => removeObject(client, kind, id, force, abortSignal),
        ENGINE_ACTION_TIMEOUT_MS,
      );
    } catch (error) {
      throw dockerFailure(error, this.context('remove', `${kind} “${id}”`));
    }
  }

  async prunePreview(kind: PruneKind, label?: string): Promise<PrunePreview> {
    const client = this.client();
    try {
      // The engine computes sizes for /system/df: slower than a list.
      const df = (await this.connection.call(
        (abortSignal) =>
          (client.df as (options: { abortSignal: AbortSignal }) => Promise<unknown>).call(client, { abortSignal }),
        ENGINE_ACTION_TIMEOUT_MS,
      )) as DiskUsage;
      let networks: NetworkUse[] = [];
      if (kind === 'networks') {
        const list = await this.connection.call((abortSignal) => client.listNetworks({ abortSignal }));
        const rows = toNetworkRows(list, this.containers.relations.values(), this.engine.id);
        networks = rows.map((row, i) => ({ ...row, labels: list[i]?.Labels }));
      }
      return planPrune(kind, df, networks, label);
    } catch (error) {
      throw dockerFailure(error, this.context('preview the prune of', kind));
    }
  }

  /**
   * Deletes exactly the previewed items, one by one by id, never with the engine's prune
   * endpoints (those delete whatever is unused at that moment, including what the user never
   * saw). An item the engine refuses (in use now) or no longer has is skipped and reported.
   */
  async pruneRun(kind: PruneKind, ids: readonly string[]): Promise<PruneResult> {
    const client = this.client();
    const deleted: string[] = [];
    const skipped: PruneResult['skipped'] = [];
    for (const id of new Set(ids)) {
      try {
        await this.connection.call(async (abortSignal) => {
          if (kind === 'images') {
            // Removing by id also deletes an image tagged since the preview: it is no longer dangling.
            const image = await client.getImage(id).inspect();
            if ((image.RepoTags ?? []).some((tag) => tag !== '<none>:<none>'))
              throw new TaggedSincePreview(image.RepoTags!);
          }
          const what =
            kind === 'containers'
              ? 'container'
              : kind === 'images'
                ? 'image'
                : kind === 'volumes'
                  ? 'volume'
                  : 'network';
          await removeObject(client, what, id, false, abortSignal);
        }, ENGINE_ACTION_TIMEOUT_MS);
        deleted.push(id);
      } catch (error) {
        skipped.push({ id, reason: pruneSkipReason(error) });
      }
    }
    return { kind, deleted, skipped };
  }

  private context(verb: string, what: string, alreadyState?: string) {
    return { verb, what, endpoint: this.engine.endpoint, ...(alreadyState ? { alreadyState } : {}) };
  }
}

/** Removes one object by id; `force` is never used for a prune. */
async function removeObject(
  client: Docker,
  kind: 'container' | 'image' | 'volume' | 'network',
  id: string,
  force: boolean,
  abortSignal: AbortSignal,
): Promise<void> {
  if (kind === 'container') await client.getContainer(id).remove({ force, abortSignal });
  else if (kind === 'image') await client.getImage(id).remove({ force, abortSignal });
  else if (kind === 'volume') await client.getVolume(id).remove({ force, abortSignal });
  // The published types omit the signal here; dockerode passes it on.
  else await client.getNetwork(id).remove({ abortSignal } as object);
}

class TaggedSincePreview extends Error {
  constructor(readonly tags: string[]) {
    super(`tagged ${tags.join(', ')} since the preview`);
  }
}

/** Why a previewed item was left alone, in words: gone, in use now, or what the engine said. */
function pruneSkipReason(error: unknown): string {
  if (error instanceof TaggedSincePreview) return `in use now: ${error.message}`;
  const status = httpStatus(error);
  if (status === 404) return 'already gone';
  // 409: a container running, an image or volume used; 403: a network with endpoints.
  if (status === 409 || status === 403) return `in use now: ${engineMessage(error)}`;
  if (status !== undefined) return `the engine refused: ${engineMessage(error)}`;
  return error instanceof Error ? error.message : String(error);
}
