/**
 * metrics.k8s.io polled live from the cluster's own metrics-server, by two pollers in one
 * process taking turns: the app's (protobuf asked for) and one that asks for JSON only. The
 * figure is the process's CPU per poll, the bytes' receiving included (which the replay
 * leaves out), with one subscriber to the pods' latest usage as the pods view has.
 */
import type { KubeRequest } from '../electron/core/kube/connection/clusterClient';
import { KubeMetrics } from '../electron/core/kube/metrics/kubeMetrics';
import type { MetricsSource } from '../electron/core/kube/metrics/metricsApi';
import { clusterClient } from './kubeApi';
import type { KubeTarget } from './peers';
import { median } from './report';

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function metricsLive(
  target: KubeTarget,
  polls: number,
): Promise<{ protobufMsPerPoll: number; jsonMsPerPoll: number }> {
  const client = clusterClient(target);
  const source = (json: boolean): MetricsSource => ({
    stream: (request: KubeRequest, onChunk, signal, begin) =>
      client.stream(json ? { ...request, accept: 'application/json' } : request, onChunk, signal, begin),
  });
  const pollers = {
    protobuf: new KubeMetrics({ context: target.context, source: source(false) }),
    json: new KubeMetrics({ context: target.context, source: source(true) }),
  };
  const stops = Object.values(pollers).map((m) => m.subscribeLatest('pods', [], (event) => JSON.stringify(event)));
  const costs = { protobuf: [] as number[], json: [] as number[] };
  try {
    // The first polls warm the code up and fill each pod's series; then turn about, each first in every other round.
    for (let i = 0; i < polls + 3; i++) {
      for (const which of i % 2 ? (['json', 'protobuf'] as const) : (['protobuf', 'json'] as const)) {
        const before = cpuMs();
        await pollers[which].pollOnce();
        if (i >= 3) costs[which].push(cpuMs() - before);
        await sleep(500);
      }
    }
  } finally {
    for (const stop of stops) stop();
    for (const m of Object.values(pollers)) m.dispose();
    client.dispose();
  }
  return { protobufMsPerPoll: median(costs.protobuf), jsonMsPerPoll: median(costs.json) };
}
