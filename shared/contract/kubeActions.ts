import { z } from 'zod';
import type { AppState } from '../app';
import { KUBE_ACTIONS, type ActionPermission, type DrainProgress, type KubeActionName } from '../kube/actions';
import { assertSameKeys, type MethodSchemas, type SameKeys, type TopicSchemas } from './define';
import { context, kind, name, namespace, uid } from './kube';

const resourceVersion = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[0-9A-Za-z-]+$/, 'must be a resourceVersion');

/** Every write names the object as the user saw it: a replaced object of the same name is refused. */
const target = { context, kind, namespace: namespace.optional(), name, uid, resourceVersion };

const drainId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'must be a drain id');

export const kubeActionMethods = {
  /** Deletes one object (propagation Background), only if its uid and resourceVersion are the ones seen. */
  'kube.object.delete': z.strictObject(target),
  /** Sets the replicas of a Deployment, StatefulSet or ReplicaSet through its scale subresource. */
  'kube.object.scale': z.strictObject({ ...target, replicas: z.number().int().min(0).max(10_000) }),
  /** Replaces every pod of a Deployment, StatefulSet or DaemonSet, as `kubectl rollout restart`. */
  'kube.object.restart': z.strictObject(target),
  /** Marks a Node unschedulable (cordon) or schedulable again (uncordon). */
  'kube.node.cordon': z.strictObject({ ...target, unschedulable: z.boolean() }),
  /** Suspends or resumes a CronJob. */
  'kube.cronjob.suspend': z.strictObject({ ...target, suspend: z.boolean() }),
  /** Starts a Job from a CronJob's template now (`<cronjob>-manual-<n>`, owned by the CronJob). */
  'kube.cronjob.trigger': z.strictObject(target),
  /** Cordons a Node, then evicts its pods (PodDisruptionBudgets respected); progress on `kube.drain.progress`. */
  'kube.node.drain': z.strictObject(target),
  /** Stops a drain: pods not yet evicted stay, the Node stays cordoned. */
  'kube.drain.cancel': z.strictObject({ id: drainId }),
  /**
   * Which of `actions` the user may run on objects of `kind` in `namespace` of `context`:
   * one SelfSubjectAccessReview per API request an action needs, cached per context.
   */
  'kube.permissions': z.strictObject({
    context,
    kind,
    namespace: namespace.optional(),
    actions: z
      .array(z.enum(KUBE_ACTIONS as [KubeActionName, ...KubeActionName[]]))
      .min(1)
      .max(KUBE_ACTIONS.length),
  }),
  /** Marks a context read-only in Berth: every write to it is refused, whatever the cluster allows. */
  'kube.context.readOnly': z.strictObject({ name: z.string().min(1).max(512), readOnly: z.boolean() }),
} satisfies MethodSchemas;

export interface KubeActionMethodResults {
  'kube.object.delete': { message: string };
  'kube.object.scale': { message: string };
  'kube.object.restart': { message: string };
  'kube.node.cordon': { message: string };
  'kube.cronjob.suspend': { message: string };
  'kube.cronjob.trigger': { message: string; job: string };
  'kube.node.drain': { id: string };
  'kube.drain.cancel': { ok: true };
  'kube.permissions': Partial<Record<KubeActionName, ActionPermission>>;
  'kube.context.readOnly': AppState;
}

export const kubeActionTopics = {
  /** A drain's progress, whole on every change, until it is done, failed or cancelled. */
  'kube.drain.progress': z.strictObject({ id: drainId }),
} satisfies TopicSchemas;

export interface KubeActionTopicPayloads {
  'kube.drain.progress': DrainProgress;
}

assertSameKeys<SameKeys<typeof kubeActionMethods, KubeActionMethodResults>>();
assertSameKeys<SameKeys<typeof kubeActionTopics, KubeActionTopicPayloads>>();
