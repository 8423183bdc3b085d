import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { KubeRow } from '../shared/kube/types';
import { LineSplitter } from '../electron/core/streams/lineSplitter';
import { apiEndpoint, clusterPids, Http2Api } from './kubeApi';
import { procUsage } from './figures';
import type { PodsSubscription } from './kubeWebSocket';
import type { KubeTarget } from './peers';
import { CHANGE_ANNOTATION, runPatcher, type PatcherInput, type PatchRecord } from './podPatcher';

/**
 * Steady pod changes (podPatcher.ts) timed three ways, each change followed by its annotation
 * value:
 *   patch sent → the event at the bench's own watch of the same pods: the API server's share;
 *   that event → the changed row at Berth's WebSocket: Berth's share (both watches hear the
 *   API server at the same moment, so this is what Berth adds);
 *   patch sent → the row: end to end, which on a busy machine is mostly the API server.
 * Optionally also → on screen, from a page that reports when a row's new version is in its DOM.
 */
export interface ChangeLatency {
  perSecond: number;
  transport: PatcherInput['transport'];
  /** Patches sent and answered 2xx, and the rate they were answered at over the run. */
  sent: number;
  ok: number;
  achievedPerSecond: number;
  behindMax: number;
  roundTrips: number[];
  /** Patch sent → the event at the bench's watch. */
  apiShare: number[];
  /** The bench's watch event → the row at Berth's WebSocket. */
  berthShare: number[];
  /** Patch sent → the row at Berth's WebSocket. */
  endToEnd: number[];
  /** The bench's watch event → the row's new version on screen (when a screen was given). */
  toScreen: number[];
  /** Changes answered 2xx whose event the bench's watch never saw, or whose row never came. */
  noEvent: number;
  noRow: number;
  /** CPU of the cluster's processes over the run, in cores (apiserver, etcd), when found on this machine. */
  clusterCpu: Record<string, number>;
}

/** A page (or anything) that says when a pod's row shows a version: `(uid, resourceVersion, epoch ms)`. */
export interface ScreenWatch {
  onRow(listener: ((uid: string, resourceVersion: string, at: number) => void) | undefined): void;
}

interface WatchSeen {
  uid: string;
  resourceVersion: bigint;
  at: number;
}

/**
 * Patches waiting on the API server at most. On this machine it answers about as many patches
 * one at a time as many at once (it is short of CPU, not of connections); more in flight only
 * wait in its queue, and that wait would be counted as latency of the change.
 */
export const DEFAULT_IN_FLIGHT = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const epoch = (at: number): number => performance.timeOrigin + at;

