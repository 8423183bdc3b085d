import { z } from 'zod';
import type { CollectionEvent, SeriesEvent } from '../collection';
import type { KindInfo, KindStatus, KubeEventRow, KubeObjectDetails, KubeRow, KubeUsagePoint } from '../kube/types';
import type { KubeContextSummary, KubeMetricsEvent, MetricsAvailability } from '../kube/summary';
import { assertSameKeys, type MethodSchemas, type SameKeys, type TopicSchemas } from './define';

export const context = z.string().min(1).max(512);
/** `pods`, `deployments.apps`, `widgets.example.com`: ends up in URL paths, so nothing else passes. */
export const kind = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a kind key such as pods or deployments.apps');
export const namespace = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a namespace name');
/** Object names (DNS subdomains, and the ':' of RBAC names); never a path segment such as '..'. */
export const name = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, 'must be an object name');
export const uid = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9-]+$/, 'must be a uid');
/** One object of a context: namespaced kinds name their namespace. */
export const kubeObjectRef = z.strictObject({ context, kind, namespace: namespace.optional(), name });

export const kubeMethods = {
  /**
   * The whole object, for the details panel. Secret and ConfigMap values stay in the main
   * process unless `reveal` is set (the user asked to see them).
   */
  'kube.object.get': z.strictObject({
    context,
    kind,
    namespace: namespace.optional(),
    name,
    reveal: z.boolean().default(false),
  }),
} satisfies MethodSchemas;

export interface KubeMethodResults {
  'kube.object.get': KubeObjectDetails;
}

export const kubeTopics = {
  /**
   * The kinds this context serves: Berth's declared kinds, then whatever discovery lists (custom
   * resources too). The list now, then again when it changes (a CRD installed or removed).
   */
  'kube.kinds': z.strictObject({ context }),
  /** Slim rows of one kind in one context; `namespaces` empty means all namespaces. */
  'kube.resources': z.strictObject({
    context,
    kind,
    namespaces: z.array(namespace).max(100).default([]),
  }),
  /** How the watch behind `kube.resources` is doing (listing, live, stale, not allowed…). */
  'kube.kind.status': z.strictObject({ context, kind }),
  /** Events about one object, found by the involved object's uid. */
  'kube.object.events': z.strictObject({ context, uid }),
  /** Latest CPU and memory of every node or pod (metrics.k8s.io) with a short sparkline; then only new samples. */
  'kube.metrics.latest': z.strictObject({
    context,
    target: z.enum(['nodes', 'pods']),
    namespaces: z.array(namespace).max(100).default([]),
  }),
  /**
   * Whether the context's metrics.k8s.io is there, allowed, or failing: why a table has no
   * usage. The current value, then each change.
   */
  'kube.metrics.availability': z.strictObject({ context }),
  /** CPU and memory over time of a node, a pod, or the whole cluster (no name): history first. */
  'kube.metrics.series': z.strictObject({
    context,
    target: z.enum(['cluster', 'node', 'pod']),
    namespace: namespace.optional(),
    name: name.optional(),
  }),
  /** The Overview card of a context: nodes, pods by phase, latest warnings, usage availability. */
  'kube.context.summary': z.strictObject({ context }),
} satisfies TopicSchemas;

export interface KubeTopicPayloads {
  'kube.kinds': KindInfo[];
  'kube.resources': CollectionEvent<KubeRow>;
  'kube.kind.status': KindStatus;
  'kube.object.events': CollectionEvent<KubeEventRow>;
  'kube.metrics.latest': KubeMetricsEvent;
  'kube.metrics.availability': MetricsAvailability;
  'kube.metrics.series': SeriesEvent<KubeUsagePoint>;
  'kube.context.summary': KubeContextSummary;
}

assertSameKeys<SameKeys<typeof kubeMethods, KubeMethodResults>>();
assertSameKeys<SameKeys<typeof kubeTopics, KubeTopicPayloads>>();
