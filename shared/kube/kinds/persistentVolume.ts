import { defineKind } from '../kind';
import type { KubeObject } from '../object';
import { named, ownerRefs, uniqueRefs } from './refs';
import { formatAccessModes, storageClassOf } from './volumes';

interface PersistentVolume extends KubeObject {
  spec?: {
    capacity?: { storage?: string };
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    storageClassName?: string;
    volumeAttributesClassName?: string;
    volumeMode?: string;
    claimRef?: { namespace?: string; name?: string; uid?: string };
  };
  status?: { phase?: string; reason?: string; message?: string };
}

/** `namespace/name` of the claim it is bound (or reserved) to. */
function claimOf(pv: PersistentVolume): string | null {
  const claim = pv.spec?.claimRef;
  return claim?.name ? `${claim.namespace ?? ''}/${claim.name}` : null;
}

export const persistentVolumes = defineKind<PersistentVolume>({
  kind: 'PersistentVolume',
  group: '',
  version: 'v1',
  plural: 'persistentvolumes',
  namespaced: false,
  category: 'Storage',
  help: 'A piece of storage in the cluster (a disk, a network share), made by hand or by a provisioner, bound to one claim.',
  columns: [
    { id: 'capacity', label: 'Capacity', align: 'end' },
    { id: 'accessModes', label: 'Access modes' },
    { id: 'reclaimPolicy', label: 'Reclaim policy', help: 'What happens to the storage when its claim is deleted' },
    { id: 'status', label: 'Status' },
    { id: 'claim', label: 'Claim', mono: true },
    { id: 'storageClass', label: 'Storage class' },
    { id: 'volumeAttributesClass', label: 'Volume attributes class' },
    { id: 'reason', label: 'Reason' },
    { id: 'volumeMode', label: 'Volume mode', wide: true },
  ],
  cells: (pv) => ({
    capacity: pv.spec?.capacity?.storage ?? null,
    accessModes: formatAccessModes(pv.spec?.accessModes),
    reclaimPolicy: pv.spec?.persistentVolumeReclaimPolicy ?? null,
    status: pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? null),
    claim: claimOf(pv),
    storageClass: storageClassOf(pv),
    volumeAttributesClass: pv.spec?.volumeAttributesClassName ?? null,
    reason: pv.status?.reason ?? null,
    volumeMode: pv.spec?.volumeMode ?? null,
  }),
  health: (pv) => {
    const phase = pv.status?.phase;
    const why = pv.status?.message ? `: ${pv.status.message}` : '';
    if (pv.metadata.deletionTimestamp) return { level: 'warning', reason: 'Terminating' };
    switch (phase) {
      case 'Bound':
        return { level: 'ok', reason: `Bound to ${claimOf(pv) ?? 'a claim'}` };
      case 'Available':
        return { level: 'idle', reason: 'Available: no claim uses it yet' };
      case 'Released':
        return { level: 'warning', reason: `Released: its claim was deleted, the data is kept${why}` };
      case 'Failed':
        return { level: 'failing', reason: `Failed${why}` };
      case 'Pending':
        return { level: 'warning', reason: `Pending${why}` };
      default:
        return { level: 'unknown', reason: phase ?? 'No status reported yet' };
    }
  },
  refs: (pv) => {
    const claim = pv.spec?.claimRef;
    return uniqueRefs([
      ...ownerRefs(pv),
      named('class', 'StorageClass', storageClassOf(pv)),
      named('targets', 'PersistentVolumeClaim', claim?.name, claim?.namespace, claim?.uid),
    ]);
  },
});
