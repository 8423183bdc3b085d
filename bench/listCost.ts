import { performance } from 'node:perf_hooks';
import { eventMessage } from '../electron/core/kube/protobuf/eventMessage';
import type { MessageSchema } from '../electron/core/kube/protobuf/messageSchema';
import { podMessage } from '../electron/core/kube/protobuf/podMessage';
import { KindWatch } from '../electron/core/kube/watch/kindWatch';
import { builtinKind } from '../shared/kube/kinds';
import { cpuMsOf } from './figures';
import { apiEndpoint, clusterClient, clusterPids } from './kubeApi';
import type { KubeTarget } from './peers';

export interface ListCost {
  /** How the list was asked for: `streaming` or `paged` (pods, in protobuf), `protobuf` or `json` (events, streamed). */
  way: 'streaming' | 'paged' | 'protobuf' | 'json';
  objects: number;
  /** Request → the end of the list (every object handed on, decoded). */
  ms: number;
  /** CPU this process spent meanwhile: receiving and decoding the list. */
  berthMs: number;
  /** CPU the API server and its etcd spent meanwhile, where they run on this machine. */
  apiserverMs?: number;
  etcdMs?: number;
}

/** One list of every object of a kind, by Berth's own watch on a client of its own, and what it cost. */
async function measureList(
  target: KubeTarget,
  pids: Record<string, number>,
  kindKey: 'pods' | 'events',
  options: { protobuf?: MessageSchema; streamingList: boolean },
): Promise<Omit<ListCost, 'way'>> {
  const declaration = builtinKind(kindKey)!;
  const client = clusterClient(target);
  let objects = 0;
  let listed!: () => void;
  const done = new Promise<void>((resolve) => (listed = resolve));
  const watch = new KindWatch({
    client,
    kind: declaration,
    scope: { allNamespaces: true },
    ...(options.protobuf ? { protobuf: options.protobuf } : {}),
    streamingList: options.streamingList,
    sink: {
      listStart: () => (objects = 0),
      listPage: (page) => (objects += page.length),
      listed,
      added: () => {},
      modified: () => {},
      deleted: () => {},
      phase: () => {},
    },
  });
  const apiserver = cpuMsOf(pids.apiserver);
  const etcd = cpuMsOf(pids.etcd);
  const berth = process.cpuUsage();
  const t0 = performance.now();
  watch.start();
  try {
    await done;
  } finally {
    watch.stop();
    client.dispose();
  }
  const ms = performance.now() - t0;
  const spent = process.cpuUsage(berth);
  const after = { apiserver: cpuMsOf(pids.apiserver), etcd: cpuMsOf(pids.etcd) };
  // Let the API server's garbage of one list go before the next is measured.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return {
    objects,
    ms,
    berthMs: (spent.user + spent.system) / 1000,
    ...(apiserver !== undefined && after.apiserver !== undefined ? { apiserverMs: after.apiserver - apiserver } : {}),
    ...(etcd !== undefined && after.etcd !== undefined ? { etcdMs: after.etcd - etcd } : {}),
  };
}

/**
 * Berth's own lists, each way taking turns with the other, round after round:
 * - every pod in protobuf (as the app lists), as a streaming list and as a paged one (500,
 *   then 5,000s). On a server without streaming lists (berth-a of the test clusters) the first
 *   is refused and then paged;
 * - every event as a streaming list, in protobuf (as the app lists them) and in JSON.
 */
export async function listCost(target: KubeTarget, rounds: number): Promise<ListCost[]> {
  const pids = clusterPids((await apiEndpoint(target)).href);
  const costs: ListCost[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const streamingList of [true, false]) {
      const cost = await measureList(target, pids, 'pods', { protobuf: podMessage, streamingList });
      costs.push({ way: streamingList ? 'streaming' : 'paged', ...cost });
    }
    for (const protobuf of [eventMessage, undefined]) {
      const cost = await measureList(target, pids, 'events', {
        ...(protobuf ? { protobuf } : {}),
        streamingList: true,
      });
      costs.push({ way: protobuf ? 'protobuf' : 'json', ...cost });
    }
  }
  return costs;
}
