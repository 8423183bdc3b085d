import { z } from 'zod';
import type { StreamChunk } from '../collection';
import type { LogLine } from '../logs';
import { assertSameKeys, type SameKeys, type TopicSchemas } from './define';
import { context, name, namespace } from './kube';

/** A container name (a DNS label): it ends up in a query string, so nothing else passes. */
const container = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a container name');

/** Lines from the end of each container's log (the API server's `tailLines`). */
const tailLines = z.number().int().min(1).max(100_000).optional();
/** Only lines newer than this many seconds (the API server's `sinceSeconds`). */
const sinceSeconds = z
  .number()
  .int()
  .min(1)
  .max(366 * 24 * 3600)
  .optional();

/** The kinds whose pods can be followed together, found by the workload's selector. */
export const LOG_WORKLOAD_KINDS = [
  'deployments.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'replicasets.apps',
  'jobs.batch',
] as const;
export type LogWorkloadKind = (typeof LOG_WORKLOAD_KINDS)[number];

/** How many pods one workload stream follows at once by default, and at most. */
export const WORKLOAD_LOG_PODS = { default: 10, max: 20 } as const;

export const kubeLogTopics = {
  /**
   * One container's log, followed (`previous`: the log of its last terminated run, not
   * followed). Ends with a reason when the container exits or the pod is deleted.
   */
  'kube.pod.logs': z.strictObject({
    context,
    namespace,
    pod: name,
    container,
    previous: z.boolean().default(false),
    tailLines,
    sinceSeconds,
  }),
  /**
   * The logs of every pod of a workload in one stream, each line with its pod (and container
   * when the pods have several). Pods that start later join; deleted ones leave. At most
   * `maxPods` are followed at once; a note in the stream says when more are left out.
   */
  'kube.workload.logs': z.strictObject({
    context,
    namespace,
    kind: z.enum(LOG_WORKLOAD_KINDS),
    name,
    /** Only this container of each pod; all of them when absent. */
    container: container.optional(),
    tailLines,
    sinceSeconds,
    maxPods: z.number().int().min(1).max(WORKLOAD_LOG_PODS.max).default(WORKLOAD_LOG_PODS.default),
  }),
} satisfies TopicSchemas;

export interface KubeLogTopicPayloads {
  'kube.pod.logs': StreamChunk<LogLine>;
  'kube.workload.logs': StreamChunk<LogLine>;
}

assertSameKeys<SameKeys<typeof kubeLogTopics, KubeLogTopicPayloads>>();
