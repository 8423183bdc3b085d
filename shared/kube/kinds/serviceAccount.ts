import { defineKind } from '../kind';
import type { KubeObject } from '../object';
import { named, ownerRefs, uniqueRefs } from './refs';

interface ServiceAccount extends KubeObject {
  secrets?: Array<{ name?: string }>;
  imagePullSecrets?: Array<{ name?: string }>;
}

export const serviceAccounts = defineKind<ServiceAccount>({
  kind: 'ServiceAccount',
  group: '',
  version: 'v1',
  plural: 'serviceaccounts',
  namespaced: true,
  category: 'Config',
  help: 'The identity a pod uses to call the Kubernetes API; what it may do is granted by RBAC roles.',
  columns: [{ id: 'secrets', label: 'Secrets', align: 'end', format: 'number' }],
  cells: (sa) => ({ secrets: sa.secrets?.length ?? 0 }),
  health: () => ({ level: 'ok' }),
  refs: (sa) => {
    const { namespace } = sa.metadata;
    const secrets = [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])];
    return uniqueRefs([...ownerRefs(sa), ...secrets.map((s) => named('uses', 'Secret', s.name, namespace))]);
  },
});
