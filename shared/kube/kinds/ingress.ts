import { defineKind } from '../kind';
import type { KubeObject } from '../object';
import type { KubeRef } from '../types';
import { loadBalancerAddresses, type LoadBalancerStatus } from './loadBalancer';
import { named, ownerRefs, uniqueRefs } from './refs';

interface Backend {
  service?: { name?: string };
}

interface Ingress extends KubeObject {
  spec?: {
    ingressClassName?: string;
    defaultBackend?: Backend;
    rules?: Array<{ host?: string; http?: { paths?: Array<{ backend?: Backend }> } }>;
    tls?: Array<{ hosts?: string[]; secretName?: string }>;
  };
  status?: { loadBalancer?: LoadBalancerStatus };
}

/** The class by field, or by the annotation that preceded it. */
function classOf(ing: Ingress): string | null {
  return ing.spec?.ingressClassName ?? ing.metadata.annotations?.['kubernetes.io/ingress.class'] ?? null;
}

export const ingresses = defineKind<Ingress>({
  kind: 'Ingress',
  group: 'networking.k8s.io',
  version: 'v1',
  plural: 'ingresses',
  namespaced: true,
  category: 'Network',
  help: 'HTTP routing from outside the cluster: which host and path go to which Service, served by an ingress controller.',
  columns: [
    { id: 'class', label: 'Class' },
    { id: 'hosts', label: 'Hosts', mono: true },
    {
      id: 'address',
      label: 'Address',
      mono: true,
      help: 'Published by the ingress controller once it serves this Ingress',
    },
    { id: 'ports', label: 'Ports', mono: true },
  ],
  cells: (ing) => {
    const hosts = (ing.spec?.rules ?? []).map((r) => r.host || '*');
    return {
      class: classOf(ing),
      hosts: hosts.length ? hosts.join(',') : '*',
      address: loadBalancerAddresses(ing.status?.loadBalancer).join(',') || null,
      ports: ing.spec?.tls?.length ? '80, 443' : '80',
    };
  },
  health: (ing) => {
    if (loadBalancerAddresses(ing.status?.loadBalancer).length) return { level: 'ok' };
    const cls = classOf(ing);
    const controller = cls ? `the ingress controller of class ${cls}` : 'an ingress controller';
    return { level: 'warning', reason: `No address yet: is ${controller} running?` };
  },
  refs: (ing) => {
    const { namespace } = ing.metadata;
    const spec = ing.spec ?? {};
    const backends = [
      spec.defaultBackend,
      ...(spec.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend)),
    ];
    const refs: Array<KubeRef | null> = [
      ...ownerRefs(ing),
      named('class', 'IngressClass', classOf(ing)),
      ...backends.map((b) => named('targets', 'Service', b?.service?.name, namespace)),
      ...(spec.tls ?? []).map((t) => named('uses', 'Secret', t.secretName, namespace)),
    ];
    return uniqueRefs(refs);
  },
});
