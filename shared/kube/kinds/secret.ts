import { defineKind } from '../kind';
import type { KubeObject } from '../object';
import { named, ownerRefs, uniqueRefs } from './refs';

interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

// Rows carry the type and the number of keys, never a value: rows go to every view.
export const secrets = defineKind<Secret>({
  kind: 'Secret',
  group: '',
  version: 'v1',
  plural: 'secrets',
  namespaced: true,
  category: 'Config',
  help: 'Passwords, tokens and keys for pods, kept apart from other settings; values are shown only when you reveal them.',
  columns: [
    { id: 'type', label: 'Type', mono: true },
    { id: 'data', label: 'Data', align: 'end', format: 'number', help: 'Number of keys' },
  ],
  cells: (s) => ({ type: s.type ?? 'Opaque', data: Object.keys(s.data ?? {}).length }),
  health: () => ({ level: 'ok' }),
  refs: (s) =>
    uniqueRefs([
      ...ownerRefs(s),
      named(
        'serviceAccount',
        'ServiceAccount',
        s.metadata.annotations?.['kubernetes.io/service-account.name'],
        s.metadata.namespace,
        s.metadata.annotations?.['kubernetes.io/service-account.uid'],
      ),
    ]),
});
