/**
 * Links between objects in the details panel, from the rows' references (`refs`): what owns
 * this object, what it runs on, uses or selects, and what it owns. A link is a location of
 * the Kubernetes view: that object's kind with that object selected. Pure.
 */
import { formatSelector } from '../../../shared/kube/kinds/selectors';
import type { KindInfo, KubeRef, KubeRow, RefRelation } from '../../../shared/kube/types';
import { kindByName } from './kindCatalog';
import { objectKey, type KubeDetailsTab, type KubeLocation } from './kubeLocation';
import { selectorFilter } from './kubeList';

/** What an object of a kind owns through owner references (its controllers' children). */
export const OWNED_KINDS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['ReplicaSet'],
  ReplicaSet: ['Pod'],
  StatefulSet: ['Pod'],
  DaemonSet: ['Pod'],
  Job: ['Pod'],
  CronJob: ['Job'],
};

export const RELATION_TITLES: Record<RefRelation, string> = {
  owner: 'Owned by',
  node: 'Runs on',
  uses: 'Uses',
  selects: 'Selects',
  targets: 'Targets',
  serviceAccount: 'Service account',
  class: 'Class',
};

/** Where a link goes: a kind, and one object or a label filter in it. */
export interface LinkTarget {
  kind: string;
  namespace?: string;
  name?: string;
  /** A label filter, for selectors. */
  labels?: string;
  /** The details tab to open (Overview when not given). */
  tab?: KubeDetailsTab;
  /** On a pod's Logs tab: this container, and its previous run. */
  logContainer?: string;
  previousLogs?: boolean;
}

export interface ObjectLink {
  relation: RefRelation;
  /** "ReplicaSet api-5d8f9", "Pod with app=api". */
  text: string;
  /** null when this context does not serve the kind. */
  target: LinkTarget | null;
}

export function refLink(ref: KubeRef, kinds: readonly KindInfo[]): ObjectLink {
  const info = kindByName(kinds, ref.kind);
  if (ref.selector) {
    const labels = selectorFilter(ref.selector);
    return {
      relation: ref.relation,
      text: labels === '' ? `Every ${ref.kind}` : `${ref.kind} with ${labels ?? formatSelector(ref.selector)}`,
      target:
        info && labels !== null
          ? { kind: info.key, labels, ...(ref.namespace ? { namespace: ref.namespace } : {}) }
          : null,
    };
  }
  return {
    relation: ref.relation,
    text: `${ref.kind} ${ref.name}`,
    target: info
      ? {
          kind: info.key,
          name: ref.name,
          ...(info.namespaced && ref.namespace ? { namespace: ref.namespace } : {}),
        }
      : null,
  };
}

/** The row's references as links, owners first (the order a reader follows). */
export function refLinks(refs: readonly KubeRef[] | undefined, kinds: readonly KindInfo[]): ObjectLink[] {
  const order: RefRelation[] = ['owner', 'node', 'selects', 'targets', 'uses', 'serviceAccount', 'class'];
  return [...(refs ?? [])]
    .sort((a, b) => order.indexOf(a.relation) - order.indexOf(b.relation))
    .map((ref) => refLink(ref, kinds));
}

/** The rows owned by the object with this uid. */
export function ownedBy(rows: Iterable<KubeRow>, uid: string): KubeRow[] {
  const out: KubeRow[] = [];
  for (const row of rows) {
    if (row.refs?.some((r) => r.relation === 'owner' && r.uid === uid)) out.push(row);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The view's location after following a link: the target's kind, with its namespace shown
 * (added to the selection when a selection is narrower), no text filter that could hide it.
 */
export function linkLocation(current: KubeLocation, target: LinkTarget): KubeLocation {
  const namespaces =
    current.namespaces && current.namespaces.length > 0 && target.namespace
      ? [...new Set([...current.namespaces, target.namespace])].sort()
      : current.namespaces;
  return {
    ...current,
    kind: target.kind,
    namespaces,
    text: '',
    labels: target.labels ?? '',
    sort: null,
    selected: target.name ? objectKey({ namespace: target.namespace, name: target.name }) : null,
    tab: target.tab ?? 'overview',
    logContainer: target.logContainer ?? null,
    previousLogs: target.previousLogs ?? false,
  };
}
