import type { ImageInfo, NetworkInspectInfo, VolumeInspectInfo } from 'dockerode';
import type { EngineEventRow, ImageRow, NetworkRow, VolumeRow } from '../../../shared/docker';
import type { ContainerRelations } from './containerRows';
import type { DockerEvent } from './engineConnection';
import { parseRfc3339Nano } from '../streams/timestamps';

const NO_TAG = '<none>:<none>';
/** Networks Docker creates and manages itself; they cannot be removed or pruned. */
const BUILT_IN_NETWORKS = new Set(['bridge', 'host', 'none']);

function containerNamesBy(
  relations: Iterable<ContainerRelations>,
  key: (r: ContainerRelations) => string[],
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of relations) {
    for (const k of key(r)) {
      const list = out.get(k) ?? [];
      list.push(r.name);
      out.set(k, list);
    }
  }
  for (const list of out.values()) list.sort();
  return out;
}

export function toImageRows(
  images: ImageInfo[],
  relations: Iterable<ContainerRelations>,
  engineId: string,
): ImageRow[] {
  const users = containerNamesBy(relations, (r) => [r.imageId]);
  return images.map((image) => {
    const repoTags = (image.RepoTags ?? []).filter((t) => t !== NO_TAG);
    const usedBy = users.get(image.Id) ?? [];
    return {
      id: image.Id,
      engineId,
      repoTags,
      size: image.Size,
      createdAt: image.Created * 1000,
      containers: usedBy.length,
      usedBy,
      dangling: repoTags.length === 0,
    };
  });
}

export function toVolumeRows(
  volumes: VolumeInspectInfo[],
  relations: Iterable<ContainerRelations>,
  engineId: string,
): VolumeRow[] {
  const users = containerNamesBy(relations, (r) => r.volumes);
  return volumes.map((volume) => {
    const createdAt = (volume as { CreatedAt?: string }).CreatedAt;
    const created = createdAt ? parseRfc3339Nano(createdAt) : undefined;
    return {
      id: volume.Name,
      engineId,
      name: volume.Name,
      driver: volume.Driver,
      mountpoint: volume.Mountpoint,
      ...(created !== undefined ? { createdAt: Math.round(created) } : {}),
      usedBy: users.get(volume.Name) ?? [],
    };
  });
}

export function toNetworkRows(
  networks: NetworkInspectInfo[],
  relations: Iterable<ContainerRelations>,
  engineId: string,
): NetworkRow[] {
  const attached = containerNamesBy(relations, (r) => r.networkIds);
  return networks.map((network) => ({
    id: network.Id,
    engineId,
    name: network.Name,
    driver: network.Driver,
    scope: network.Scope,
    subnets: (network.IPAM?.Config ?? []).map((c) => c.Subnet).filter((s): s is string => Boolean(s)),
    containers: attached.get(network.Id) ?? [],
    builtIn: isBuiltInNetwork(network),
  }));
}

export function isBuiltInNetwork(network: Pick<NetworkInspectInfo, 'Name' | 'Driver'>): boolean {
  return BUILT_IN_NETWORKS.has(network.Name) || network.Name === 'ingress' || network.Driver === 'null';
}

/** Attributes worth showing with an event; labels are left out (they repeat the container's). */
const EVENT_ATTRIBUTES = ['image', 'name', 'exitCode', 'signal', 'container', 'type', 'driver', 'health_status'];

export function toEventRow(event: DockerEvent, engineId: string, seq: number): EngineEventRow {
  const attrs = event.Actor.Attributes ?? {};
  const attributes: Record<string, string> = {};
  for (const key of EVENT_ATTRIBUTES) if (typeof attrs[key] === 'string') attributes[key] = attrs[key];
  const name = attrs.name;
  return {
    id: `${event.timeNano ?? event.time * 1e9}-${seq}`,
    engineId,
    t: event.timeNano ? Math.floor(event.timeNano / 1e6) : event.time * 1000,
    type: event.Type,
    action: event.Action,
    actorId: event.Actor.ID,
    ...(name ? { actorName: name } : {}),
    ...(Object.keys(attributes).length ? { attributes } : {}),
  };
}
