import { homedir } from 'node:os';
import type { AppState, ConnectionStatus } from '../../../shared/app';
import type { StatsSample, StatsSummaryRow } from '../../../shared/docker';
import { BerthFailure, type BerthError } from '../../../shared/errors';
import type { Observable } from '../app/observable';
import type { Router } from '../router';
import type { LiveCollection } from '../streams/liveCollection';
import { routeTerminals } from '../streams/terminalRoutes';
import { streamContainerLogs } from './containerLogs';
import { discoverEngines, nodeDiscoveryFs, type DiscoveredEngine, type DiscoveryFs } from './engineDiscovery';
import { EngineRuntime } from './engineRuntime';
import { ExecSessions } from './execSessions';

/** What the Docker area needs from the Backend. */
export interface DockerServiceHost {
  router: Router;
  state: Observable<AppState>;
  connections: LiveCollection<ConnectionStatus>;
  env: Record<string, string | undefined>;
  homeDir?: string;
  /** The user's engine choice from the last run; without it every engine found is selected. */
  rememberedEngineIds?: string[] | undefined;
  /** Injected by tests; the real file system otherwise. */
  discoveryFs?: DiscoveryFs;
}

/** Summary sparklines: one point per second for the last minute. */
const SPARK_POINTS = 60;
const SUMMARY_EVERY_MS = 1000;
const SAMPLES_EVERY_MS = 250;

/**
 * The Docker area of the backend: finds engines, keeps one runtime per selected engine
 * (several at once), and serves the `docker.*` methods and topics on the router.
 */
export class DockerService {
  private engines = new Map<string, DiscoveredEngine>();
  private readonly runtimes = new Map<string, EngineRuntime>();
  readonly exec = new ExecSessions();
  private readonly stopWatchingState: () => void;

  constructor(private readonly host: DockerServiceHost) {
    this.discover();
    this.register();
    this.stopWatchingState = host.state.watch((state) => this.sync(state.docker.selectedEngineIds));
  }

  /** Looks for engines; engines seen for the first time are selected, the user's choices kept. */
  discover(): AppState {
    const { env, homeDir } = this.host;
    const previous = new Set(this.engines.keys());
    const found = discoverEngines({
      env,
      home: homeDir ?? homedir(),
      platform: process.platform,
      ...(process.getuid ? { uid: process.getuid() } : {}),
      fs: this.host.discoveryFs ?? nodeDiscoveryFs,
    });
    this.engines = new Map(found.engines.map((e) => [e.id, e]));
    const firstRun = previous.size === 0 && this.host.state.value.docker.engines.length === 0;
    const remembered = firstRun ? this.host.rememberedEngineIds : undefined;
    this.host.state.update((s) => {
      const base = remembered ?? s.docker.selectedEngineIds;
      const kept = base.filter((id) => this.engines.has(id));
      const added = remembered ? [] : found.engines.map((e) => e.id).filter((id) => !previous.has(id));
      return {
        ...s,
        docker: {
          engines: found.engines.map(({ id, name, source, endpoint }) => ({ id, name, source, endpoint })),
          searched: found.searched,
          selectedEngineIds: [...new Set([...kept, ...added])],
        },
      };
    });
    return this.host.state.value;
  }

  /** A runtime for each selected engine; deselected (or changed) engines are disposed. */
  private sync(selected: string[]): void {
    const wanted = new Set(selected.filter((id) => this.engines.has(id)));
    for (const [id, runtime] of this.runtimes) {
      const engine = this.engines.get(id);
      if (!wanted.has(id) || !engine || engine.endpoint !== runtime.engine.endpoint) {
        this.runtimes.delete(id);
        this.exec.closeAll(id);
        runtime.dispose();
      }
    }
    for (const id of wanted) {
      if (this.runtimes.has(id)) continue;
      const runtime = new EngineRuntime(this.engines.get(id)!, this.host.connections, this.host.env);
      this.runtimes.set(id, runtime);
      runtime.start();
    }
  }

  /** Reconnects now the engines that are not live (one, or all), skipping the backoff wait. */
  reconnect(engineId?: string): void {
    for (const [id, runtime] of this.runtimes) {
      if ((engineId === undefined || id === engineId) && !runtime.connection.isLive) runtime.connection.reconnectNow();
    }
  }

