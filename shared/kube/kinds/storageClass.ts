import { defineKind } from '../kind';
import type { KubeObject } from '../object';
import { ownerRefs } from './refs';

interface StorageClass extends KubeObject {
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
}

export const storageClasses = defineKind<StorageClass>({
  kind: 'StorageClass',
  group: 'storage.k8s.io',
  version: 'v1',
  plural: 'storageclasses',
  namespaced: false,
  category: 'Storage',
  help: 'A kind of storage claims can ask for (fast SSD, network share): which provisioner makes the volumes and how.',
  columns: [
    { id: 'provisioner', label: 'Provisioner', mono: true },
    { id: 'reclaimPolicy', label: 'Reclaim policy' },
    {
      id: 'volumeBindingMode',
      label: 'Volume binding mode',
      help: 'Immediate, or WaitForFirstConsumer: bind once a pod using the claim is scheduled',
    },
    { id: 'allowVolumeExpansion', label: 'Allow volume expansion' },
  ],
  cells: (sc) => ({
    provisioner: sc.provisioner ?? null,
    // The API server's defaults, so a class shows what it does even when the field was left out.
    reclaimPolicy: sc.reclaimPolicy ?? 'Delete',
    volumeBindingMode: sc.volumeBindingMode ?? 'Immediate',
    allowVolumeExpansion: sc.allowVolumeExpansion ?? false,
    default:
      sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ||
      sc.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true',
  }),
  health: () => ({ level: 'ok' }),
  refs: ownerRefs,
});
