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
  // Fields set one by one, not spread: a watch makes a pod's references on every event.
  const ref: KubeRef = { relation, kind, name };
  if (namespace) ref.namespace = namespace;
  if (uid) ref.uid = uid;
  return ref;
}

/** The objects that own this one (a Pod's ReplicaSet, a Job's CronJob), by uid. */
export function ownerRefs(object: KubeObject): KubeRef[] {
  const { namespace, ownerReferences } = object.metadata;
  return (ownerReferences ?? []).map((o) => {
    const ref: KubeRef = { relation: 'owner', kind: o.kind, name: o.name };
    if (namespace) ref.namespace = namespace;
    ref.uid = o.uid;
    return ref;
  });
}

/** Drops the empty ones and repeats (a Secret used by two containers is one reference). */
export function uniqueRefs(refs: Array<KubeRef | null | undefined>): KubeRef[] {
  const out: KubeRef[] = [];
  // An object has a handful of references: comparing them beats building a key for each.
  let seen: Set<string> | undefined;
  for (const r of refs) {
    if (!r) continue;
    if (seen || out.length >= 16) {
      seen ??= new Set(out.map(refKey));
      const key = refKey(r);
      if (seen.has(key)) continue;
      seen.add(key);
    } else if (out.some((o) => sameTarget(o, r))) continue;
    out.push(r);
  }
  return out;
}

function refKey(r: KubeRef): string {
  return `${r.relation}|${r.kind}|${r.namespace ?? ''}|${r.name}`;
}

/** The same object in the same relation (uids aside). */
export function sameTarget(a: KubeRef, b: KubeRef): boolean {
  return a.name === b.name && a.relation === b.relation && a.kind === b.kind && a.namespace === b.namespace;
}
