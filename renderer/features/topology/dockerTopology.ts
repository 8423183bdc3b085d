import type { ContainerRow } from '../../../shared/docker';
import { buildListItems } from '../containers/containerList';

export interface ProjectNode {
  project: string;
  containers: ContainerRow[];
}

export interface EngineTopology {
  projects: ProjectNode[];
  /** Containers that belong to no Compose project. */
  loose: ContainerRow[];
  images: number;
}

/** What runs on one engine, grouped the way users think of it: Compose projects, then the rest. */
export function dockerTopology(rows: Iterable<ContainerRow>): EngineTopology {
  const sorted = [...rows].sort((a, b) => a.name.localeCompare(b.name));
  const items = buildListItems(sorted, new Set());
  const projects: ProjectNode[] = [];
  const loose: ContainerRow[] = [];
  for (const item of items) {
    if (item.kind === 'group') projects.push({ project: item.project, containers: item.rows });
    else if (!item.grouped) loose.push(item.row);
  }
  return { projects, loose, images: new Set(sorted.map((r) => r.image)).size };
}
