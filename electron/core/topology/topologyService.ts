import type { AppState, ConnectionStatus } from '../../../shared/app';
import type { CollectionEvent } from '../../../shared/collection';
import type { TopologyItem } from '../../../shared/contract/topology';
import type { BerthError } from '../../../shared/errors';
import { kindKey } from '../../../shared/kube/kind';
import { BUILTIN_KINDS } from '../../../shared/kube/kinds';
import type { Health, KubeRow } from '../../../shared/kube/types';
import type { Observable } from '../app/observable';
import type { DockerService } from '../docker/dockerService';
import type { EngineRuntime } from '../docker/engineRuntime';
import type { ClusterRuntime } from '../kube/clusterRuntime';
import type { KubeService } from '../kube/kubeService';
import type { Router } from '../router';
import type { LiveCollection } from '../streams/liveCollection';
import { TopologyGraph } from './graph';
import { kubeGraphInput, kubeNodeId } from './kubeInputs';
import { dockerGraphInputs } from './relations/dockerRelations';

/** What the map shows of a cluster: every declared kind but Namespaces (groups) and Events. */
export const TOPOLOGY_KINDS: readonly string[] = BUILTIN_KINDS.filter(
  (k) => k.kind !== 'Namespace' && k.kind !== 'Event',
).map(kindKey);

/** Container changes come in bursts (a compose up): the engine's part is rebuilt once per burst. */
const DOCKER_REBUILD_MS = 50;

export interface TopologyHost {
  router: Router;
  kube: KubeService;
  docker: DockerService;
  state: Observable<AppState>;
  connections: LiveCollection<ConnectionStatus>;
}

/**
 * `topology.graph`: the map of the named contexts and engines, built from the same watches the
 * tables use (leases on each kind, so the map and the tables share them).
 */
export function registerTopology(host: TopologyHost): void {
  host.router.topic('topology.graph', async ({ contexts, engines, namespaces }, sink) => {
    const graph = new TopologyGraph();
    const stops: Array<() => void> = [];
    const stopAll = (): void => {
      for (const stop of stops.splice(0).reverse()) stop();
      graph.items.dispose();
    };
    try {
      for (const context of contexts) {
        stops.push(await host.kube.onContext(context, sink, (runtime) => followCluster(runtime, graph)));
      }
      const onMap = new Set(contexts);
      const linkable = (): Array<{ name: string; cluster: string }> =>
        host.state.value.kube.contexts.filter((c) => onMap.has(c.name));
      for (const engineId of engines) {
        stops.push(await followEngine(host, host.docker.runtime(engineId), graph, linkable, sink));
      }
    } catch (error) {
      stopAll();
      throw error;
    }
    const wanted = new Set(namespaces);
    const filter = wanted.size
      ? (item: TopologyItem) => item.namespace === undefined || wanted.has(item.namespace)
      : undefined;
    stops.push(graph.items.subscribe((event) => sink.emit(event), filter));
    return stopAll;
  });
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
