import type { ContainerRow, NetworkRow } from '../../../../shared/docker';
import type { Health } from '../../../../shared/kube/types';
import type { ContainerRelations } from '../../docker/containerRows';
import type { GraphInput, GraphRef } from '../graph';
import { kubeNameKey } from '../kubeInputs';
import { clusterNodeOf, contextIsCluster } from './clusterNodeLink';

/** What the map draws of one engine, from the same watches as the container and network tables. */
export interface DockerSnapshot {
  engineId: string;
  engineName: string;
  /** The engine's connection, in words ("live", "reconnecting: …"). */
  engineHealth: Health;
  containers: readonly ContainerRow[];
  relations: ReadonlyMap<string, ContainerRelations>;
  networks: readonly NetworkRow[];
  /** The kube contexts on the same map, for containers that are nodes of a local cluster. */
  contexts: ReadonlyArray<{ name: string; cluster: string }>;
}

/** A container's state as a health, in the map's colours. */
function containerHealth(row: ContainerRow): Health {
  if (row.health === 'unhealthy') return { level: 'failing', reason: `Unhealthy: ${row.status}` };
  switch (row.state) {
    case 'running':
      return row.health === 'starting' ? { level: 'warning', reason: row.status } : { level: 'ok', reason: row.status };
    case 'restarting':
      return { level: 'warning', reason: row.status };
    case 'dead':
      return { level: 'failing', reason: row.status };
    case 'exited':
      return row.exitCode ? { level: 'failing', reason: row.status } : { level: 'idle', reason: row.status };
    default:
      return { level: 'idle', reason: row.status };
  }
}

/**
 * The engine's part of the map: engine → networks → containers, Compose project → service →
 * containers, container → named volumes, and a container that is a node of a local cluster →
 * that Node (when its context is on the map too).
 */
export function dockerGraphInputs(snapshot: DockerSnapshot): GraphInput[] {
  const { engineId } = snapshot;
  const source = { type: 'docker' as const, engineId };
  const engine = `d/${engineId}`;
  const inputs = new Map<string, GraphInput>();
  const put = (input: GraphInput): void => {
    if (!inputs.has(input.node.id)) inputs.set(input.node.id, input);
  };
  put({
    node: {
      type: 'node',
      id: engine,
      kind: 'Engine',
      name: snapshot.engineName,
      source,
      health: snapshot.engineHealth,
      groups: {},
    },
    refs: [],
  });
  const networkNames = new Map(snapshot.networks.map((n) => [n.id, n]));
  for (const row of snapshot.containers) {
    const id = `${engine}/container/${row.id}`;
    const relations = snapshot.relations.get(row.id);
    const refs: GraphRef[] = [];
    const compose = row.composeProject;
    if (compose) {
      const project = `${engine}/compose/${compose}`;
      put({
        node: {
          type: 'node',
          id: project,
          kind: 'ComposeProject',
          name: compose,
          source,
          health: { level: 'ok' },
          groups: { compose },
        },
        refs: [{ relation: 'runs', target: engine, reverse: true }],
      });
      const serviceName = row.composeService ?? row.name;
      const service = `${project}/service/${serviceName}`;
      put({
        node: {
          type: 'node',
          id: service,
          kind: 'ComposeService',
          name: serviceName,
          source,
          health: { level: 'ok' },
          groups: { compose },
        },
        refs: [{ relation: 'hasService', target: project, reverse: true }],
      });
      refs.push({ relation: 'runs', target: service, reverse: true });
    }
    for (const networkId of relations?.networkIds ?? []) {
      const network = networkNames.get(networkId);
      const nodeId = `${engine}/network/${networkId}`;
      put({
        node: {
          type: 'node',
          id: nodeId,
          kind: 'Network',
          name: network?.name ?? networkId.slice(0, 12),
          source,
          health: { level: 'ok', reason: network?.driver },
          groups: {},
        },
        refs: [{ relation: 'hasNetwork', target: engine, reverse: true }],
      });
      refs.push({ relation: 'attached', target: nodeId, reverse: true });
    }
    if (!compose && !relations?.networkIds.length) refs.push({ relation: 'runs', target: engine, reverse: true });
    for (const volume of relations?.volumes ?? []) {
      const nodeId = `${engine}/volume/${volume}`;
      put({
        node: { type: 'node', id: nodeId, kind: 'Volume', name: volume, source, health: { level: 'ok' }, groups: {} },
        refs: [],
      });
      refs.push({ relation: 'usesVolume', target: nodeId });
    }
    const link = clusterNodeOf(row);
    if (link) {
      for (const context of snapshot.contexts) {
        if (contextIsCluster(context, link)) {
          refs.push({ relation: 'isNode', target: kubeNameKey(context.name, 'Node', undefined, link.node) });
        }
      }
    }
    put({
      node: {
        type: 'node',
        id,
        kind: 'Container',
        name: row.name,
        source,
        ref: row.id,
        health: containerHealth(row),
        groups: compose ? { compose } : {},
      },
      refs,
    });
  }
  return [...inputs.values()];
}
