import type { KubeActionName } from './actions';
import type { LabelSelector } from './object';

/**
 * Kubernetes domain types shared by the backend and the renderer. Everything here is plain
 * JSON: timestamps are epoch milliseconds, never Date objects.
 */

/** How kubectl and the peers group kinds in their pickers. */
export type KindCategory = 'Workloads' | 'Network' | 'Config' | 'Storage' | 'Cluster' | 'Custom resources';

export const KIND_CATEGORIES: readonly KindCategory[] = [
  'Workloads',
  'Network',
  'Config',
  'Storage',
  'Cluster',
  'Custom resources',
];

/** ok green, warning amber, failing red, idle grey (completed, suspended, scaled to zero), unknown grey. */
export type HealthLevel = 'ok' | 'warning' | 'failing' | 'idle' | 'unknown';

export interface Health {
  level: HealthLevel;
  /** In words, for the user: "CrashLoopBackOff (OOMKilled, exit 137)", "2/3 ready". */
  reason?: string;
}

/** How one object relates to another: owner references, a Node, what it uses or selects. */
export type RefRelation = 'owner' | 'node' | 'uses' | 'selects' | 'targets' | 'serviceAccount' | 'class';

/** A reference from one object to another, resolved by uid where known, else by kind/namespace/name. */
export interface KubeRef {
  relation: RefRelation;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  /** For `selects`: the label selector instead of a name (a Service's plain map as `matchLabels`). */
  selector?: LabelSelector;
}

/** One table cell value; the column says how to show it. */
export type CellValue = string | number | boolean | null;

export interface KindColumn {
  id: string;
  label: string;
  align?: 'start' | 'end';
  /** Monospace (IPs, images, ports). */
  mono?: boolean;
  /** Only in the "wide" set (as `kubectl get -o wide`). */
  wide?: boolean;
  /** How to render: text (default), a number, an age (epoch ms), a duration in ms. */
  format?: 'text' | 'number' | 'age' | 'duration';
  /** One-line help on what the column means. */
  help?: string;
  /** Free text that reads best whole (an event's message): the column takes most of the room left. */
  long?: boolean;
  /** The characters its telling values take (a pod's CrashLoopBackOff: 16): the column is never narrower. */
  chars?: number;
}

/** What the renderer knows of a kind: coordinates, where it sits in the picker, its columns. */
export interface KindInfo {
  /** Stable key: `plural` for the core group, `plural.group` otherwise (`pods`, `deployments.apps`). */
  key: string;
  kind: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  category: KindCategory;
  columns: KindColumn[];
  /** Declared by Berth (rich rows) or found through the server's discovery (columns from its Table format). */
  builtin: boolean;
  /** One sentence on what this kind is, for newcomers. */
  help?: string;
  /** What Berth can do to its objects besides deleting them (scale, restart, cordon…). */
  actions?: KubeActionName[];
  /** The order its list starts in until the user sorts it, when not by name (events: newest first). */
  sort?: { column: string; dir: 'asc' | 'desc' };
  /** Its health levels in words where Berth's do not fit: an event is Normal, not Healthy. */
  healthWords?: Partial<Record<HealthLevel, string>>;
}

/** A slim row: what the table shows, never the whole object. */
export interface KubeRow {
  /** The object's uid. */
  id: string;
  kind: string;
  name: string;
  namespace?: string;
  /** Epoch ms. */
  createdAt: number;
  resourceVersion: string;
  labels?: Record<string, string>;
  cells: Record<string, CellValue>;
  health: Health;
  /**
   * What the object refers to. Rows sent to the renderer keep only the owners (what links a
   * pod to its ReplicaSet); the details panel gets the rest with the object.
   */
  refs?: KubeRef[];
}

/** How the watch of one kind in one context is doing; shown above its table. */
export interface KindStatus {
  context: string;
  kind: string;
  state: 'listing' | 'live' | 'stale' | 'forbidden' | 'error' | 'unsupported';
  /** Rows listed so far while `listing`. */
  listed?: number;
  message?: string;
  hint?: string;
  detail?: string;
  /** Set when listing across all namespaces was refused and Berth fell back to this namespace. */
  fallbackNamespace?: string;
  /** Epoch ms since when the rows are stale. */
  staleSince?: number;
  /**
   * For kinds found through discovery (not declared by Berth): the columns of the server's own
   * Table format, known once the first page has arrived. Rows' `cells` are keyed by their ids.
   */
  columns?: KindColumn[];
}

/** An Event about an object, from the index by the involved object's uid. */
export interface KubeEventRow {
  id: string;
  type: 'Normal' | 'Warning' | string;
  reason: string;
  message: string;
  count: number;
  /** Epoch ms of the last time it happened. */
  lastSeen: number;
  firstSeen: number;
  source?: string;
  involved: { kind: string; name: string; namespace?: string; uid?: string };
  /** The Event object's own name and namespace, to open it. */
  object?: { namespace?: string; name: string };
}

/** The full object for the details panel (Secret and ConfigMap values withheld until revealed). */
export interface KubeObjectDetails {
  kind: string;
  object: Record<string, unknown>;
  /** Keys of `data`/`stringData`/`binaryData` whose values were withheld (Secrets, ConfigMaps). */
  withheld: string[];
  /** What it refers to (owners, node, what it uses or selects). The tables' rows name only owners. */
  refs: KubeRef[];
}

/** One metrics point: CPU in millicores, memory in bytes. */
export interface KubeUsagePoint {
  t: number;
  cpu: number;
  memory: number;
}
