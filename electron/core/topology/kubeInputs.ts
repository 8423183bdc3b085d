import { kindKey } from '../../../shared/kube/kind';
import { builtinKindByKind } from '../../../shared/kube/kinds';
import type { KubeRow } from '../../../shared/kube/types';
import type { GraphInput, GraphRef } from './graph';
import { relationFor } from './relations/kubeRelations';

/** How references by name find an object: `n/<context>/<kind>/<namespace>/<name>`. */
export function kubeNameKey(context: string, kind: string, namespace: string | undefined, name: string): string {
  return `n/${context}/${kind}/${namespace ?? ''}/${name}`;
}

export function kubeNodeId(context: string, uid: string): string {
  return `k/${context}/${uid}`;
}

/** The labels the map groups an object by (the Kubernetes recommended application labels). */
function appOf(labels: Record<string, string> | undefined): string | undefined {
  return (
    labels?.['app.kubernetes.io/part-of'] ??
    labels?.['app.kubernetes.io/name'] ??
    labels?.['app.kubernetes.io/instance']
  );
}

/** One watched row as the graph sees it: its node and its references turned into edge kinds. */
export function kubeGraphInput(context: string, row: KubeRow): GraphInput {
  const scope = row.namespace ? `${context}/${row.namespace}` : undefined;
  const refs: GraphRef[] = [];
  for (const ref of row.refs ?? []) {
    const declared = relationFor(row.kind, ref);
    if (!declared) continue;
    const reverse = declared.reverse ? { reverse: true } : {};
    if (ref.selector) {
      refs.push({ relation: declared.relation, selector: ref.selector });
      continue;
    }
    const target = ref.uid ? kubeNodeId(context, ref.uid) : kubeNameKey(context, ref.kind, ref.namespace, ref.name);
    refs.push({ relation: declared.relation, target, ...reverse });
  }
  const declaration = builtinKindByKind(row.kind);
  const app = appOf(row.labels);
  const host = row.kind === 'Pod' && typeof row.cells.node === 'string' && row.cells.node ? row.cells.node : undefined;
  return {
    node: {
      type: 'node',
      id: kubeNodeId(context, row.id),
      kind: row.kind,
      name: row.name,
      ...(row.namespace ? { namespace: row.namespace } : {}),
      source: { type: 'kube', context },
      ...(declaration ? { kindKey: kindKey(declaration) } : {}),
      ref: row.id,
      health: row.health,
      groups: { ...(app ? { app } : {}), ...(host ? { host } : {}) },
    },
    nameKey: kubeNameKey(context, row.kind, row.namespace, row.name),
    refs,
    ...(row.kind === 'Pod' && row.labels ? { labels: row.labels } : {}),
    ...(scope ? { scope } : {}),
  };
}
