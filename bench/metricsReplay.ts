/**
 * One metrics.k8s.io poll of a large cluster without waiting 15 s for metrics-server: a real
 * PodMetricsList (`kubectl get --raw /apis/metrics.k8s.io/v1beta1/pods`) answered again for
 * each poll with a new scrape time, through the backend's own KubeMetrics, with one
 * subscriber as the pods view has (its delta serialised as web mode sends it). The figure is
 * the process's CPU per poll: the answer's bytes read as they stream in (as the socket hands
 * them on, 16 kB at a time), the histories, the page's rows.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { KubeRequest } from '../electron/core/kube/connection/clusterClient';
import { KubeMetrics } from '../electron/core/kube/metrics/kubeMetrics';
import { SPARK_POINTS } from '../shared/kube/summary';
import { restampedMetrics } from './protobufFrames';
import { median } from './report';

export interface MetricsReplayResult {
  pods: number;
  /** Median over the polls once every sparkline is full. */
  cpuMsPerPoll: number;
  /** The page's delta after such a poll, as JSON. */
  bytesPerPoll: number;
  /** Bytes the pods' histories' arrays hold after the last poll (their slots are full size from the first). */
  historyBytes: number;
  /** What KubeMetrics holds after the last poll, after GC: heap (objects, ids) and arrays. */
  heldBytes: number;
}

/** V8's collector, for figures after it ran: the bench runs without --expose-gc. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function usedAfterGc(gc: () => void): number {
  gc();
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const TIMESTAMP = /"timestamp":"[^"]*"/g;

/** Bytes as a socket hands them on. */
function chunks(body: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < body.length; at += 16_384) out.push(body.subarray(at, at + 16_384));
  return out;
}

/** An hour of polls at 15 s, and a few more: the histories are as big as they get. */
export const HOUR_OF_POLLS = 250;

/**
 * `file` the list as JSON; with `protobufFile`, the same list in protobuf is what each poll
 * answers (as metrics-server answers the app), else the JSON (a server without protobuf).
 */
export async function metricsReplay(
  file: string,
  polls = HOUR_OF_POLLS,
  protobufFile?: string,
): Promise<MetricsReplayResult> {
  const text = readFileSync(file, 'utf8');
  const protobuf = protobufFile ? readFileSync(protobufFile) : undefined;
  const list = JSON.parse(text) as { items?: Array<{ timestamp?: string }> };
  let t = Date.parse(list.items?.[0]?.timestamp ?? '') || Date.now();
  // The next poll's answer, every pod scraped again: made before the poll, outside its CPU figure.
  let answer: Buffer[] = [];
  const source = {
    stream(request: KubeRequest, onChunk: (chunk: Buffer) => void): Promise<void> {
      if (!request.path.endsWith('/pods')) onChunk(Buffer.from('{"items":[]}'));
      else for (const chunk of answer) onChunk(chunk);
      return Promise.resolve();
    },
  };
  const gc = collector();
  const usedBefore = usedAfterGc(gc);
  const metrics = new KubeMetrics({ context: 'replay', source, now: () => t });
  let bytesPerPoll = 0;
  const unsubscribe = metrics.subscribeLatest('pods', [], (event) => {
    bytesPerPoll = JSON.stringify({ t: 'event', id: 1, payload: event }).length;
  });
  const costs: number[] = [];
  let historyBytes: number;
  let heldBytes: number;
  try {
    for (let i = 0; i < polls; i++) {
      t += 15_000;
      answer = chunks(
        protobuf
          ? restampedMetrics(protobuf, Math.round(t / 1000))
          : Buffer.from(text.replace(TIMESTAMP, `"timestamp":"${new Date(t).toISOString()}"`)),
      );
      const before = cpuMs();
      await metrics.pollOnce();
      if (i >= SPARK_POINTS) costs.push(cpuMs() - before);
    }
    historyBytes = metrics.footprint().bytes;
    answer = [];
    heldBytes = usedAfterGc(gc) - usedBefore;
  } finally {
    unsubscribe();
    metrics.dispose();
  }
  return { pods: list.items?.length ?? 0, cpuMsPerPoll: median(costs), bytesPerPoll, historyBytes, heldBytes };
}
