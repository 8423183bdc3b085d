/**
 * Docker ↔ Kubernetes: a container that is a node of a local cluster (kind, k3d, minikube) is
 * linked to the Node of the same name in the context of that cluster. Each tool names its
 * contexts after the cluster: `kind-<cluster>`, `k3d-<cluster>`, and minikube the profile.
 */
export interface ClusterNodeLink {
  tool: 'kind' | 'k3d' | 'minikube';
  cluster: string;
  /** The Node name: these tools name the node container after the Node. */
  node: string;
}

const LABELS: ReadonlyArray<{ tool: ClusterNodeLink['tool']; label: string }> = [
  { tool: 'kind', label: 'io.x-k8s.kind.cluster' },
  { tool: 'k3d', label: 'k3d.cluster' },
  { tool: 'minikube', label: 'name.minikube.sigs.k8s.io' },
];

/** The cluster a container is a node of, from its labels; null for any other container. */
export function clusterNodeOf(container: { name: string; labels: Record<string, string> }): ClusterNodeLink | null {
  for (const { tool, label } of LABELS) {
    const cluster = container.labels[label];
    if (cluster) return { tool, cluster, node: container.name };
  }
  return null;
}

/** Whether a kube context (by its name or its cluster's name in the kubeconfig) is that cluster's. */
export function contextIsCluster(context: { name: string; cluster: string }, link: ClusterNodeLink): boolean {
  const expected = link.tool === 'minikube' ? link.cluster : `${link.tool}-${link.cluster}`;
  return context.name === expected || context.cluster === expected;
}
