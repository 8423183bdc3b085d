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

/** `APIGroupDiscoveryList` (apidiscovery.k8s.io/v2): every group, version and resource in one answer. */
interface GroupDiscoveryList {
  kind?: string;
  items?: Array<{
    metadata?: { name?: string };
    /** In the server's order of preference. */
    versions?: Array<{
      version: string;
      resources?: Array<{ resource: string; responseKind?: { kind?: string }; scope?: string; verbs?: string[] }>;
    }>;
  }>;
}

export interface DiscoveryClient {
  json<T>(request: KubeRequest): Promise<T>;
}

/** Aggregated discovery first; a server without it (before Kubernetes 1.26) answers the plain lists. */
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
const TIMEOUT_MS = 10_000;

/** Groups of Kubernetes itself (`apps`, `rbac.authorization.k8s.io`…): their kinds are not custom resources. */
function isBuiltinGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

interface GroupResources {
  group: string;
  version: string;
  resources: ApiResource[];
}

/**
 * Every kind the server lists that can be listed and watched: Berth's declared kinds first
 * (rich rows), then the others (rows from the server's Table format). Two requests, as kubectl
 * makes them (aggregated discovery: the core group, then every other group): opening a context
 * used to cost one request per group version, some twenty TLS connections at once beside the
 * first list a user waits for. A server without aggregated discovery is asked one group version
 * at a time, in parallel; a group that fails (an aggregated API that is down) is skipped.
 */
export async function discoverKinds(
  client: DiscoveryClient,
  declared: readonly KindDeclaration[],
): Promise<KindInfo[]> {
  const known = new Set(declared.map(kindKey));
  const [core, groups] = await Promise.all([
    client.json<GroupDiscoveryList>({ path: '/api', accept: AGGREGATED, timeoutMs: TIMEOUT_MS }),
    client.json<GroupDiscoveryList & ApiGroupList>({ path: '/apis', accept: AGGREGATED, timeoutMs: TIMEOUT_MS }),
  ]);
  const lists =
    core.kind === 'APIGroupDiscoveryList' && groups.kind === 'APIGroupDiscoveryList'
      ? aggregated([...(core.items ?? []), ...(groups.items ?? [])])
      : await oneByOne(client, groups);
  const found: KindInfo[] = [];
  for (const { group, version, resources } of lists) {
    for (const resource of resources) {
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
  }
  found.sort((a, b) => a.kind.localeCompare(b.kind) || a.group.localeCompare(b.group));
  return [...declared.map(kindInfo), ...found];
}

/** The preferred version of each group (the first listed), its resources as the per-group answer has them. */
function aggregated(items: NonNullable<GroupDiscoveryList['items']>): GroupResources[] {
  const lists: GroupResources[] = [];
  for (const item of items) {
    const preferred = item.versions?.[0];
    if (!preferred) continue;
    lists.push({
      group: item.metadata?.name ?? '',
      version: preferred.version,
      resources: (preferred.resources ?? []).map((r) => ({
        name: r.resource,
        kind: r.responseKind?.kind ?? '',
        namespaced: r.scope === 'Namespaced',
        verbs: r.verbs ?? [],
      })),
    });
  }
  return lists;
}

/** The resources of the core group and of each group's preferred version, one request each. */
async function oneByOne(client: DiscoveryClient, groups: ApiGroupList): Promise<GroupResources[]> {
  const versions: Array<{ group: string; version: string }> = [{ group: '', version: 'v1' }];
  for (const group of groups.groups ?? []) {
    const version = group.preferredVersion?.version ?? group.versions?.[0]?.version;
    if (version) versions.push({ group: group.name, version });
  }
  const answers = await Promise.allSettled(
    versions.map(({ group, version }) =>
      client.json<{ resources?: ApiResource[] }>({
        path: group ? `/apis/${group}/${version}` : `/api/${version}`,
        timeoutMs: TIMEOUT_MS,
      }),
    ),
  );
  return answers.flatMap((answer, i) =>
    answer.status === 'fulfilled' ? [{ ...versions[i]!, resources: answer.value.resources ?? [] }] : [],
  );
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
