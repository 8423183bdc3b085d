import { defineKind } from '../kind';
import type { KubeObject } from '../object';
import { ownerRefs } from './refs';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

// Values stay out of rows: they can be large, and some hold credentials anyway.
export const configMaps = defineKind<ConfigMap>({
  kind: 'ConfigMap',
  group: '',
  version: 'v1',
  plural: 'configmaps',
  namespaced: true,
  category: 'Config',
  help: 'Settings as key-value pairs or files, handed to pods as environment variables or mounted files.',
  columns: [{ id: 'data', label: 'Data', align: 'end', format: 'number', help: 'Number of keys' }],
  cells: (cm) => ({ data: Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length }),
  health: () => ({ level: 'ok' }),
  refs: ownerRefs,
});
