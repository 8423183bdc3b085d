import type { TopologyEdge, TopologyNode } from '../../../shared/contract/topology';

/**
 * A synthetic cluster for tests and the benchmark: `pods` pods in Deployments of `perDeployment`,
 * each Deployment with a ReplicaSet and a Service, spread over namespaces of 10 Deployments.
 */
export function syntheticGraph(pods: number, perDeployment = 50): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const source = { type: 'kube' as const, context: 'synthetic' };
  const node = (id: string, kind: string, name: string, namespace: string): TopologyNode => ({
    type: 'node',
    id,
    kind,
    name,
    namespace,
    source,
    health: { level: 'ok' },
    groups: {},
  });
  const edge = (from: string, relation: TopologyEdge['relation'], to: string, namespace: string): TopologyEdge => ({
    type: 'edge',
    id: `${from}|${relation}|${to}`,
    from,
    to,
    relation,
    namespace,
  });
  const deployments = Math.ceil(pods / perDeployment);
  for (let d = 0; d < deployments; d++) {
    const namespace = `ns-${Math.floor(d / 10)}`;
    const dep = `dep-${d}`;
    const rs = `rs-${d}`;
    const svc = `svc-${d}`;
    nodes.push(node(dep, 'Deployment', `app-${d}`, namespace));
    nodes.push(node(rs, 'ReplicaSet', `app-${d}-5d8f`, namespace));
    nodes.push(node(svc, 'Service', `app-${d}`, namespace));
    edges.push(edge(dep, 'owns', rs, namespace));
    for (let p = 0; p < perDeployment && d * perDeployment + p < pods; p++) {
      const pod = `pod-${d}-${p}`;
      nodes.push(node(pod, 'Pod', `app-${d}-5d8f-${p}`, namespace));
      edges.push(edge(rs, 'owns', pod, namespace));
      edges.push(edge(svc, 'selects', pod, namespace));
    }
  }
  return { nodes, edges };
}
