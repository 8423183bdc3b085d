import { defineKind } from '../kind';
import type { KubeObject } from '../object';
import { named, ownerRefs, uniqueRefs } from './refs';
import { formatAccessModes, storageClassOf } from './volumes';

interface PersistentVolumeClaim extends KubeObject {
  spec?: {
    volumeName?: string;
    storageClassName?: string;
    volumeAttributesClassName?: string;
    volumeMode?: string;
    resources?: { requests?: { storage?: string } };
  };
  status?: { phase?: string; capacity?: { storage?: string }; accessModes?: string[] };
}

export const persistentVolumeClaims = defineKind<PersistentVolumeClaim>({
  kind: 'PersistentVolumeClaim',
  group: '',
  version: 'v1',
  plural: 'persistentvolumeclaims',
  namespaced: true,
  category: 'Storage',
  help: 'A request for storage by a pod: a size and access mode, bound to a PersistentVolume that provides it.',
  columns: [
    { id: 'status', label: 'Status' },
    { id: 'volume', label: 'Volume', mono: true },
    { id: 'capacity', label: 'Capacity', align: 'end' },
    {
      id: 'accessModes',
      label: 'Access modes',
      help: 'RWO: one node reads and writes; ROX: many read; RWX: many write; RWOP: one pod',
    },
    { id: 'storageClass', label: 'Storage class' },
    { id: 'volumeAttributesClass', label: 'Volume attributes class' },
    { id: 'volumeMode', label: 'Volume mode', wide: true },
  ],
  cells: (pvc) => {
    const bound = !!pvc.spec?.volumeName;
    return {
      status: pvc.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? null),
      volume: pvc.spec?.volumeName ?? null,
      // Until bound, the claim has no capacity of its own: kubectl leaves it blank too.
      capacity: bound ? (pvc.status?.capacity?.storage ?? null) : null,
      accessModes: bound ? formatAccessModes(pvc.status?.accessModes) : null,
      storageClass: storageClassOf(pvc),
      volumeAttributesClass: pvc.spec?.volumeAttributesClassName ?? null,
      volumeMode: pvc.spec?.volumeMode ?? null,
      requested: pvc.spec?.resources?.requests?.storage ?? null,
    };
  },
  health: (pvc) => {
    if (pvc.metadata.deletionTimestamp) return { level: 'warning', reason: 'Terminating: still used by a pod' };
    switch (pvc.status?.phase) {
      case 'Bound':
        return { level: 'ok', reason: `Bound to ${pvc.spec?.volumeName ?? 'a volume'}` };
      case 'Pending': {
        const cls = storageClassOf(pvc);
        return { level: 'warning', reason: `Pending: waiting for a volume${cls ? ` of class ${cls}` : ''}` };
      }
      case 'Lost':
        return { level: 'failing', reason: `Lost: its volume ${pvc.spec?.volumeName ?? ''} no longer exists` };
      default:
        return { level: 'unknown', reason: pvc.status?.phase ?? 'No status reported yet' };
    }
  },
  refs: (pvc) =>
    uniqueRefs([
      ...ownerRefs(pvc),
      named('uses', 'PersistentVolume', pvc.spec?.volumeName),
      named('class', 'StorageClass', storageClassOf(pvc)),
    ]),
});
