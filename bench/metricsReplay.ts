/**
 * One metrics.k8s.io poll of a large cluster without waiting 15 s for metrics-server: a real
 * PodMetricsList (`kubectl get --raw /apis/metrics.k8s.io/v1beta1/pods`) answered again for
 * each poll with a new scrape time, through the backend's own KubeMetrics, with one
 * subscriber as the pods view has (its delta serialised as web mode sends it). The figure is
 * the process's CPU per poll: the answer's JSON.parse, the histories, the page's rows.
 */
import { readFileSync } from 'node:fs';
import type { KubeRequest } from '../electron/core/kube/connection/clusterClient';
import { KubeMetrics } from '../electron/core/kube/metrics/kubeMetrics';
import { SPARK_POINTS } from '../shared/kube/summary';
import { median } from './report';

export interface MetricsReplayResult {
  pods: number;
  /** Median over the polls once every sparkline is full. */
  cpuMsPerPoll: number;
  /** The page's delta after such a poll, as JSON. */
  bytesPerPoll: number;
  /** Bytes the pods' histories hold after the last poll (an hour of polls: all they ever hold). */
  historyBytes: number;
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** An hour of polls at 15 s, and a few more: the histories are as big as they get. */
export const HOUR_OF_POLLS = 250;

export async function metricsReplay(file: string, polls = HOUR_OF_POLLS): Promise<MetricsReplayResult> {
  const text = readFileSync(file, 'utf8');
  const list = JSON.parse(text) as { items?: Array<{ timestamp?: string }> };
  let t = Date.parse(list.items?.[0]?.timestamp ?? '') || Date.now();
  const source = {
    json<T>(request: KubeRequest): Promise<T> {
      if (!request.path.endsWith('/pods')) return Promise.resolve({ items: [] } as T);
      // Parsed per poll, as the client does with each answer; every pod scraped again.
      const answer = JSON.parse(text) as typeof list;
      const scraped = new Date(t).toISOString();
      for (const item of answer.items ?? []) item.timestamp = scraped;
      return Promise.resolve(answer as T);
    },
  };
  const metrics = new KubeMetrics({ context: 'replay', source, now: () => t });
  let bytesPerPoll = 0;
  const unsubscribe = metrics.subscribeLatest('pods', [], (event) => {
    bytesPerPoll = JSON.stringify({ t: 'event', id: 1, payload: event }).length;
  });
  const costs: number[] = [];
  let historyBytes: number;
  try {
    for (let i = 0; i < polls; i++) {
      t += 15_000;
      const before = cpuMs();
      await metrics.pollOnce();
      if (i >= SPARK_POINTS) costs.push(cpuMs() - before);
    }
    historyBytes = metrics.footprint().bytes;
  } finally {
    unsubscribe();
    metrics.dispose();
  }
  return { pods: list.items?.length ?? 0, cpuMsPerPoll: median(costs), bytesPerPoll, historyBytes };
}
