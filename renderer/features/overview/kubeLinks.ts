import type { KubeEventRow } from '../../../shared/kube/types';
import { kindKey } from '../../../shared/kube/kind';
import { builtinKindByKind } from '../../../shared/kube/kinds';
import { formatHash } from '../../app/navigation';
import { kubeParams, objectKey } from '../kubernetes/kubeLocation';

/** What an Overview link shows in the Kubernetes view. */
export interface KubeListLink {
  context: string;
  /** Kind key: `pods`, `nodes`, `deployments.apps`… */
  kind: string;
  /** Omitted: all namespaces. */
  namespace?: string;
  /** Text filter (matches names, cells such as the phase or kubectl's status). */
  text?: string;
  /** An object to select: its details open beside the list. */
  select?: { namespace?: string | undefined; name: string };
  /** The details tab to open. */
  tab?: 'events' | 'metrics' | 'timeline';
}

/** A link into the Kubernetes view, with the view's own URL parameters (all namespaces unless one is named). */
export function kubeViewHref(link: KubeListLink): string {
  return formatHash(
    'kubernetes',
    kubeParams({
      context: link.context,
      kind: link.kind,
      namespaces: link.namespace ? [link.namespace] : [],
      ...(link.text ? { text: link.text } : {}),
      ...(link.select ? { selected: selectedKey(link.select) } : {}),
      ...(link.tab ? { tab: link.tab } : {}),
    }),
  );
}

/** A warning leads to its object's events; for kinds not known here, to the events naming it. */
export function warningHref(context: string, warning: KubeEventRow): string {
  const { kind, name, namespace } = warning.involved;
  const declaration = builtinKindByKind(kind);
  const key = declaration && kindKey(declaration);
  if (key && name) {
    return kubeViewHref({
      context,
      kind: key,
      ...(namespace ? { namespace } : {}),
      select: { namespace, name },
      tab: 'events',
    });
  }
  return kubeViewHref({
    context,
    kind: 'events',
    ...(namespace ? { namespace } : {}),
    ...(name ? { text: name } : {}),
  });
}

function selectedKey({ namespace, name }: NonNullable<KubeListLink['select']>): string {
  return objectKey(namespace ? { namespace, name } : { name });
}