  /** The runtime of a selected engine, for tests and the benchmark. */
  runtime(engineId: string): EngineRuntime {
    const runtime = this.runtimes.get(engineId);
    if (runtime) return runtime;
    const known = this.engines.get(engineId);
    throw new BerthFailure({
      code: 'not_found',
      message: known ? `The Docker engine “${known.name}” is not selected.` : `Unknown Docker engine “${engineId}”.`,
    });
  }

  dispose(): void {
    this.stopWatchingState();
    this.exec.closeAll();
    for (const runtime of this.runtimes.values()) runtime.dispose(false);
    this.runtimes.clear();
  }

  private register(): void {
    const { router } = this.host;
    const rt = (engineId: string): EngineRuntime => this.runtime(engineId);

    router.method('docker.engine.discover', () => this.discover());
    router.method('docker.container.action', async ({ engineId, id, action }) => {
      await rt(engineId).containerAction(id, action);
      return { ok: true as const };
    });
    router.method('docker.container.remove', async ({ engineId, id, force }) => {
      await rt(engineId).removeContainer(id, force);
      return { ok: true as const };
    });
    router.method(
      'docker.container.inspect',
      async ({ engineId, id }) => (await rt(engineId).inspectContainer(id)) as unknown as Record<string, unknown>,
    );
    router.method('docker.container.details', ({ engineId, id }) => rt(engineId).containerDetails(id));

    router.method('docker.exec.start', async (input) => {
      const runtime = rt(input.engineId);
      const client = runtime.client();
      const what = runtime.describeContainer(input.id);
      // The slot is taken before the first await: parallel starts cannot pass the cap.
      const slot = this.exec.reserve();
      let info: Awaited<ReturnType<EngineRuntime['inspectContainer']>>;
      try {
        info = await runtime.inspectContainer(input.id);
      } catch (error) {
        slot.release();
        throw error;
      }
      if (!info.State.Running || info.State.Paused) {
        slot.release();
        throw new BerthFailure({ code: 'conflict', message: `Cannot open a terminal: ${what} is not running.` });
      }
      try {
        return await this.exec.start(client, { ...input, id: info.Id }, slot);
      } catch (error) {
        if (error instanceof BerthFailure) throw error;
        throw new BerthFailure({
          code: 'internal',
          message: `Could not open a terminal in ${what}.`,
          detail: error instanceof Error ? error.message : String(error),
        });
      }
    });
    routeTerminals(router, 'docker', this.exec.sessions);

    router.method('docker.image.inspect', ({ engineId, id }) => rt(engineId).inspect('image', id));
    router.method('docker.volume.inspect', ({ engineId, id }) => rt(engineId).inspect('volume', id));
    router.method('docker.network.inspect', ({ engineId, id }) => rt(engineId).inspect('network', id));
    router.method('docker.image.remove', async ({ engineId, id, force }) => {
      await rt(engineId).remove('image', id, force);
      return { ok: true as const };
    });
    router.method('docker.volume.remove', async ({ engineId, id, force }) => {
      await rt(engineId).remove('volume', id, force);
      return { ok: true as const };
    });
    router.method('docker.network.remove', async ({ engineId, id }) => {
      await rt(engineId).remove('network', id, false);
      return { ok: true as const };
    });
    router.method('docker.prune.preview', ({ engineId, kind, label }) => rt(engineId).prunePreview(kind, label));
    router.method('docker.prune.run', ({ engineId, kind, ids }) => rt(engineId).pruneRun(kind, ids));

    router.topic('docker.containers', ({ engineId }, sink) => {
      const runtime = rt(engineId);
      return untilDeselected(
        runtime,
        sink,
        runtime.containers.rows.subscribe((event) => sink.emit(event)),
      );
    });
    for (const [topic, pick] of [
      ['docker.images', (r: EngineRuntime) => r.images],
      ['docker.volumes', (r: EngineRuntime) => r.volumes],
      ['docker.networks', (r: EngineRuntime) => r.networks],
    ] as const) {
      router.topic(topic, async ({ engineId }, sink) => {
        const runtime = rt(engineId);
        return untilDeselected(
          runtime,
          sink,
          await pick(runtime).subscribe((event) => (sink.emit as (e: typeof event) => void)(event)),
        );
      });
    }
    router.topic('docker.events', ({ engineId }, sink) => {
      const runtime = rt(engineId);
      return untilDeselected(
        runtime,
        sink,
        runtime.events.subscribe((event) => sink.emit(event)),
      );
    });

    router.topic('docker.engine.warnings', ({ engineId }, sink) => {
      const runtime = rt(engineId);
      return untilDeselected(
        runtime,
        sink,
        runtime.warnings.subscribe((event) => sink.emit(event)),
      );
    });

    router.topic('docker.engine.usage', ({ engineId }, sink) => {
      const runtime = rt(engineId);
      sink.emit({ type: 'history', samples: runtime.usage.history() });
      // One point per second: each is sent as it closes, no batching needed.
      return untilDeselected(
        runtime,
        sink,
        runtime.usage.acquire((point) => sink.emit({ type: 'samples', samples: [point] })),
      );
    });

    router.topic('docker.container.stats', ({ engineId, id }, sink) => {
      const runtime = rt(engineId);
      const fullId = runtime.resolveContainer(id);
      sink.emit({ type: 'history', samples: runtime.stats.history(fullId) });
      let pending: StatsSample[] = [];
      const timer = setInterval(() => {
        if (pending.length === 0) return;
        const samples = pending;
        pending = [];
        sink.emit({ type: 'samples', samples });
      }, SAMPLES_EVERY_MS);
      const release = runtime.stats.acquire(fullId, (sample) => pending.push(sample));
      return untilDeselected(runtime, sink, () => {
        clearInterval(timer);
        release();
      });
    });

    router.topic('docker.stats.summary', ({ engineId, ids }, sink) => {
      const runtime = rt(engineId);
      // Only containers the engine has: an unknown id gets no history and no stream.
      const fullIds = [...new Set(ids.flatMap((id) => knownContainer(runtime, id)))];
      const summary = (id: string): StatsSummaryRow | undefined => {
        const points = runtime.stats.lastN(id, SPARK_POINTS);
        const last = points.at(-1);
        if (!last) return undefined;
        return {
          id,
          cpuPercent: last.cpuPercent,
          memUsage: last.memUsage,
          memLimit: last.memLimit,
          spark: points.map((p) => p.cpuPercent),
        };
      };
      let seq = 0;
      const rows = fullIds.map(summary).filter((r): r is StatsSummaryRow => r !== undefined);
      sink.emit({ type: 'snapshot', seq, rows });
      const dirty = new Set<string>();
      const releases = fullIds.map((id) => runtime.stats.acquire(id, () => dirty.add(id)));
      const timer = setInterval(() => {
        if (dirty.size === 0) return;
        const upserts = [...dirty].map(summary).filter((r): r is StatsSummaryRow => r !== undefined);
        dirty.clear();
        seq += 1;
        sink.emit({ type: 'delta', seq, upserts, deletes: [] });
      }, SUMMARY_EVERY_MS);
      return untilDeselected(runtime, sink, () => {
        clearInterval(timer);
        for (const release of releases) release();
      });
    });

    router.topic('docker.container.logs', async (params, sink) => {
      const runtime = rt(params.engineId);
      const info = await runtime.inspectContainer(params.id);
      return untilDeselected(
        runtime,
        sink,
        await streamContainerLogs(runtime.client(), { ...params, id: info.Id }, Boolean(info.Config?.Tty), (chunk) =>
          sink.emit(chunk),
        ),
      );
    });
  }
}

function deselected(runtime: EngineRuntime) {
  return { code: 'unavailable' as const, message: `The Docker engine “${runtime.engine.name}” was deselected.` };
}

/**
 * A topic's unsubscribe that also ends the subscription, with a message, when its engine is
 * deselected: `stop` runs either way.
 */
function untilDeselected(runtime: EngineRuntime, sink: { fail(error: BerthError): void }, stop: () => void) {
  const cancel = runtime.whenClosed(() => sink.fail(deselected(runtime)));
  return (): void => {
    stop();
    cancel();
  };
}

/** The full id of a container in the engine's list, or nothing (the rows a view shows come from that list). */
function knownContainer(runtime: EngineRuntime, id: string): string[] {
  try {
    return [runtime.resolveContainer(id)];
  } catch {
    return [];
  }
}
