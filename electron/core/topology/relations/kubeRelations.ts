import type { TopologyRelation } from '../../../../shared/contract/topology';
import type { KubeRef, RefRelation } from '../../../../shared/kube/types';

/**
 * One kind of edge between Kubernetes objects, as data: which references (`refs` of a kind
 * declaration) it turns into edges, and which way the edge points on the map. The first
 * declaration that matches a reference wins; a reference no declaration matches is not drawn.
 */
export interface KubeRelation {
  relation: TopologyRelation;
  /** Kinds of the object holding the reference; '*' for any. */
  from: readonly string[] | '*';
  ref: RefRelation;
  /** Kinds the reference may point at; '*' for any. */
  to: readonly string[] | '*';
  /** Draw the edge from the referenced object to the holder (an owner points at what it owns). */
  reverse?: boolean;
  /** One sentence for the map's legend. */
  help: string;
}

const KUBE_RELATIONS: readonly KubeRelation[] = [
  {
    relation: 'endpointsOf',
    from: ['EndpointSlice'],
    ref: 'owner',
    to: ['Service'],
    help: 'An EndpointSlice lists the ready addresses of a Service.',
  },
  {
    relation: 'owns',
    from: '*',
    ref: 'owner',
    to: '*',
    reverse: true,
    help: 'Owner references: a Deployment keeps ReplicaSets, which keep Pods; a CronJob starts Jobs.',
  },
  {
    relation: 'selects',
    from: ['Service'],
    ref: 'selects',
    to: ['Pod'],
    help: 'A Service sends traffic to the Pods its label selector matches.',
  },
  {
    relation: 'guards',
    from: ['PodDisruptionBudget'],
    ref: 'selects',
    to: ['Pod'],
    help: 'A PodDisruptionBudget limits how many of the Pods its selector matches may be evicted at once: a drain waits on it.',
  },
  {
    relation: 'routesTo',
    from: ['Ingress'],
    ref: 'targets',
    to: ['Service'],
    help: 'An Ingress routes HTTP requests to Services.',
  },
  {
    relation: 'tlsSecret',
    from: ['Ingress'],
    ref: 'uses',
    to: ['Secret'],
    help: 'An Ingress serves TLS with the certificate in a Secret.',
  },
  {
    relation: 'ingressClass',
    from: ['Ingress'],
    ref: 'class',
    to: ['IngressClass'],
    help: 'An IngressClass names the controller that serves an Ingress.',
  },
  {
    relation: 'claims',
    from: ['Pod'],
    ref: 'uses',
    to: ['PersistentVolumeClaim'],
    help: 'A Pod mounts storage through a PersistentVolumeClaim.',
  },
  {
    relation: 'boundTo',
    from: ['PersistentVolumeClaim'],
    ref: 'uses',
    to: ['PersistentVolume'],
    help: 'A claim is bound to one PersistentVolume.',
  },
  {
    relation: 'storageClass',
    from: ['PersistentVolume', 'PersistentVolumeClaim'],
    ref: 'class',
    to: ['StorageClass'],
    help: 'A StorageClass says how volumes are provisioned.',
  },
  {
    relation: 'mounts',
    from: ['Pod'],
    ref: 'uses',
    to: ['ConfigMap', 'Secret'],
    help: 'A Pod reads ConfigMaps and Secrets as files or environment variables.',
  },
  {
    relation: 'runsOn',
    from: ['Pod'],
    ref: 'node',
    to: ['Node'],
    help: 'A Pod runs on one Node.',
  },
  {
    relation: 'scales',
    from: ['HorizontalPodAutoscaler'],
    ref: 'targets',
    to: '*',
    help: 'A HorizontalPodAutoscaler sets the replica count of its target from load.',
  },
  {
    relation: 'runsAs',
    from: ['Pod'],
    ref: 'serviceAccount',
    to: ['ServiceAccount'],
    help: 'A Pod calls the API as its ServiceAccount.',
  },
  {
    relation: 'governs',
    from: ['StatefulSet'],
    ref: 'uses',
    to: ['Service'],
    help: 'A StatefulSet gives its Pods stable names through a headless Service.',
  },
];

function matches(list: readonly string[] | '*', kind: string): boolean {
  return list === '*' || list.includes(kind);
}

/** The declaration that turns this reference of an object of `kind` into an edge, if any. */
export function relationFor(kind: string, ref: KubeRef): KubeRelation | undefined {
  return KUBE_RELATIONS.find((r) => r.ref === ref.relation && matches(r.from, kind) && matches(r.to, ref.kind));
}
