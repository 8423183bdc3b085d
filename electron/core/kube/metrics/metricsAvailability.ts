import type { MetricsAvailability } from '../../../../shared/kube/summary';
import { describeKubeError } from '../kubeErrors';

/** How one request to metrics.k8s.io went. */
export type MetricsOutcome = { state: 'ok' } | { state: 'missing' | 'forbidden' | 'error'; message: string };

function statusOf(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** A failed request to the metrics API → missing (404/503), forbidden (403), or another error. */
export function classifyMetricsError(
  error: unknown,
  what: string,
  context: string,
  server: string | undefined,
): MetricsOutcome {
  const status = statusOf(error);
  if (status === 404) {
    return {
      state: 'missing',
      message: `The metrics API (metrics-server) is not installed in “${context}”: CPU and memory are not shown.`,
    };
  }
  if (status === 503) {
    return {
      state: 'missing',
      message: `The metrics API (metrics-server) of “${context}” is not installed or not answering: CPU and memory are not shown.`,
    };
  }
  if (status === 403) {
    return { state: 'forbidden', message: `You may not read ${what} in “${context}”.` };
  }
  return { state: 'error', message: describeKubeError(error, context, server).message };
}

/**
 * The context's availability from its two requests, said once for the whole context: a
 * missing API first, then an error, then what is forbidden (and what is shown instead).
 */
export function combineAvailability(
  nodes: MetricsOutcome,
  pods: MetricsOutcome,
  podsFallback?: { namespace: string; outcome: MetricsOutcome },
): MetricsAvailability {
  const all = [nodes, pods, ...(podsFallback ? [podsFallback.outcome] : [])];
  for (const state of ['missing', 'error'] as const) {
    const found = all.find((o) => o.state === state);
    if (found && found.state !== 'ok') return { state, message: found.message };
  }
  const forbidden = [nodes, pods].filter((o): o is Exclude<MetricsOutcome, { state: 'ok' }> => o.state === 'forbidden');
  if (forbidden.length === 0) return { state: 'ok' };
  let message = forbidden.map((o) => o.message).join(' ');
  if (podsFallback?.outcome.state === 'ok') {
    message += ` Pod usage is shown for namespace ${podsFallback.namespace} only.`;
  }
  return { state: 'forbidden', message };
}
