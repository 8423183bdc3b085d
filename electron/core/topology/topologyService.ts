import type { AppState, ConnectionStatus } from '../../../shared/app';
import type { CollectionEvent } from '../../../shared/collection';
import type { TopologyItem } from '../../../shared/contract/topology';
import { BerthFailure, type BerthError } from '../../../shared/errors';
import { kindKey } from '../../../shared/kube/kind';
import { BUILTIN_KINDS } from '../../../shared/kube/kinds';
import type { Health, KubeRow } from '../../../shared/kube/types';
import type { Observable } from '../app/observable';
import type { DockerService } from '../docker/dockerService';
import type { EngineRuntime } from '../docker/engineRuntime';
import type { ClusterRuntime } from '../kube/clusterRuntime';
import type { KubeService } from '../kube/kubeService';
import { toBerthError } from '../errors';
import type { Router } from '../router';
import { LeasePool } from '../streams/leasePool';
import type { LiveCollection } from '../streams/liveCollection';
import { TopologyGraph } from './graph';
import { kubeGraphInput, kubeNodeId } from './kubeInputs';
import { dockerGraphInputs } from './relations/dockerRelations';

/** What the map shows of a cluster: every declared kind but Namespaces (groups) and Events. */
const TOPOLOGY_KINDS: readonly string[] = BUILTIN_KINDS.filter((k) => k.kind !== 'Namespace' && k.kind !== 'Event').map(
  kindKey,
);

/** Container changes come in bursts (a compose up): the engine's part is rebuilt once per burst. */
const DOCKER_REBUILD_MS = 50;

/**
 * How long a map nobody shows is kept built: a tab switch or a reload finds it ready. Short,
 * since the kind watches under it have their own, longer grace and rebuilding from them is cheap.
 */
const GRAPH_GRACE_MS = 5_000;

export interface TopologyHost {
  router: Router;
  kube: KubeService;
  docker: DockerService;
  state: Observable<AppState>;
  connections: LiveCollection<ConnectionStatus>;
}

export interface TopologyService {
  /** Graphs built since start (tests and benchmarks count them). */
  readonly builds: number;
  /** Graphs held now, by a subscriber or in their grace period. */
  readonly held: number;
  dispose(): void;
}

/** The graph of one set of contexts and engines, shared by every subscriber that shows it. */
interface SharedGraph {
  graph: TopologyGraph;
  /** Settles when every context and engine is followed; rejects with why one could not be. */
  ready: Promise<void>;
  /** Set when a source went away (context removed, engine deselected): every view of it ends. */
  failure?: BerthError;
  /** Each subscriber's way to be told of that failure. */
  viewers: Set<(error: BerthError) => void>;
  stop(): void;
}

interface GraphSources {
  contexts: string[];
  engines: string[];
}

/** Order and repeats do not change a map, so they do not make another graph. */
function graphKey(contexts: readonly string[], engines: readonly string[]): string {
  const sources: GraphSources = { contexts: [...new Set(contexts)].sort(), engines: [...new Set(engines)].sort() };
  return JSON.stringify(sources);
}

/**
 * `topology.graph`: the map of the named contexts and engines, built from the same watches the
 * tables use (leases on each kind, so the map and the tables share them). Subscribers naming the
 * same contexts and engines share one graph: built once, kept incrementally, each getting a
 * snapshot then the same batched deltas, filtered by its own namespaces.
 */
export function registerTopology(host: TopologyHost): TopologyService {
  let builds = 0;
  const graphs: LeasePool<string, SharedGraph> = new LeasePool(
    (key) => {
      builds += 1;
      return buildGraph(host, JSON.parse(key) as GraphSources, (broken) => graphs.discard(key, broken));
    },
    (shared) => shared.stop(),
    GRAPH_GRACE_MS,
  );
  host.router.topic('topology.graph', async ({ contexts, engines, namespaces }, sink) => {
    const { value: shared, release } = graphs.acquire(graphKey(contexts, engines));
    try {
      await shared.ready;
      if (shared.failure) throw new BerthFailure(shared.failure);
    } catch (error) {
      release();
      throw error;
    }
    const onFailure = (error: BerthError): void => sink.fail(error);
    shared.viewers.add(onFailure);
    const wanted = new Set(namespaces);
    const filter = wanted.size
      ? (item: TopologyItem) => item.namespace === undefined || wanted.has(item.namespace)
      : undefined;
    const unsubscribe = shared.graph.items.subscribe((event) => sink.emit(event), filter);
    return () => {
      unsubscribe();
      shared.viewers.delete(onFailure);
      release();
    };
  });
  return {
    get builds() {
      return builds;
    },
    get held() {
      return graphs.size;
    },
    dispose: () => graphs.clear(),
  };
}