export async function changeLatency(
  target: KubeTarget,
  subscription: PodsSubscription,
  options: {
    perSecond: number;
    seconds: number;
    namespace: string;
    transport?: PatcherInput['transport'];
    maxInFlight?: number;
    screen?: ScreenWatch;
  },
): Promise<ChangeLatency> {
  const names = podNames(subscription, options.namespace);
  const run = `${process.pid}-${Date.now()}`;
  const transport = options.transport ?? 'http2';

  const seen = new Map<string, WatchSeen>();
  const watch = await watchChanges(target, options.namespace, `${run}-`, seen);
  const rowsAt = new Map<string, Array<{ resourceVersion: bigint; at: number }>>();
  const screenAt = new Map<string, Array<{ resourceVersion: bigint; at: number }>>();
  const record = (into: typeof rowsAt, uid: string, resourceVersion: string, at: number): void => {
    const list = into.get(uid);
    const entry = { resourceVersion: BigInt(resourceVersion || '0'), at };
    if (list) list.push(entry);
    else into.set(uid, [entry]);
  };
  subscription.onUpsert((row: KubeRow, at: number) => record(rowsAt, row.id, row.resourceVersion, epoch(at)));
  options.screen?.onRow((uid, resourceVersion, at) => record(screenAt, uid, resourceVersion, at));

  const cpu = clusterCpu(watch.href);
  let result;
  try {
    result = await runPatcher({
      target,
      namespace: options.namespace,
      names,
      perSecond: options.perSecond,
      seconds: options.seconds,
      maxInFlight: options.maxInFlight ?? DEFAULT_IN_FLIGHT,
      run,
      transport,
    });
  } catch (error) {
    watch.stop();
    throw error;
  }
  const clusterCores = cpu();
  const ok = result.patches.filter((p) => p.status >= 200 && p.status < 300);
  // The last changes' events and rows need a moment (a batch window or two) to arrive.
  const arrived = (): boolean =>
    ok.every((p) => {
      const event = seen.get(p.value);
      return (
        event &&
        firstAtOrAfter(rowsAt.get(event.uid), event.resourceVersion) !== undefined &&
        (!options.screen || firstAtOrAfter(screenAt.get(event.uid), event.resourceVersion) !== undefined)
      );
    });
  for (let waited = 0; waited < 10_000 && !arrived(); waited += 50) await sleep(50);
  subscription.onUpsert(undefined);
  options.screen?.onRow(undefined);
  watch.stop();

  const out: ChangeLatency = {
    perSecond: options.perSecond,
    transport,
    sent: result.patches.length,
    ok: ok.length,
    achievedPerSecond: NaN,
    behindMax: result.behindMax,
    roundTrips: ok.map((p) => p.answeredAt - p.sentAt),
    apiShare: [],
    berthShare: [],
    endToEnd: [],
    toScreen: [],
    noEvent: 0,
    noRow: 0,
    clusterCpu: clusterCores,
  };
  out.achievedPerSecond = answeredPerSecond(ok);
  for (const patch of ok) {
    const event = seen.get(patch.value);
    if (!event) {
      out.noEvent += 1;
      continue;
    }
    out.apiShare.push(event.at - patch.sentAt);
    const row = firstAtOrAfter(rowsAt.get(event.uid), event.resourceVersion);
    if (row === undefined) out.noRow += 1;
    else {
      out.berthShare.push(row - event.at);
      out.endToEnd.push(row - patch.sentAt);
    }
    const shown = firstAtOrAfter(screenAt.get(event.uid), event.resourceVersion);
    if (shown !== undefined) out.toScreen.push(shown - event.at);
  }
  return out;
}

/**
 * The moment a row showed this version or a later one: when two changes to one pod fall in one
 * batch, only the later version is sent, and it carries the earlier change too.
 */
function firstAtOrAfter(
  list: Array<{ resourceVersion: bigint; at: number }> | undefined,
  resourceVersion: bigint,
): number | undefined {
  return list?.find((entry) => entry.resourceVersion >= resourceVersion)?.at;
}

/**
 * The bench's own watch of the pods (plain HTTPS, JSON, as any client's): every MODIFIED event
 * whose change annotation starts with `prefix`, by that value, with when it arrived. Resolves
 * once the API server has answered the watch (it has registered it), from the namespace's
 * current resourceVersion.
 */
