import type { KubeObject } from './object';
import { ownerRefs } from './kinds/refs';
import type { CellValue, Health, KindInfo, KubeRef, KubeRow } from './types';

/**
 * One kind, declared once as data plus pure functions over its JSON object: the backend uses
 * the API coordinates, `cells`, `health` and `refs` to make slim rows; the renderer uses the
 * columns. Name, namespace and age are columns every kind has, so they are not declared.
 */
export interface KindDeclaration<O extends KubeObject = KubeObject> extends Pick<
  KindInfo,
  'kind' | 'group' | 'version' | 'plural' | 'namespaced' | 'category' | 'columns' | 'actions' | 'sort' | 'healthWords'
> {
  /** One sentence on what this kind is, for newcomers. */
  help: string;
  cells(object: O): Record<string, CellValue>;
  health(object: O): Health;
  refs?(object: O): KubeRef[];
}

/** Declares a kind; the type parameter is the narrow shape its functions read. */
export function defineKind<O extends KubeObject>(declaration: KindDeclaration<O>): KindDeclaration {
  return declaration as unknown as KindDeclaration;
}

/** `pods`, `deployments.apps`: a kind's stable key (as `kubectl get` names it). */
export function kindKey(kind: { plural: string; group: string }): string {
  return kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
}

export function kindInfo(declaration: KindDeclaration): KindInfo {
  const { kind, group, version, plural, namespaced, category, columns, help, actions, sort, healthWords } = declaration;
  return {
    key: kindKey(declaration),
    kind,
    group,
    version,
    plural,
    namespaced,
    category,
    columns,
    builtin: true,
    help,
    ...(actions ? { actions } : {}),
    ...(sort ? { sort } : {}),
    ...(healthWords ? { healthWords } : {}),
  };
}

/**
 * The cells that hold a value. A declaration says null for an empty cell; the table shows a
 * dash for a missing one, so empty cells are not kept in memory nor sent to the renderer
 * (five of a pod's twelve, most of the time).
 */
function filledCells(cells: Record<string, CellValue>): Record<string, CellValue> {
  const filled: Record<string, CellValue> = {};
  for (const key in cells) {
    const value = cells[key];
    if (value !== null && value !== undefined) filled[key] = value;
  }
  return filled;
}

/** What an object refers to: its declaration's references, or its owners for a kind Berth does not declare. */
export function objectRefs(declaration: KindDeclaration, object: KubeObject): KubeRef[] {
  return declaration.refs ? declaration.refs(object) : ownerRefs(object);
}

/** The slim row of an object: what its table shows, its health and its references. */
export function toRow(declaration: KindDeclaration, object: KubeObject): KubeRow {
  const meta = object.metadata;
  const created = meta.creationTimestamp ? Date.parse(meta.creationTimestamp) : NaN;
  const refs = declaration.refs?.(object);
  return {
    id: meta.uid,
    kind: declaration.kind,
    name: meta.name,
    ...(meta.namespace ? { namespace: meta.namespace } : {}),
    createdAt: Number.isFinite(created) ? created : 0,
    resourceVersion: meta.resourceVersion ?? '',
    ...(meta.labels && Object.keys(meta.labels).length ? { labels: meta.labels } : {}),
    cells: filledCells(declaration.cells(object)),
    health: declaration.health(object),
    ...(refs && refs.length ? { refs } : {}),
  };
}