/** Starts following the sources into a new graph; `broken` is told when one of them fails. */
function buildGraph(host: TopologyHost, sources: GraphSources, broken: (shared: SharedGraph) => void): SharedGraph {
  const graph = new TopologyGraph();
  const stops: Array<() => void> = [];
  let stopped = false;
  const shared: SharedGraph = {
    graph,
    ready: Promise.resolve(),
    viewers: new Set(),
    stop: () => {
      stopped = true;
      for (const stop of stops.splice(0).reverse()) stop();
      graph.items.dispose();
    },
  };
  const sink = {
    fail: (error: BerthError): void => {
      if (shared.failure) return;
      shared.failure = error;
      broken(shared);
      for (const fail of [...shared.viewers]) fail(error);
    },
  };
  // A source followed after the graph was stopped (everyone left while it was starting) stops at once.
  const hold = (stop: () => void): void => {
    if (stopped) stop();
    else stops.push(stop);
  };
  shared.ready = (async () => {
    for (const context of sources.contexts) {
      if (stopped) return;
      hold(await host.kube.onContext(context, sink, (runtime) => followCluster(runtime, graph)));
    }
    const onMap = new Set(sources.contexts);
    const linkable = (): Array<{ name: string; cluster: string }> =>
      host.state.value.kube.contexts.filter((c) => onMap.has(c.name));
    for (const engineId of sources.engines) {
      if (stopped) return;
      hold(await followEngine(host, host.docker.runtime(engineId), graph, linkable, sink));
    }
  })();
  shared.ready.catch((error: unknown) => sink.fail(toBerthError(error)));
  return shared;
}

/** Feeds one context's watched kinds into the graph; returns the stop (leases given back). */
async function followCluster(runtime: ClusterRuntime, graph: TopologyGraph): Promise<() => void> {
  const context = runtime.name;
  const stops: Array<() => void> = [];
  try {
    const leases = await Promise.all(TOPOLOGY_KINDS.map((key) => runtime.acquire(key)));
    for (const { cache, release } of leases) {
      let ids = new Set<string>();
      const unsubscribe = cache.rows.subscribe((event: CollectionEvent<KubeRow>) => {
        if (event.type === 'snapshot') {
          const next = new Set(event.rows.map((row) => row.id));
          for (const id of ids) if (!next.has(id)) graph.delete(kubeNodeId(context, id));
          ids = next;
          for (const row of event.rows) graph.upsert(kubeGraphInput(context, row));
          return;
        }
        for (const id of event.deletes) {
          ids.delete(id);
          graph.delete(kubeNodeId(context, id));
        }
        for (const row of event.upserts) {
          ids.add(row.id);
          graph.upsert(kubeGraphInput(context, row));
        }
      });
      stops.push(() => {
        unsubscribe();
        release();
        for (const id of ids) graph.delete(kubeNodeId(context, id));
      });
    }
  } catch (error) {
    for (const stop of stops) stop();
    throw error;
  }
  return () => {
    for (const stop of stops) stop();
  };
}

function engineHealth(status: ConnectionStatus | undefined): Health {
  switch (status?.state) {
    case 'live':
      return { level: 'ok', reason: 'Connected' };
    case 'connecting':
      return { level: 'unknown', reason: 'Connecting' };
    case 'reconnecting':
      return { level: 'warning', reason: status.message ?? 'Reconnecting' };
    case 'error':
      return { level: 'failing', reason: status.message ?? 'Not connected' };
    default:
      return { level: 'unknown', reason: status?.message ?? 'Not connected' };
  }
}

/** Feeds one engine's containers and networks into the graph, rebuilt per burst of changes. */
async function followEngine(
  host: TopologyHost,
  runtime: EngineRuntime,
  graph: TopologyGraph,
  contexts: () => Array<{ name: string; cluster: string }>,
  sink: { fail(error: BerthError): void },
): Promise<() => void> {
  const { engine } = runtime;
  let ids = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const rebuild = (): void => {
    timer = undefined;
    const next = new Set<string>();
    for (const input of dockerGraphInputs({
      engineId: engine.id,
      engineName: engine.name,
      engineHealth: engineHealth(host.connections.get(`docker:${engine.id}`)),
      containers: runtime.containers.rows.values(),
      relations: runtime.containers.relations,
      networks: runtime.networks.values(),
      contexts: contexts(),
    })) {
      next.add(input.node.id);
      graph.upsert(input);
    }
    for (const id of ids) if (!next.has(id)) graph.delete(id);
    ids = next;
  };
  const schedule = (): void => {
    timer ??= setTimeout(rebuild, DOCKER_REBUILD_MS);
  };
  const stopNetworks = await runtime.networks.subscribe(schedule);
  const stops = [
    stopNetworks,
    runtime.containers.rows.subscribe(schedule),
    runtime.containers.onRelationsChanged(schedule),
    host.connections.subscribe(schedule, (row) => row.id === `docker:${engine.id}`),
    runtime.whenClosed(() =>
      sink.fail({ code: 'unavailable', message: `The Docker engine “${engine.name}” was deselected.` }),
    ),
  ];
  rebuild();
  return () => {
    clearTimeout(timer);
    for (const stop of stops) stop();
    for (const id of ids) graph.delete(id);
  };
}
