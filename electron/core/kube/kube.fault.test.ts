import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/app';
import type { KindStatus, KubeRow } from '../../../shared/kube/types';
import { compactEtcd, freeze, kill, restartClusters, thaw } from '../../../e2e/cluster/clusterFaults';
import { clusterSkipReason, TEST_KUBECONFIG } from '../../../e2e/cluster/testKubeconfig';
import { Subscription } from '../../../e2e/docker/dockerTestKit';
import { Backend } from '../backend';

const skip = clusterSkipReason();
const NAMESPACE = 'berth-test-faults';

function kubectl(context: string, ...args: string[]): string {
  return execFileSync('kubectl', ['--context', context, ...args], {
    env: { ...process.env, KUBECONFIG: TEST_KUBECONFIG },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** The uids a fresh `kubectl get pods -A` lists: what Berth's rows must equal after recovery. */
function freshPodUids(context: string): string[] {
  const list = JSON.parse(kubectl(context, 'get', 'pods', '-A', '-o', 'json')) as {
    items: Array<{ metadata: { uid: string } }>;
  };
  return list.items.map((p) => p.metadata.uid).sort();
}

function runPod(context: string, name: string): void {
  kubectl(
    context,
    'run',
    name,
    '-n',
    NAMESPACE,
    '--image=berth-test/busybox:1',
    '--overrides={"spec":{"tolerations":[{"operator":"Exists"}]}}',
  );
}

describe.skipIf(skip !== null)(
  `Kubernetes under real faults: API server frozen, killed and restarted, etcd compacted${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let backend: Backend;
    let connections: Subscription;
    let podsA: Subscription;
    let podsB: Subscription;
    let statusA: Subscription;
    const row = (id: string): ConnectionStatus | undefined => connections.rows.get(id) as ConnectionStatus | undefined;
    const uids = (s: Subscription): string[] => [...s.rows.keys()].sort();
    const names = (s: Subscription): string[] => [...s.rows.values()].map((r) => (r as unknown as KubeRow).name);
    const kindState = (): KindStatus['state'] | undefined => (statusA.events.at(-1) as KindStatus | undefined)?.state;

    beforeAll(async () => {
      for (const context of ['berth-a', 'berth-b']) {
        kubectl(context, 'delete', 'namespace', NAMESPACE, '--ignore-not-found', '--wait=true');
        kubectl(context, 'create', 'namespace', NAMESPACE);
      }
      backend = new Backend({
        mode: 'web',
        version: 't',
        env: { KUBECONFIG: TEST_KUBECONFIG, DOCKER_HOST: 'unix:///nonexistent.sock' },
        kubeRuntime: { probeEveryMs: 1000 },
      });
      connections = new Subscription(backend, 'app.connections', {});
      podsA = new Subscription(backend, 'kube.resources', { context: 'berth-a', kind: 'pods' });
      podsB = new Subscription(backend, 'kube.resources', { context: 'berth-b', kind: 'pods' });
      statusA = new Subscription(backend, 'kube.kind.status', { context: 'berth-a', kind: 'pods' });
      await statusA.waitFor(() => kindState() === 'live', 30_000, 'pods of berth-a live');
      await podsB.waitFor(() => podsB.rows.size > 0, 30_000, 'pods of berth-b');
    });

    afterAll(async () => {
      // Whatever happened, leave the cluster running for the suites after this one.
      try {
        thaw('a');
      } catch {
        // not frozen
      }
      await restartClusters();
      for (const s of [connections, podsA, podsB, statusA]) s?.unsubscribe();
      await backend?.dispose();
      for (const context of ['berth-a', 'berth-b']) {
        kubectl(context, 'delete', 'namespace', NAMESPACE, '--ignore-not-found', '--wait=false');
      }
    });

    it('a frozen API server (SIGSTOP) makes its context stale, the other context keeps following, and it recovers to a fresh list', async () => {
      freeze('a');
      try {
        await connections.waitFor(() => row('kube:berth-a')?.state === 'reconnecting', 20_000, 'berth-a reconnecting');
        expect(row('kube:berth-a')?.staleSince).toBeGreaterThan(0);
        await statusA.waitFor(() => kindState() === 'stale', 5000, 'pods of berth-a stale');
        // The rows are kept (stale, not emptied) while the server is away.
        expect(podsA.rows.size).toBeGreaterThan(0);
        // Meanwhile berth-b is unaffected: a pod created there shows within a second.
        runPod('berth-b', 'during-freeze');
        await podsB.waitFor(() => names(podsB).includes('during-freeze'), 1000, 'berth-b pod during the freeze');
        expect(row('kube:berth-b')?.state).toBe('live');
      } finally {
        thaw('a');
      }
      await connections.waitFor(() => row('kube:berth-a')?.state === 'live', 30_000, 'berth-a live again');
      await statusA.waitFor(() => kindState() === 'live', 30_000, 'pods of berth-a live again');
      runPod('berth-a', 'after-thaw');
      await podsA.waitFor(() => names(podsA).includes('after-thaw'), 5000, 'a pod created after the thaw');
      await podsA.waitFor(() => uids(podsA).join() === freshPodUids('berth-a').join(), 5000, 'rows equal a fresh list');
    });

    it('a killed and restarted API server is relisted: rows equal a fresh list, nothing stale survives', async () => {
      runPod('berth-a', 'before-kill');
      await podsA.waitFor(() => names(podsA).includes('before-kill'), 5000, 'before-kill listed');
      await kill('a');
      await connections.waitFor(() => row('kube:berth-a')?.state === 'reconnecting', 20_000, 'berth-a reconnecting');
      expect(row('kube:berth-a')?.message).toMatch(/Nothing answers at|does not answer/);
      await restartClusters();
      // Changes made right after the restart are followed: the watch is back.
      kubectl('berth-a', 'delete', 'pod', 'before-kill', '-n', NAMESPACE, '--grace-period=0', '--force');
      runPod('berth-a', 'after-restart');
      await connections.waitFor(() => row('kube:berth-a')?.state === 'live', 30_000, 'berth-a live after restart');
      await podsA.waitFor(
        () => names(podsA).includes('after-restart') && !names(podsA).includes('before-kill'),
        30_000,
        'changes after the restart',
      );
      await podsA.waitFor(() => uids(podsA).join() === freshPodUids('berth-a').join(), 5000, 'rows equal a fresh list');
    });

    it('relists when etcd compaction makes the watch’s resourceVersion too old (410 Gone)', async () => {
      const pods = (): ReturnType<NonNullable<ReturnType<Backend['kube']['runtime']>>['peek']> =>
        backend.kube.runtime('berth-a')?.peek('pods');
      const goneBefore = pods()!.counters.gone;
      // Changes, then their history compacted away, then a watch that must resume from before it:
      // the restarted server's cache starts after the compaction and answers 410 Gone.
      runPod('berth-a', 'before-compaction');
      await podsA.waitFor(() => names(podsA).includes('before-compaction'), 5000, 'before-compaction listed');
      await kill('a');
      await compactEtcd('a');
      await restartClusters();
      await expect.poll(() => pods()!.counters.gone, { timeout: 60_000 }).toBeGreaterThan(goneBefore);
      await statusA.waitFor(() => kindState() === 'live', 30_000, 'live after the relist');
      runPod('berth-a', 'after-compaction');
      await podsA.waitFor(() => names(podsA).includes('after-compaction'), 10_000, 'after-compaction listed');
      await podsA.waitFor(() => uids(podsA).join() === freshPodUids('berth-a').join(), 5000, 'rows equal a fresh list');
    });
  },
);
