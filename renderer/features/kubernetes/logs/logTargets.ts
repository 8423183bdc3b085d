/**
 * What the Logs tab of a pod or a workload can show: its containers (init and ephemeral
 * ones labelled as such), whether a container has a previous run to read, and which one
 * to show first. Pure: read from the object the details panel already has.
 */
import { LOG_WORKLOAD_KINDS, type LogWorkloadKind } from '../../../../shared/contract/kubeLogs';
import type { Container, PodTemplate } from '../../../../shared/kube/kinds/podSpec';
import type { ContainerStatus, Pod } from '../../../../shared/kube/kinds/podStatus';
import type { KubeObject } from '../../../../shared/kube/object';

/** The whole object as `kube.object.get` returns it. */
export type ObjectJson = Record<string, unknown>;

export type ContainerRole = 'container' | 'init' | 'ephemeral';

export interface LogContainer {
  name: string;
  role: ContainerRole;
  restarts: number;
  /** It restarted, or its last run terminated: there is a previous log to read. */
  hasPrevious: boolean;
}

const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

type PodObject = Pod & { status?: { ephemeralContainerStatuses?: ContainerStatus[] } };

export function isLogWorkloadKind(kind: string): kind is LogWorkloadKind {
  return (LOG_WORKLOAD_KINDS as readonly string[]).includes(kind);
}

/** Whether a kind's details have a Logs tab. */
export function hasLogs(kind: string): boolean {
  return kind === 'pods' || isLogWorkloadKind(kind);
}

/** A pod's containers in the order kubectl lists them: regular, then init, then ephemeral. */
export function podLogContainers(object: ObjectJson | null): LogContainer[] {
  if (!object) return [];
  const pod = object as unknown as PodObject;
  const status = pod.status ?? {};
  const groups: Array<[ContainerRole, Container[] | undefined, ContainerStatus[] | undefined]> = [
    ['container', pod.spec?.containers, status.containerStatuses],
    ['init', pod.spec?.initContainers, status.initContainerStatuses],
    ['ephemeral', pod.spec?.ephemeralContainers, status.ephemeralContainerStatuses],
  ];
  const out: LogContainer[] = [];
  for (const [role, containers, statuses] of groups) {
    for (const c of containers ?? []) {
      if (typeof c?.name !== 'string') continue;
      const s = statuses?.find((x) => x.name === c.name);
      const restarts = typeof s?.restartCount === 'number' ? s.restartCount : 0;
      out.push({ name: c.name, role, restarts, hasPrevious: restarts > 0 || Boolean(s?.lastState?.terminated) });
    }
  }
  return out;
}

/** The container shown first: the one the pod names as its default (as kubectl does), else the first regular one. */
export function defaultLogContainer(object: ObjectJson | null, containers: readonly LogContainer[]): string | null {
  const named = (object as KubeObject | null)?.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (named && containers.some((c) => c.name === named)) return named;
  return (containers.find((c) => c.role === 'container') ?? containers[0])?.name ?? null;
}

/** The container names of a workload's pod template. */
export function templateContainers(object: ObjectJson | null): string[] {
  const template = (object?.spec as { template?: PodTemplate } | undefined)?.template;
  return (template?.spec?.containers ?? []).map((c) => c.name).filter((name) => typeof name === 'string');
}

export function roleLabel(role: ContainerRole): string {
  return role === 'init' ? 'init container' : role === 'ephemeral' ? 'ephemeral container' : 'container';
}
