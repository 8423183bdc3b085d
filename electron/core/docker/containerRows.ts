import type { ContainerInfo } from 'dockerode';
import type { ContainerRow, ContainerState, PortMapping } from '../../../shared/docker';

const STATES: readonly ContainerState[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

/** Docker names start with "/"; the UI shows them without it. */
export function containerName(names: readonly string[] | undefined, id: string): string {
  const first = names?.find((n) => n.split('/').length === 2) ?? names?.[0];
  return first ? first.replace(/^\//, '') : id.slice(0, 12);
}

/** "Up 3 minutes (healthy)" → healthy; "Up 1 second (health: starting)" → starting. */
export function healthFromStatus(status: string): ContainerRow['health'] {
  if (/\(healthy\)/.test(status)) return 'healthy';
  if (/\(unhealthy\)/.test(status)) return 'unhealthy';
  if (/\(health: starting\)/.test(status)) return 'starting';
  return undefined;
}

/** "Exited (137) 2 minutes ago" → 137. */
export function exitCodeFromStatus(status: string): number | undefined {
  const match = /^Exited \((-?\d+)\)/.exec(status);
  return match ? Number(match[1]) : undefined;
}

/** Port bindings, one per (private, public, protocol): Docker lists IPv4 and IPv6 bindings twice. */
export function portMappings(ports: ContainerInfo['Ports'] | null | undefined): PortMapping[] {
  const seen = new Map<string, PortMapping>();
  for (const port of ports ?? []) {
    const key = `${port.PrivatePort}/${port.Type}->${port.PublicPort ?? ''}`;
    const existing = seen.get(key);
    const mapping: PortMapping = {
      privatePort: port.PrivatePort,
      type: port.Type,
      ...(port.PublicPort ? { publicPort: port.PublicPort } : {}),
      ...(port.IP ? { ip: port.IP } : {}),
    };
    // Prefer the IPv4 binding: it is the one users type into a browser.
    if (!existing || (existing.ip?.includes(':') && !mapping.ip?.includes(':'))) seen.set(key, mapping);
  }
  return [...seen.values()].sort((a, b) => a.privatePort - b.privatePort || (a.publicPort ?? 0) - (b.publicPort ?? 0));
}

/** One row of `docker.containers` from one item of the engine's container list. */
export function toContainerRow(item: ContainerInfo, engineId: string): ContainerRow {
  const labels = item.Labels ?? {};
  const state = (STATES as readonly string[]).includes(item.State) ? (item.State as ContainerState) : 'dead';
  const status = item.Status ?? '';
  const exitCode = state === 'exited' ? exitCodeFromStatus(status) : undefined;
  const health = healthFromStatus(status);
  const project = labels['com.docker.compose.project'];
  const service = labels['com.docker.compose.service'];
  return {
    id: item.Id,
    engineId,
    name: containerName(item.Names, item.Id),
    image: item.Image,
    command: item.Command ?? '',
    state,
    status,
    ...(exitCode !== undefined ? { exitCode } : {}),
    ...(health ? { health } : {}),
    ports: portMappings(item.Ports),
    createdAt: (item.Created ?? 0) * 1000,
    ...(project ? { composeProject: project } : {}),
    ...(service ? { composeService: service } : {}),
    labels,
  };
}

/** What other lists need to know about a container (derived, not fetched again). */
export interface ContainerRelations {
  id: string;
  name: string;
  imageId: string;
  /** Names of volumes it mounts. */
  volumes: string[];
  /** Network ids it is attached to. */
  networkIds: string[];
}

export function toContainerRelations(item: ContainerInfo): ContainerRelations {
  return {
    id: item.Id,
    name: containerName(item.Names, item.Id),
    imageId: item.ImageID,
    volumes: (item.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Name).map((m) => m.Name!),
    networkIds: Object.values(item.NetworkSettings?.Networks ?? {})
      .map((n) => n.NetworkID)
      .filter((id): id is string => Boolean(id)),
  };
}
