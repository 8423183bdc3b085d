import type { KubeObject } from '../object';
import type { KubeRef, RefRelation } from '../types';

/** A reference by name; null when the name is empty, so optional fields can be passed as they are. */
export function named(
  relation: RefRelation,
  kind: string,
  name: string | undefined | null,
  namespace?: string,
  uid?: string,
): KubeRef | null {
  if (!name) return null;
  return { relation, kind, name, ...(namespace ? { namespace } : {}), ...(uid ? { uid } : {}) };
}

/** The objects that own this one (a Pod's ReplicaSet, a Job's CronJob), by uid. */
export function ownerRefs(object: KubeObject): KubeRef[] {
  const { namespace, ownerReferences } = object.metadata;
  return (ownerReferences ?? []).map((o) => ({
    relation: 'owner' as const,
    kind: o.kind,
    name: o.name,
    ...(namespace ? { namespace } : {}),
    uid: o.uid,
  }));
}

/** Drops the empty ones and repeats (a Secret used by two containers is one reference). */
export function uniqueRefs(refs: Array<KubeRef | null | undefined>): KubeRef[] {
  const seen = new Set<string>();
  const out: KubeRef[] = [];
  for (const r of refs) {
    if (!r) continue;
    const key = `${r.relation}|${r.kind}|${r.namespace ?? ''}|${r.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}
