import { performance } from 'node:perf_hooks';
import type { KubeRow } from '../shared/kube/types';
import { ClusterClient } from '../electron/core/kube/connection/clusterClient';
import { staticCredentials } from '../electron/core/kube/connection/contextResolver';
import { loadKubeconfig } from '../electron/core/kube/connection/kubeconfigLoader';
import type { PodsSubscription } from './kubeWebSocket';
import type { KubeTarget } from './peers';

/**
 * A steady stream of pod changes (a merge patch of one annotation per change, spread over
 * every pod in namespace `namespace`) at `perSecond`, while the subscription waits for each
 * change's row: the latency is patch sent → changed row at the WebSocket client.
 */
/** Tells this run's patches from an earlier run's on the same long-lived scale cluster. */
const RUN = `${process.pid}-${Date.now()}`;

export async function changeLatency(
  target: KubeTarget,
  subscription: PodsSubscription,
  options: { perSecond: number; seconds: number; namespace: string },
): Promise<{
  latencies: number[];
  afterAnswer: number[];
  roundTrips: number[];
  sent: number;
  achievedPerSecond: number;
  failed: number;
}> {
  const context = loadKubeconfig([target.kubeconfig]).resolve(target.context);
  if (!context) throw new Error(`no context ${target.context} in ${target.kubeconfig}`);
  const client = new ClusterClient(context, staticCredentials);
  const pods = [...subscription.rows.values()].filter((r) => r.namespace === options.namespace);
  if (!pods.length) throw new Error(`no pods in namespace ${options.namespace} to change`);
  const pending = new Map<string, { sentAt: number; answeredAt?: number; resourceVersion: string }>();
  const latencies: number[] = [];
  const afterAnswer: number[] = [];
  const roundTrips: number[] = [];
  subscription.onUpsert((row: KubeRow, at: number) => {
    const wait = pending.get(row.id);
    if (wait && row.resourceVersion !== wait.resourceVersion) {
      latencies.push(at - wait.sentAt);
      // A row may beat the patch's own answer to us: then Berth's share is nil.
      afterAnswer.push(Math.max(0, at - (wait.answeredAt ?? at)));
      pending.delete(row.id);
    }
  });
  let sent = 0;
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const total = options.perSecond * options.seconds;
  while (sent < total) {
    // Keep to the schedule; when the API server falls behind, at most 200 patches wait on it.
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * options.perSecond));
    while (sent < due && inFlight.size < 200) {
      const pod = pods[sent % pods.length]!;
      if (pending.has(pod.id)) {
        sent += 1;
        continue;
      }
      const change = { sentAt: performance.now(), resourceVersion: pod.resourceVersion } as {
        sentAt: number;
        answeredAt?: number;
        resourceVersion: string;
      };
      pending.set(pod.id, change);
      const request = client
        .json({
          method: 'PATCH',
          path: `/api/v1/namespaces/${pod.namespace}/pods/${pod.name}`,
          // A value never sent before: a patch that changes nothing sends no watch event.
          body: { metadata: { annotations: { 'berth.dev/bench-change': `${RUN}-${sent}` } } },
        })
        .then(
          () => {
            change.answeredAt = performance.now();
            roundTrips.push(change.answeredAt - change.sentAt);
          },
          () => {
            failed += 1;
            pending.delete(pod.id);
          },
        )
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
      sent += 1;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(inFlight);
  const achievedPerSecond = sent / ((performance.now() - started) / 1000);
  // The last changes' rows need a batch window or two to arrive.
  for (let i = 0; i < 100 && pending.size; i++) await new Promise((r) => setTimeout(r, 50));
  subscription.onUpsert(undefined);
  client.dispose();
  return { latencies, afterAnswer, roundTrips, sent, achievedPerSecond, failed: failed + pending.size };
}
