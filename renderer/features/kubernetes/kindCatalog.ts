/**
 * The kinds a context serves, as the renderer sees them (`kube.kinds`): grouped for the
 * picker, titled for people, found by the `kind` name a reference carries. Pure.
 */
import { kindInfo } from '../../../shared/kube/kind';
import { BUILTIN_KINDS } from '../../../shared/kube/kinds';
import { KIND_CATEGORIES, type KindCategory, type KindInfo } from '../../../shared/kube/types';

/** Berth's declared kinds, as `kube.kinds` lists them first in every context. */
const DECLARED_KINDS: readonly KindInfo[] = BUILTIN_KINDS.map(kindInfo);

/**
 * The kinds to offer while discovery (`kube.kinds`, one request per API group: a second or
 * more on a big or busy cluster) has not answered, and after: the declared kinds need no
 * answer, since this bundle declares them, so their tables open at once and the cluster's own
 * kinds join the picker when discovery answers. The declared kinds keep the same objects
 * throughout, so an open table does not sort its rows again when the answer comes.
 */
export function kindsToOffer(discovered: readonly KindInfo[] | null): readonly KindInfo[] {
  if (!discovered) return DECLARED_KINDS;
  const found = discovered.filter((k) => !k.builtin);
  return found.length ? [...DECLARED_KINDS, ...found] : DECLARED_KINDS;
}

/** "Pods", "Ingresses", "NetworkPolicies", "Endpoints": the kind's name as a list title. */
export function kindTitle(kind: Pick<KindInfo, 'kind'>): string {
  const name = kind.kind;
  if (/(s|x|z|ch|sh)$/.test(name)) return name.endsWith('Endpoints') ? name : `${name}es`;
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  return `${name}s`;
}

export interface KindGroup {
  category: KindCategory;
  kinds: KindInfo[];
}

/** Kinds by category, in the picker's order; within one, Berth's order for built-ins, then by name. */
export function groupKinds(kinds: readonly KindInfo[]): KindGroup[] {
  return KIND_CATEGORIES.map((category) => {
    const inCategory = kinds.filter((k) => k.category === category);
    const builtin = inCategory.filter((k) => k.builtin);
    const found = inCategory.filter((k) => !k.builtin).sort((a, b) => kindTitle(a).localeCompare(kindTitle(b)));
    return { category, kinds: [...builtin, ...found] };
  }).filter((group) => group.kinds.length > 0);
}

/**
 * The kind a reference names ("ReplicaSet"): references carry the kind's name, not its
 * group, so a built-in kind wins over a custom resource of the same name.
 */
export function kindByName(kinds: readonly KindInfo[], name: string): KindInfo | undefined {
  return kinds.find((k) => k.kind === name && k.builtin) ?? kinds.find((k) => k.kind === name);
}

/**
 * The kind a typed or pasted address names: its key (`deployments.apps`), or as kubectl takes
 * it, by plural or kind name in any case (`deployments`, `Deployment`); built-ins first.
 */
export function findKind(kinds: readonly KindInfo[], name: string): KindInfo | undefined {
  const exact = kinds.find((k) => k.key === name);
  if (exact) return exact;
  const wanted = name.toLowerCase();
  const matches = (k: KindInfo) => [k.key, k.plural, k.kind].some((n) => n.toLowerCase() === wanted);
  return kinds.find((k) => k.builtin && matches(k)) ?? kinds.find(matches);
}
