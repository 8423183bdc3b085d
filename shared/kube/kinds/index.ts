import { kindKey, type KindDeclaration } from '../kind';
import { configMaps } from './configMap';
import { cronJobs } from './cronJob';
import { daemonSets } from './daemonSet';
import { deployments } from './deployment';
import { endpointSlices } from './endpointSlice';
import { events } from './event';
import { horizontalPodAutoscalers } from './horizontalPodAutoscaler';
import { ingresses } from './ingress';
import { ingressClasses } from './ingressClass';
import { jobs } from './job';
import { namespaces } from './namespace';
import { nodes } from './node';
import { persistentVolumes } from './persistentVolume';
import { persistentVolumeClaims } from './persistentVolumeClaim';
import { podDisruptionBudgets } from './podDisruptionBudget';
import { pods } from './pod';
import { replicaSets } from './replicaSet';
import { secrets } from './secret';
import { serviceAccounts } from './serviceAccount';
import { services } from './service';
import { statefulSets } from './statefulSet';
import { storageClasses } from './storageClass';

/** The kinds Berth declares, in the picker's order: by category, then most used first. */
export const BUILTIN_KINDS: readonly KindDeclaration[] = [
  pods,
  deployments,
  replicaSets,
  statefulSets,
  daemonSets,
  jobs,
  cronJobs,
  services,
  endpointSlices,
  ingresses,
  ingressClasses,
  configMaps,
  secrets,
  horizontalPodAutoscalers,
  podDisruptionBudgets,
  serviceAccounts,
  persistentVolumeClaims,
  persistentVolumes,
  storageClasses,
  nodes,
  namespaces,
  events,
];

const byKey = new Map(BUILTIN_KINDS.map((k) => [kindKey(k), k]));
const byKind = new Map(BUILTIN_KINDS.map((k) => [k.kind, k]));

/** By kind key: `pods`, `deployments.apps`. */
export function builtinKind(key: string): KindDeclaration | undefined {
  return byKey.get(key);
}

/** By kind name as objects and references carry it: `Pod`, `Deployment`. */
export function builtinKindByKind(kind: string): KindDeclaration | undefined {
  return byKind.get(kind);
}
