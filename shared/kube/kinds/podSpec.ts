import type { LabelSelector } from '../object';
import type { KindColumn, KubeRef } from '../types';
import { named, uniqueRefs } from './refs';
import { formatSelector } from './selectors';

/** The parts of a pod spec Berth reads: what runs, where, and which objects it uses. */
interface NameRef {
  name?: string;
}

export interface Container {
  name: string;
  image?: string;
  /** `Always` on an init container makes it a sidecar. */
  restartPolicy?: string;
  env?: Array<{ name: string; valueFrom?: { configMapKeyRef?: NameRef; secretKeyRef?: NameRef } }>;
  envFrom?: Array<{ configMapRef?: NameRef; secretRef?: NameRef }>;
}

export interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName?: string };
  ephemeral?: unknown;
  configMap?: NameRef;
  secret?: { secretName?: string };
  projected?: { sources?: Array<{ configMap?: NameRef; secret?: NameRef }> };
}

export interface PodSpec {
  nodeName?: string;
  serviceAccountName?: string;
  /** Deprecated alias of serviceAccountName, still sent by old clients. */
  serviceAccount?: string;
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Volume[];
  imagePullSecrets?: NameRef[];
  readinessGates?: Array<{ conditionType: string }>;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec?: PodSpec;
}

function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

/**
 * What a pod spec uses: its ServiceAccount, claims (ephemeral volumes make a claim named
 * `<pod>-<volume>`), ConfigMaps and Secrets from volumes, projected volumes, env, envFrom
 * and image pull secrets.
 */
export function podSpecRefs(spec: PodSpec | undefined, namespace: string | undefined, podName: string): KubeRef[] {
  if (!spec) return [];
  const refs: Array<KubeRef | null> = [
    named('serviceAccount', 'ServiceAccount', spec.serviceAccountName ?? spec.serviceAccount, namespace),
  ];
  const configMap = (name?: string) => refs.push(named('uses', 'ConfigMap', name, namespace));
  const secret = (name?: string) => refs.push(named('uses', 'Secret', name, namespace));
  for (const v of spec.volumes ?? []) {
    refs.push(named('uses', 'PersistentVolumeClaim', v.persistentVolumeClaim?.claimName, namespace));
    if (v.ephemeral) refs.push(named('uses', 'PersistentVolumeClaim', `${podName}-${v.name}`, namespace));
    configMap(v.configMap?.name);
    secret(v.secret?.secretName);
    for (const s of v.projected?.sources ?? []) {
      configMap(s.configMap?.name);
      secret(s.secret?.name);
    }
  }
  for (const c of allContainers(spec)) {
    for (const e of c.env ?? []) {
      configMap(e.valueFrom?.configMapKeyRef?.name);
      secret(e.valueFrom?.secretKeyRef?.name);
    }
    for (const e of c.envFrom ?? []) {
      configMap(e.configMapRef?.name);
      secret(e.secretRef?.name);
    }
  }
  for (const s of spec.imagePullSecrets ?? []) secret(s.name);
  return uniqueRefs(refs);
}

/** The wide columns every workload shows, as `kubectl get -o wide`. */
export const TEMPLATE_COLUMNS: KindColumn[] = [
  { id: 'containers', label: 'Containers', wide: true },
  { id: 'images', label: 'Images', wide: true, mono: true },
  { id: 'selector', label: 'Selector', wide: true, mono: true },
];

export function templateCells(spec: { template?: PodTemplate; selector?: LabelSelector } | undefined) {
  const containers = spec?.template?.spec?.containers ?? [];
  return {
    containers: containers.map((c) => c.name).join(',') || null,
    images: containers.map((c) => c.image ?? '').join(',') || null,
    selector: formatSelector(spec?.selector),
  };
}