async function watchChanges(
  target: KubeTarget,
  namespace: string,
  prefix: string,
  seen: Map<string, WatchSeen>,
): Promise<{ href: string; stop(): void }> {
  const endpoint = await apiEndpoint(target);
  const api = await Http2Api.connect(endpoint);
  const path = `/api/v1/namespaces/${namespace}/pods`;
  const list = await api.request('GET', `${path}?limit=1`);
  api.close();
  if (list.status !== 200) throw new Error(`listing pods in ${namespace}: HTTP ${list.status} ${list.body}`);
  const { resourceVersion } = (JSON.parse(list.body) as { metadata: { resourceVersion: string } }).metadata;
  const url = new URL(`${new URL(endpoint.href).pathname.replace(/\/$/, '')}${path}`, endpoint.href);
  url.search = new URLSearchParams({ watch: '1', resourceVersion, timeoutSeconds: '3600' }).toString();
  const lines = new LineSplitter(16 * 1024 * 1024);
  const request = https.request(url, { headers: { accept: 'application/json', ...endpoint.headers }, ...endpoint.tls });
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
    request.end();
  });
  if (response.statusCode !== 200) throw new Error(`watching pods in ${namespace}: HTTP ${response.statusCode}`);
  response.on('data', (chunk: Buffer) => {
    const at = epoch(performance.now());
    for (const line of lines.push(chunk)) {
      if (!line) continue;
      const event = JSON.parse(line) as {
        type: string;
        object: { metadata?: { uid?: string; resourceVersion?: string; annotations?: Record<string, string> } };
      };
      const meta = event.object.metadata;
      const value = meta?.annotations?.[CHANGE_ANNOTATION];
      // The first event with a value is the patch's own; later ones (a status update) only carry it along.
      if (event.type !== 'MODIFIED' || !value?.startsWith(prefix) || seen.has(value) || !meta?.uid) continue;
      seen.set(value, { uid: meta.uid, resourceVersion: BigInt(meta.resourceVersion ?? '0'), at });
    }
  });
  // Stopping destroys the request: its error then is the end we asked for.
  response.on('error', () => {});
  request.on('error', () => {});
  return { href: endpoint.href, stop: () => request.destroy() };
}

/** Patches answered 2xx per second, from the first sent to the last answered. */
function answeredPerSecond(ok: PatchRecord[]): number {
  if (!ok.length) return NaN;
  const first = Math.min(...ok.map((p) => p.sentAt));
  const last = Math.max(...ok.map((p) => p.answeredAt));
  return ok.length / ((last - first) / 1000);
}

/** Starts counting the CPU of the cluster's processes; the function returned says how many cores each used since. */
function clusterCpu(href: string): () => Record<string, number> {
  const pids = clusterPids(href);
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, procUsage(pid)?.cpuSeconds ?? NaN]));
  const t0 = performance.now();
  return () => {
    const elapsed = (performance.now() - t0) / 1000;
    return Object.fromEntries(
      Object.entries(pids).map(([k, pid]) => [k, ((procUsage(pid)?.cpuSeconds ?? NaN) - before[k]!) / elapsed]),
    );
  };
}

export interface PatchCapacity {
  transport: PatcherInput['transport'];
  inFlight: number;
  ok: number;
  perSecond: number;
  roundTrips: number[];
  clusterCpu: Record<string, number>;
}

/**
 * What the API server takes: patches sent as fast as it answers them, `inFlight` at a time,
 * for `seconds`, with no rate asked. More in flight than it works on at once only queues.
 */
export async function patchCapacity(
  target: KubeTarget,
  names: string[],
  options: { namespace: string; transport: PatcherInput['transport']; inFlight: number; seconds: number },
): Promise<PatchCapacity> {
  const endpoint = await apiEndpoint(target);
  const cpu = clusterCpu(endpoint.href);
  const result = await runPatcher({
    target,
    namespace: options.namespace,
    names,
    perSecond: 1_000_000,
    seconds: options.seconds,
    maxInFlight: options.inFlight,
    run: `${process.pid}-${Date.now()}`,
    transport: options.transport,
  });
  const clusterCores = cpu();
  const ok = result.patches.filter((p) => p.status >= 200 && p.status < 300);
  return {
    transport: options.transport,
    inFlight: options.inFlight,
    ok: ok.length,
    perSecond: answeredPerSecond(ok),
    roundTrips: ok.map((p) => p.answeredAt - p.sentAt),
    clusterCpu: clusterCores,
  };
}

/** The names of the namespace's pods, in a random order: changes spread over it, not down the sorted table. */
export function podNames(subscription: PodsSubscription, namespace: string): string[] {
  const names = [...subscription.rows.values()].filter((r) => r.namespace === namespace).map((r) => r.name);
  if (!names.length) throw new Error(`no pods in namespace ${namespace} to change`);
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [names[i], names[j]] = [names[j]!, names[i]!];
  }
  return names;
}
