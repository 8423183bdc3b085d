/**
 * The Kubernetes view's state in the URL hash (#/kubernetes?ctx=…&kind=pods&ns=team-a,team-b…),
 * so a view can be linked and survives a reload. Pure: parsing and formatting only.
 */

export type KubeDetailsTab = 'overview' | 'events' | 'metrics' | 'logs' | 'terminal' | 'forward' | 'timeline' | 'yaml';
const KUBE_DETAILS_TABS: readonly KubeDetailsTab[] = [
  'overview',
  'events',
  'metrics',
  'logs',
  'terminal',
  'forward',
  'timeline',
  'yaml',
];

const DEFAULT_KIND = 'pods';
/** In the URL, all namespaces ('*' is never a namespace name). */
const ALL = '*';

export interface KubeLocation {
  /** The context named in the URL, if any. */
  context: string | null;
  kind: string;
  /** null: not in the URL (use the context's remembered choice); [] all namespaces. */
  namespaces: string[] | null;
  text: string;
  labels: string;
  /** Raw sort ("restarts:desc"); the columns of the kind decide whether it is valid. */
  sort: string | null;
  /** The selected object: `namespace/name`, or `name` for cluster-wide kinds. */
  selected: string | null;
  tab: KubeDetailsTab;
  /** Extra columns, as `kubectl get -o wide`. */
  wide: boolean;
  /** On a pod's Logs tab: the container shown (null: the pod's default) and whether its previous run. */
  logContainer?: string | null;
  previousLogs?: boolean;
}

// Upper case too: an address may name the kind as kubectl takes it (`Deployment`); the view resolves it to its key.
const KIND_KEY = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isNamespaceName(value: string): boolean {
  return value.length <= 63 && NAMESPACE.test(value);
}

/** Namespaces from the URL; invalid ones are dropped, order and duplicates cleaned. */
export function parseNamespaces(value: string | null): string[] | null {
  if (value === null) return null;
  if (value === ALL || value === '') return [];
  const names = value.split(',').filter(isNamespaceName);
  return [...new Set(names)].sort();
}

export function formatNamespaces(namespaces: readonly string[]): string {
  return namespaces.length === 0 ? ALL : [...new Set(namespaces)].sort().join(',');
}

export function readKubeLocation(params: URLSearchParams): KubeLocation {
  const kind = params.get('kind');
  const tab = params.get('dtab');
  return {
    context: params.get('ctx') || null,
    kind: kind && kind.length <= 253 && KIND_KEY.test(kind) ? kind : DEFAULT_KIND,
    namespaces: parseNamespaces(params.get('ns')),
    text: params.get('q') ?? '',
    labels: params.get('label') ?? '',
    sort: params.get('sort') || null,
    selected: params.get('sel') || null,
    tab: (KUBE_DETAILS_TABS as readonly string[]).includes(tab ?? '') ? (tab as KubeDetailsTab) : 'overview',
    wide: params.get('wide') === '1',
    logContainer: params.get('ctr') || null,
    previousLogs: params.get('prev') === '1',
  };
}

/** The URL parameters of a location (defaults left out, so links stay short). */
export function kubeParams(location: Partial<KubeLocation>): Record<string, string> {
  const out: Record<string, string> = {};
  if (location.context) out.ctx = location.context;
  if (location.kind && location.kind !== DEFAULT_KIND) out.kind = location.kind;
  if (location.namespaces) out.ns = formatNamespaces(location.namespaces);
  if (location.text) out.q = location.text;
  if (location.labels) out.label = location.labels;
  if (location.sort) out.sort = location.sort;
  if (location.selected) out.sel = location.selected;
  if (location.tab && location.tab !== 'overview') out.dtab = location.tab;
  if (location.wide) out.wide = '1';
  // Only the Logs tab reads them: another tab or object leaves them out of the link.
  if (location.tab === 'logs' && location.selected) {
    if (location.logContainer) out.ctr = location.logContainer;
    if (location.previousLogs) out.prev = '1';
  }
  return out;
}

/** How the URL names one object of a kind: `namespace/name`, or `name` when cluster-wide. */
export function objectKey(object: { namespace?: string; name: string }): string {
  return object.namespace ? `${object.namespace}/${object.name}` : object.name;
}

/** The object an `objectKey` names, found without building a key per row (lists of 10,000 pods). */
export function findByKey<T extends { namespace?: string; name: string }>(
  rows: Iterable<T>,
  key: string,
): T | undefined {
  const slash = key.indexOf('/');
  const namespace = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  for (const row of rows) if (row.name === name && (row.namespace || undefined) === namespace) return row;
  return undefined;
}
