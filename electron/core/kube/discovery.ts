import { kindInfo, kindKey, type KindDeclaration } from '../../../shared/kube/kind';
import type { KindCategory, KindInfo } from '../../../shared/kube/types';
import type { KubeRequest } from './connection/clusterClient';

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
}

interface ApiGroupList {
  groups?: Array<{ name: string; preferredVersion?: { version: string }; versions?: Array<{ version: string }> }>;
}

export interface DiscoveryClient {
  json<T>(request: KubeRequest): Promise<T>;
}

/** Groups of Kubernetes itself (`apps`, `rbac.authorization.k8s.io`…): their kinds are not custom resources. */
function isBuiltinGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

/**
 * Every kind the server lists that can be listed and watched: Berth's declared kinds first
 * (rich rows), then the others (rows from the server's Table format). One request per API
 * group version, in parallel; a group that fails (an aggregated API that is down) is skipped.
 */
export async function discoverKinds(
  client: DiscoveryClient,
  declared: readonly KindDeclaration[],
): Promise<KindInfo[]> {
  const known = new Set(declared.map(kindKey));
  const groups = await client.json<ApiGroupList>({ path: '/apis', timeoutMs: 10_000 });
  const versions: Array<{ group: string; version: string }> = [{ group: '', version: 'v1' }];
  for (const group of groups.groups ?? []) {
    const version = group.preferredVersion?.version ?? group.versions?.[0]?.version;
    if (version) versions.push({ group: group.name, version });
  }
  const lists = await Promise.allSettled(
    versions.map(({ group, version }) =>
      client.json<{ resources?: ApiResource[] }>({
        path: group ? `/apis/${group}/${version}` : `/api/${version}`,
        timeoutMs: 10_000,
      }),
    ),
  );
  const found: KindInfo[] = [];
  lists.forEach((result, i) => {
    if (result.status !== 'fulfilled') return;
    const { group, version } = versions[i]!;
    for (const resource of result.value.resources ?? []) {
      if (resource.name.includes('/')) continue; // a subresource (pods/log)
      const verbs = resource.verbs ?? [];
      if (!verbs.includes('list') || !verbs.includes('watch')) continue;
      const key = kindKey({ plural: resource.name, group });
      if (known.has(key)) continue;
      known.add(key);
      const category: KindCategory = isBuiltinGroup(group) ? 'Cluster' : 'Custom resources';
      found.push({
        key,
        kind: resource.kind,
        group,
        version,
        plural: resource.name,
        namespaced: resource.namespaced,
        category,
        columns: [],
        builtin: false,
      });
    }
  });
  found.sort((a, b) => a.kind.localeCompare(b.kind) || a.group.localeCompare(b.group));
  return [...declared.map(kindInfo), ...found];
}

/** A declaration for a discovered kind: coordinates only; its rows come from the server's Table. */
export function discoveredDeclaration(info: KindInfo): KindDeclaration {
  return {
    kind: info.kind,
    group: info.group,
    version: info.version,
    plural: info.plural,
    namespaced: info.namespaced,
    category: info.category,
    help: info.help ?? '',
    columns: [],
    cells: () => ({}),
    health: () => ({ level: 'unknown' }),
  };
}
