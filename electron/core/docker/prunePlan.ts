import type { PruneItem, PruneKind, PrunePreview } from '../../../shared/docker';

/** The parts of the engine's /system/df answer a preview needs. */
type Labels = Record<string, string> | null | undefined;

export interface DiskUsage {
  Images?: Array<{
    Id: string;
    RepoTags?: string[] | null;
    Size?: number;
    Containers?: number;
    Labels?: Labels;
  }> | null;
  Containers?: Array<{ Id: string; Names?: string[]; State?: string; SizeRw?: number; Labels?: Labels }> | null;
  Volumes?: Array<{ Name: string; UsageData?: { Size?: number; RefCount?: number } | null; Labels?: Labels }> | null;
}

export interface NetworkUse {
  id: string;
  name: string;
  builtIn: boolean;
  containers: string[];
  labels?: Labels;
}

/** Docker's label filter: "key" matches any value, "key=value" that value. */
export function matchesLabel(labels: Labels, filter: string | undefined): boolean {
  if (filter === undefined) return true;
  const eq = filter.indexOf('=');
  const key = eq === -1 ? filter : filter.slice(0, eq);
  if (!labels || !(key in labels)) return false;
  return eq === -1 || labels[key] === filter.slice(eq + 1);
}

const KEEPS_RUNNING = new Set(['running', 'paused', 'restarting']);

/**
 * What `docker <kind> prune` would delete, from the engine's current state: stopped
 * containers, dangling images no container uses, volumes no container references, and
 * custom networks with nothing attached.
 */
export function planPrune(kind: PruneKind, df: DiskUsage, networks: NetworkUse[], label?: string): PrunePreview {
  let items: PruneItem[];
  const labelled = (x: { Labels?: Labels; labels?: Labels }): boolean => matchesLabel(x.Labels ?? x.labels, label);
  switch (kind) {
    case 'containers':
      items = (df.Containers ?? [])
        .filter(labelled)
        .filter((c) => !KEEPS_RUNNING.has(c.State ?? ''))
        .map((c) => ({ id: c.Id, name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''), ...size(c.SizeRw) }));
      break;
    case 'images':
      items = (df.Images ?? [])
        .filter(labelled)
        .filter((i) => isDangling(i.RepoTags) && (i.Containers ?? 0) <= 0)
        .map((i) => ({ id: i.Id, name: i.Id.replace(/^sha256:/, '').slice(0, 12), ...size(i.Size) }));
      break;
    case 'volumes':
      items = (df.Volumes ?? [])
        .filter(labelled)
        .filter((v) => (v.UsageData?.RefCount ?? 0) === 0)
        .map((v) => ({ id: v.Name, name: v.Name, ...size(v.UsageData?.Size) }));
      break;
    case 'networks':
      items = networks
        .filter(labelled)
        .filter((n) => !n.builtIn && n.containers.length === 0)
        .map((n) => ({ id: n.id, name: n.name }));
      break;
  }
  return { kind, items, totalSize: items.reduce((sum, item) => sum + (item.size ?? 0), 0) };
}

function isDangling(tags: string[] | null | undefined): boolean {
  return !tags || tags.length === 0 || tags.every((t) => t === '<none>:<none>');
}

/** The engine reports -1 for "not computed". */
function size(bytes: number | undefined): { size?: number } {
  return bytes !== undefined && bytes >= 0 ? { size: bytes } : {};
}
