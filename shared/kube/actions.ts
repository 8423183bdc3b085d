/**
 * What a user can do to a Kubernetes object from Berth. Delete applies to every kind; the
 * others are declared per kind (`KindDeclaration.actions`).
 */
export type KubeActionName =
  'delete' | 'scale' | 'restart' | 'cordon' | 'uncordon' | 'drain' | 'suspend' | 'resume' | 'trigger';

export const KUBE_ACTIONS: readonly KubeActionName[] = [
  'delete',
  'scale',
  'restart',
  'cordon',
  'uncordon',
  'drain',
  'suspend',
  'resume',
  'trigger',
];

export const KUBE_ACTION_LABEL: Record<KubeActionName, string> = {
  delete: 'Delete',
  scale: 'Scale',
  restart: 'Restart',
  cordon: 'Cordon',
  uncordon: 'Uncordon',
  drain: 'Drain',
  suspend: 'Suspend',
  resume: 'Resume',
  trigger: 'Run now',
};

/** The object a write acts on, as the user saw it: a replaced object of the same name is never touched. */
export interface KubeTarget {
  context: string;
  /** Kind key: `deployments.apps`, `nodes`. */
  kind: string;
  namespace?: string;
  name: string;
  uid: string;
  resourceVersion: string;
}

/** One API request the action needs, as a SelfSubjectAccessReview asks about it. */
export interface AccessCheck {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  /** Undefined: in every namespace (or a cluster-scoped resource). */
  namespace?: string;
}

/** Whether the user may run an action, and if not why, in words. */
export interface ActionPermission {
  allowed: boolean;
  reason?: string;
}

export type DrainPodState = 'pending' | 'evicting' | 'blocked' | 'evicted' | 'gone' | 'failed';

export interface DrainPod {
  namespace: string;
  name: string;
  state: DrainPodState;
  /** Why it waits or failed: "waiting for PodDisruptionBudget web-pdb (needs 2 healthy pods, has 2)". */
  message?: string;
}

export type DrainState = 'cordoning' | 'evicting' | 'done' | 'cancelled' | 'failed';

/** Where a drain is: resent whole on every change (a drain has few pods). */
export interface DrainProgress {
  id: string;
  context: string;
  node: string;
  state: DrainState;
  /** The outcome or the current step, in words. */
  message: string;
  pods: DrainPod[];
  /** Pods left alone: DaemonSet-owned and mirror pods. */
  skipped: number;
}
