import type { KubeEventRow } from '../../../shared/kube/types';
import { formatHash } from '../../app/navigation';

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

/**
 * The one place that knows the Kubernetes view's URL parameters (ctx, kind, ns with `*`
 * for all, q, sel as `namespace/name`, dtab), so the Overview's links follow the view if
 * they change.
 */
export function kubeViewHref(link: KubeListLink): string {
  const params: Record<string, string> = { ctx: link.context, kind: link.kind, ns: link.namespace ?? '*' };
  if (link.text) params.q = link.text;
  if (link.select) {
    params.sel = link.select.namespace ? `${link.select.namespace}/${link.select.name}` : link.select.name;
  }
  if (link.tab) params.dtab = link.tab;
  return formatHash('kubernetes', params);
}

/** Kind keys of the objects warnings are usually about. */
const KIND_KEYS: Readonly<Record<string, string>> = {
  Pod: 'pods',
  Node: 'nodes',
  Service: 'services',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  PersistentVolume: 'persistentvolumes',
  Deployment: 'deployments.apps',
  ReplicaSet: 'replicasets.apps',
  StatefulSet: 'statefulsets.apps',
  DaemonSet: 'daemonsets.apps',
  Job: 'jobs.batch',
  CronJob: 'cronjobs.batch',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers.autoscaling',
  Ingress: 'ingresses.networking.k8s.io',
};

/** A warning leads to its object's events; for kinds not known here, to the events naming it. */
export function warningHref(context: string, warning: KubeEventRow): string {
  const { kind, name, namespace } = warning.involved;
  const key = KIND_KEYS[kind];
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
