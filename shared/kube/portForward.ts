/** What a port-forward reaches: a pod, or a Service resolved to one ready pod behind it. */
export interface PortForwardTarget {
  kind: 'pod' | 'service';
  name: string;
}

/** One port-forward as the list of active forwards shows it. */
export interface PortForwardRow {
  id: string;
  context: string;
  namespace: string;
  target: PortForwardTarget;
  /** The pod the connections go to (the target itself, or the pod chosen behind the Service). */
  pod: string;
  /** The pod's port the connections reach. */
  remotePort: number;
  /** Always 127.0.0.1: a forward is never reachable from other machines. */
  localAddress: string;
  localPort: number;
  /** Connections open right now, and since the start. */
  connections: number;
  totalConnections: number;
  /** Bytes sent to the pod and received from it. */
  bytesOut: number;
  bytesIn: number;
  state: 'active' | 'ended';
  /** Why it ended ("pod deleted", "stopped", "context switched"), or the last connection's error. */
  message?: string;
  /** Epoch ms. */
  startedAt: number;
}
