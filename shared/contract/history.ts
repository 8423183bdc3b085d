import { z } from 'zod';
import type { DashboardHistory, TimelineHistory } from '../history';
import { assertSameKeys, type MethodSchemas, type SameKeys } from './define';
import { engineId, objectId as containerId } from './docker';
import { context, name, namespace } from './kube';
import { LOG_WORKLOAD_KINDS } from './kubeLogs';

/** From one minute to the six hours history keeps. */
const windowMs = z
  .number()
  .int()
  .min(60_000, 'the window must be at least one minute')
  .max(6 * 60 * 60_000, 'history goes back six hours at most');

/** Kinds that have a timeline: pods and the workloads that own pods (the same that have merged logs). */
export const TIMELINE_KINDS = ['pods', ...LOG_WORKLOAD_KINDS] as const;
export type TimelineKindKey = (typeof TIMELINE_KINDS)[number];

export const historyMethods = {
  /** An engine's dashboard: CPU and memory (total and top containers), containers by state, incidents. */
  'history.engine': z.strictObject({ engineId, windowMs }),
  /** One container's timeline (exits with codes, restarts, OOM kills, health) beside its CPU and memory. */
  'history.container': z.strictObject({ engineId, id: containerId, windowMs }),
  /** A context's dashboard: CPU and memory (cluster and top pods), pods by phase, incidents. */
  'history.context': z.strictObject({ context, windowMs }),
  /** The timeline of a pod or a workload: restarts, OOM kills, probes failing, rollouts and scaling. */
  'history.kube.timeline': z.strictObject({ context, kind: z.enum(TIMELINE_KINDS), namespace, name, windowMs }),
} satisfies MethodSchemas;

export interface HistoryMethodResults {
  'history.engine': DashboardHistory;
  'history.container': TimelineHistory;
  'history.context': DashboardHistory;
  'history.kube.timeline': TimelineHistory;
}

assertSameKeys<SameKeys<typeof historyMethods, HistoryMethodResults>>();
