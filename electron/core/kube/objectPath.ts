import type { KindInfo } from '../../../shared/kube/types';

type Coordinates = Pick<KindInfo, 'group' | 'version' | 'plural' | 'namespaced'>;

/** `/api/v1` or `/apis/<group>/<version>`. */
export function apiBase(kind: Pick<KindInfo, 'group' | 'version'>): string {
  return kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`;
}

/** The collection of a kind in one namespace (or cluster-wide). */
export function collectionPath(kind: Coordinates, namespace: string | undefined): string {
  return kind.namespaced && namespace
    ? `${apiBase(kind)}/namespaces/${namespace}/${kind.plural}`
    : `${apiBase(kind)}/${kind.plural}`;
}

/** One object's path; `subresource` appended (`scale`, `eviction`). */
export function objectPath(
  kind: Coordinates,
  namespace: string | undefined,
  name: string,
  subresource?: string,
): string {
  return `${collectionPath(kind, namespace)}/${name}${subresource ? `/${subresource}` : ''}`;
}
