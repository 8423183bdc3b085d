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
import { dockerFailure } from './dockerErrors';
import { createDockerClient } from './engineClient';
import { EngineConnection } from './engineConnection';
import type { DiscoveredEngine } from './engineDiscovery';
import { EngineEventLog } from './engineEvents';
import { EngineUsage } from './engineUsage';
import { EngineWarnings } from './engineWarnings';
import { planPrune, toPruneResult, type DiskUsage, type NetworkUse } from './prunePlan';
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
  /** CPU and memory of the whole engine, summed over its running containers (while watched). */
  readonly usage: EngineUsage;
  /** The latest warnings, derived from the events. */
  readonly warnings: EngineWarnings;
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
    const relations = (): Iterable<ContainerRelations> => this.containers.relations.values();
    const common = { connection: this.connection, containers: this.containers };
    this.images = new ResourceWatch<ImageRow>({
      ...common,
      eventType: 'image',
      load: async (client) => toImageRows(await client.listImages({ all: false }), relations(), engine.id),
    });
    this.volumes = new ResourceWatch<VolumeRow>({
      ...common,
      eventType: 'volume',
      load: async (client) => toVolumeRows((await client.listVolumes()).Volumes ?? [], relations(), engine.id),
    });
    this.networks = new ResourceWatch<NetworkRow>({
      ...common,
      eventType: 'network',
      load: async (client) => toNetworkRows(await client.listNetworks(), relations(), engine.id),
    });
  }

  start(): void {
    this.connection.start();
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
      switch (action) {
        case 'start':
          await container.start();
          break;
        case 'stop':
          await container.stop();
          break;
        case 'restart':
          await container.restart();
          break;
        case 'pause':
          await container.pause();
          break;
        case 'unpause':
          await container.unpause();
          break;
        case 'kill':
          await container.kill();
          break;
      }
    } catch (error) {
      throw dockerFailure(error, this.context(action, this.describeContainer(id), ALREADY[action]));
    }
  }

  async removeContainer(id: string, force: boolean): Promise<void> {
    try {
      await this.client().getContainer(id).remove({ force });
    } catch (error) {
      throw dockerFailure(error, this.context('remove', this.describeContainer(id)));
    }
  }

  async inspectContainer(id: string): Promise<Docker.ContainerInspectInfo> {
    try {
      return await this.client().getContainer(id).inspect();
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
      if (kind === 'image') return (await client.getImage(id).inspect()) as unknown as Record<string, unknown>;
      if (kind === 'volume') return (await client.getVolume(id).inspect()) as unknown as Record<string, unknown>;
      return (await client.getNetwork(id).inspect()) as unknown as Record<string, unknown>;
    } catch (error) {
      throw dockerFailure(error, this.context('inspect', `${kind} “${id}”`));
    }
  }

  async remove(kind: 'image' | 'volume' | 'network', id: string, force: boolean): Promise<void> {
    const client = this.client();
    try {
      if (kind === 'image') await client.getImage(id).remove({ force });
      else if (kind === 'volume') await client.getVolume(id).remove({ force });
      else await client.getNetwork(id).remove();
    } catch (error) {
      throw dockerFailure(error, this.context('remove', `${kind} “${id}”`));
    }
  }

  async prunePreview(kind: PruneKind, label?: string): Promise<PrunePreview> {
    const client = this.client();
    try {
      const df = (await client.df()) as DiskUsage;
      let networks: NetworkUse[] = [];
      if (kind === 'networks') {
        const list = await client.listNetworks();
        const rows = toNetworkRows(list, this.containers.relations.values(), this.engine.id);
        networks = rows.map((row, i) => ({ ...row, labels: list[i]?.Labels }));
      }
      return planPrune(kind, df, networks, label);
    } catch (error) {
      throw dockerFailure(error, this.context('preview the prune of', kind));
    }
  }

  async pruneRun(kind: PruneKind, label?: string): Promise<PruneResult> {
    const client = this.client();
    const byLabel: Record<string, string[]> = label ? { label: [label] } : {};
    try {
      let answer: unknown;
      if (kind === 'containers') answer = await client.pruneContainers({ filters: byLabel });
      else if (kind === 'images') answer = await client.pruneImages({ filters: { dangling: ['true'], ...byLabel } });
      else if (kind === 'networks') answer = await client.pruneNetworks({ filters: byLabel });
      else {
        // From API 1.42 the engine prunes only anonymous volumes unless asked for all; the preview lists all unused ones.
        const all: Record<string, string[]> = apiAtLeast(this.connection.apiVersion, 1.42) ? { all: ['true'] } : {};
        answer = await client.pruneVolumes({ filters: { ...all, ...byLabel } });
      }
      return toPruneResult(kind, (answer ?? {}) as Record<string, unknown>);
    } catch (error) {
      throw dockerFailure(error, this.context('prune', kind));
    }
  }

  private context(verb: string, what: string, alreadyState?: string) {
    return { verb, what, endpoint: this.engine.endpoint, ...(alreadyState ? { alreadyState } : {}) };
  }
}

function apiAtLeast(version: string | undefined, wanted: number): boolean {
  return version !== undefined && Number.parseFloat(version) >= wanted;
}
