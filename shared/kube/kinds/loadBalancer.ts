/** The addresses a load balancer (of a Service or an Ingress controller) published. */
export interface LoadBalancerStatus {
  ingress?: Array<{ ip?: string; hostname?: string }>;
}

export function loadBalancerAddresses(status: LoadBalancerStatus | undefined): string[] {
  return (status?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean);
}
