import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { apiEndpoint, clusterClient, Http2Api } from './kubeApi';
import type { KubeTarget } from './peers';

/**
 * Steady pod changes for the change-latency bench: a merge patch of one annotation per change,
 * on pods taken in turn, at a fixed rate, in a worker thread of its own (so the thread that
 * timestamps watch events and rows is not the one busy sending). Over HTTP/2 many patches share
 * one connection; `http1` is the old way (keep-alive HTTP/1.1, up to 64 connections), kept to
 * compare the two.
 */
export interface PatcherInput {
  target: KubeTarget;
  namespace: string;
  names: string[];
  perSecond: number;
  seconds: number;
  /** Patches waiting on the API server at most; past it the schedule falls behind (and says so). */
  maxInFlight: number;
  /** Tells this run's annotation values from any earlier run's. */
  run: string;
  transport: 'http2' | 'http1';
}

/** One change: `value` is the annotation it set; times are epoch ms (performance.timeOrigin + now). */
export interface PatchRecord {
  value: string;
  pod: string;
  sentAt: number;
  answeredAt: number;
  /** The HTTP status, 0 when no answer came. */
  status: number;
}

export interface PatcherResult {
  patches: PatchRecord[];
  /** The most patches the schedule was ever behind (the in-flight bound reached). */
  behindMax: number;
}

export const CHANGE_ANNOTATION = 'berth.dev/bench-change';

type PatcherMessage =
  | { type: 'patches'; patches: PatchRecord[] }
  | { type: 'done'; behindMax: number }
  | { type: 'error'; message: string };

const epochNow = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the patcher in a worker thread; resolves when every patch has answered or failed. */
export function runPatcher(input: PatcherInput): Promise<PatcherResult> {
  const url = new URL(import.meta.url).href;
  // tsx does not load TypeScript in workers by itself (Node 20): the worker imports this file through it.
  const worker = new Worker(
    `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(url)}, ${JSON.stringify(url)}))`,
    { eval: true, workerData: { podPatcher: input } },
  );
  const patches: PatchRecord[] = [];
  return new Promise((resolve, reject) => {
    worker.on('message', (message: PatcherMessage) => {
      if (message.type === 'patches') patches.push(...message.patches);
      else if (message.type === 'done') {
        resolve({ patches, behindMax: message.behindMax });
        void worker.terminate();
      } else {
        reject(new Error(`pod patcher: ${message.message}`));
        void worker.terminate();
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`pod patcher exited with ${code}`)));
  });
}

async function work(input: PatcherInput): Promise<void> {
  const port = parentPort!;
  const send = await sender(input);
  const total = Math.round(input.perSecond * input.seconds);
  let batch: PatchRecord[] = [];
  const flush = setInterval(() => {
    if (batch.length) port.postMessage({ type: 'patches', patches: batch } satisfies PatcherMessage);
    batch = [];
  }, 100);
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let behindMax = 0;
  const started = performance.now();
  // Open loop at the asked rate, for the asked time: what the server cannot take is left unsent.
  while (sent < total && performance.now() - started < input.seconds * 1000) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * input.perSecond) + 1);
    while (sent < due && inFlight.size < input.maxInFlight) {
      const pod = input.names[sent % input.names.length]!;
      const value = `${input.run}-${sent}`;
      const record: PatchRecord = { value, pod, sentAt: epochNow(), answeredAt: NaN, status: 0 };
      const request = send(pod, value).then(
        (status) => {
          record.answeredAt = epochNow();
          record.status = status;
        },
        () => {
          record.answeredAt = epochNow();
        },
      );
      const tracked: Promise<void> = request.finally(() => {
        inFlight.delete(tracked);
        batch.push(record);
      });
      inFlight.add(tracked);
      sent += 1;
    }
    behindMax = Math.max(behindMax, due - sent);
    await sleep(1);
  }
  await Promise.all(inFlight);
  clearInterval(flush);
  port.postMessage({ type: 'patches', patches: batch } satisfies PatcherMessage);
  port.postMessage({ type: 'done', behindMax } satisfies PatcherMessage);
}

/** A function that sends one change and resolves with the answer's HTTP status. */
async function sender(input: PatcherInput): Promise<(pod: string, value: string) => Promise<number>> {
  const path = (pod: string) => `/api/v1/namespaces/${input.namespace}/pods/${pod}`;
  // A value never sent before: a patch that changes nothing sends no watch event.
  const body = (value: string) => ({ metadata: { annotations: { [CHANGE_ANNOTATION]: value } } });
  if (input.transport === 'http1') {
    const client = clusterClient(input.target);
    return (pod, value) =>
      client.json({ method: 'PATCH', path: path(pod), body: body(value) }).then(
        () => 200,
        (error: unknown) => (error as { statusCode?: number }).statusCode ?? Promise.reject(error),
      );
  }
  const api = await Http2Api.connect(await apiEndpoint(input.target));
  return async (pod, value) =>
    (await api.request('PATCH', path(pod), body(value), 'application/merge-patch+json')).status;
}

if (!isMainThread && (workerData as { podPatcher?: PatcherInput } | null)?.podPatcher) {
  work((workerData as { podPatcher: PatcherInput }).podPatcher).catch((error: unknown) =>
    parentPort!.postMessage({ type: 'error', message: String(error) } satisfies PatcherMessage),
  );
}
