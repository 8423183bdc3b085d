import { defineKind } from '../kind';
import type { KubeObject } from '../object';
import { loadBalancerAddresses, type LoadBalancerStatus } from './loadBalancer';
import { ownerRefs } from './refs';
import { formatLabels } from './selectors';

interface Service extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    externalIPs?: string[];
    externalName?: string;
    selector?: Record<string, string>;
    ports?: Array<{ port?: number; nodePort?: number; protocol?: string }>;
  };
  status?: { loadBalancer?: LoadBalancerStatus };
}

/** kubectl's EXTERNAL-IP: what reaches the Service from outside the cluster. */
function externalIP(svc: Service): string | null {
  const spec = svc.spec ?? {};
  const external = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'LoadBalancer': {
      const all = [...loadBalancerAddresses(svc.status?.loadBalancer), ...external];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? null;
    default:
      return external.length ? external.join(',') : null;
  }
}

export const services = defineKind<Service>({
  kind: 'Service',
  group: '',
  version: 'v1',
  plural: 'services',
  namespaced: true,
  category: 'Network',
  help: 'One stable address and DNS name in front of the pods its selector matches, spreading connections over them.',
  columns: [
    { id: 'type', label: 'Type' },
    { id: 'clusterIP', label: 'Cluster IP', mono: true },
    { id: 'externalIP', label: 'External IP', mono: true },
    { id: 'ports', label: 'Ports', mono: true, help: 'port[:nodePort]/protocol' },
    { id: 'selector', label: 'Selector', mono: true, wide: true, help: 'Pods with these labels receive the traffic' },
  ],
  cells: (svc) => ({
    type: svc.spec?.type ?? 'ClusterIP',
    clusterIP: svc.spec?.clusterIP ?? null,
    externalIP: externalIP(svc),
    ports:
      (svc.spec?.ports ?? [])
        .map((p) => `${p.port ?? ''}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`)
        .join(',') || null,
    selector: formatLabels(svc.spec?.selector),
  }),
  health: (svc) => {
    if (externalIP(svc) === '<pending>') return { level: 'warning', reason: 'Waiting for a load balancer address' };
    return { level: 'ok' };
  },
  refs: (svc) => {
    const selector = svc.spec?.selector;
    const { namespace } = svc.metadata;
    if (!selector || !Object.keys(selector).length || svc.spec?.type === 'ExternalName') return ownerRefs(svc);
    // A selector picks pods by label, so the reference has no name of its own.
    return [
      ...ownerRefs(svc),
      {
        relation: 'selects',
        kind: 'Pod',
        name: '',
        ...(namespace ? { namespace } : {}),
        selector: { matchLabels: selector },
      },
    ];
  },
});
