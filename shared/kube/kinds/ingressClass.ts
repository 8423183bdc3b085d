import { defineKind } from '../kind';
import type { KubeObject } from '../object';
import { ownerRefs } from './refs';

interface IngressClass extends KubeObject {
  spec?: { controller?: string; parameters?: { apiGroup?: string; kind?: string; name?: string } };
}

export const ingressClasses = defineKind<IngressClass>({
  kind: 'IngressClass',
  group: 'networking.k8s.io',
  version: 'v1',
  plural: 'ingressclasses',
  namespaced: false,
  category: 'Network',
  help: 'Names an ingress controller, so each Ingress can say which controller serves it.',
  columns: [
    { id: 'controller', label: 'Controller', mono: true },
    { id: 'parameters', label: 'Parameters', help: 'Controller-specific settings, in another object' },
  ],
  cells: (ic) => {
    const p = ic.spec?.parameters;
    return {
      controller: ic.spec?.controller ?? null,
      parameters: p?.name ? `${p.apiGroup ? `${p.apiGroup}/` : ''}${p.kind ?? ''}/${p.name}` : null,
      default: ic.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true',
    };
  },
  health: () => ({ level: 'ok' }),
  refs: ownerRefs,
});
