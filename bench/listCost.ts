import { performance } from 'node:perf_hooks';
import { KindWatch } from '../electron/core/kube/watch/kindWatch';
import { podMessage } from '../electron/core/kube/protobuf/podMessage';
import { procUsage } from './figures';
import { apiEndpoint, clusterClient, clusterPids } from './kubeApi';
import type { KubeTarget } from './peers';

export interface ListCost {
  streaming: boolean;
  pods: number;
  /** Request → the end of the list (every pod handed on, decoded). */
  ms: number;
  /** CPU the API server and its etcd spent meanwhile, where they run on this machine. */
  apiserverMs?: number;
  etcdMs?: number;
}

/**
 * Berth's own list of every pod (KindWatch, in protobuf, as the app lists), as a streaming
 * list and as a paged one (500, then 5,000s) taking turns, each on a client of its own: how
 * long until the list ends, and what it cost the API server and etcd. On a server without
 * streaming lists (berth-a of the test clusters) the first is refused and then paged.
 */
export async function listCost(target: KubeTarget, rounds: number): Promise<ListCost[]> {
  const pids = clusterPids((await apiEndpoint(target)).href);
  const cpuMs = (pid: number | undefined): number | undefined => {
    const usage = pid === undefined ? undefined : procUsage(pid);
    return usage && usage.cpuSeconds * 1000;
  };
  const costs: ListCost[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const streaming of [true, false]) {
      const client = clusterClient(target);
      let pods = 0;
      let listed!: () => void;
      const done = new Promise<void>((resolve) => (listed = resolve));
      const watch = new KindWatch({
        client,
        kind: { group: '', version: 'v1', plural: 'pods', namespaced: true },
        scope: { allNamespaces: true },
        protobuf: podMessage,
        streamingList: streaming,
        sink: {
          listStart: () => (pods = 0),
          listPage: (objects) => (pods += objects.length),
          listed,
          added: () => {},
          modified: () => {},
          deleted: () => {},
          phase: () => {},
        },
      });
      const apiserver = cpuMs(pids.apiserver);
      const etcd = cpuMs(pids.etcd);
      const t0 = performance.now();
      watch.start();
      try {
        await done;
      } finally {
        watch.stop();
        client.dispose();
      }
      const ms = performance.now() - t0;
      const after = { apiserver: cpuMs(pids.apiserver), etcd: cpuMs(pids.etcd) };
      costs.push({
        streaming,
        pods,
        ms,
        ...(apiserver !== undefined && after.apiserver !== undefined
          ? { apiserverMs: after.apiserver - apiserver }
          : {}),
        ...(etcd !== undefined && after.etcd !== undefined ? { etcdMs: after.etcd - etcd } : {}),
      });
      // Let the API server's garbage of one list go before the next is measured.
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  return costs;
}
