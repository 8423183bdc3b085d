import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clusterSkipReason, TEST_KUBECONFIG } from '../../../../e2e/cluster/testKubeconfig';
import { ClusterClient } from '../connection/clusterClient';
import { staticCredentials } from '../connection/contextResolver';
import { loadKubeconfig } from '../connection/kubeconfigLoader';
import type { KubeMetricsRow } from '../../../../shared/kube/summary';
import { KubeMetrics } from './kubeMetrics';
import type { MetricsSource } from './metricsApi';

/**
 * Node and pod usage from the real test cluster's metrics-server (kwok reports each pod's
 * usage from its annotations; metrics-server scrapes every 15 s).
 */
const skip = clusterSkipReason();
const clients: ClusterClient[] = [];
const pollers: KubeMetrics[] = [];
afterEach(() => {
  for (const p of pollers.splice(0)) p.dispose();
});
afterAll(() => {
  for (const c of clients.splice(0)) c.dispose();
});

function clientFor(context: string): ClusterClient {
  const resolved = loadKubeconfig([TEST_KUBECONFIG]).resolve(context);
  if (!resolved) throw new Error(`context ${context} is not in ${TEST_KUBECONFIG}`);
  const client = new ClusterClient(resolved, staticCredentials);
  clients.push(client);
  return client;
}

/** As a context's runtime makes it: the context's namespace is where pod usage falls back to. */
function metricsFor(context: string, options: { intervalMs?: number } = {}): KubeMetrics {
  const client = clientFor(context);
  const { namespace } = client.context;
  const metrics = new KubeMetrics({
    context,
    source: client,
    server: client.server,
    ...(namespace ? { namespace } : {}),
    ...options,
  });
  pollers.push(metrics);
  return metrics;
}

/** A namespace of this test's own, with one pod whose usage kwok reports as 250m and 64Mi. */
const NAMESPACE = `berth-metrics-test-${process.pid}`;

describe.skipIf(skip !== null)(`metrics.k8s.io on the real test cluster${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    const admin = clientFor('berth-a');
    await admin.json({
      method: 'POST',
      path: '/api/v1/namespaces',
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: NAMESPACE, labels: { 'berth.dev/test': 'metrics' } },
      },
    });
    await admin.json({
      method: 'POST',
      path: `/api/v1/namespaces/${NAMESPACE}/pods`,
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'busy',
          annotations: { 'kwok.x-k8s.io/usage-cpu': '250m', 'kwok.x-k8s.io/usage-memory': '64Mi' },
        },
        spec: { containers: [{ name: 'app', image: 'berth-test/busybox:1' }] },
      },
    });
  });

  afterAll(async () => {
    await clientFor('berth-a')
      .json({ method: 'DELETE', path: `/api/v1/namespaces/${NAMESPACE}` })
      .catch(() => {});
  });

  it('brings node and pod usage in millicores and bytes, and the cluster series sums the nodes', async () => {
    const metrics = metricsFor('berth-a', { intervalMs: 5_000 });
    metrics.start();
    // metrics-server reports a new pod after its second scrape (15–30 s); be generous on a busy machine.
    await expect.poll(() => metrics.latest('pods', [NAMESPACE]).length, { timeout: 90_000, interval: 1000 }).toBe(1);
    expect(metrics.availability).toEqual({ state: 'ok' });

    const pod = metrics.latest('pods', [NAMESPACE])[0]!;
    expect(pod.id).toBe(`${NAMESPACE}/busy`);
    expect(pod.cpu).toBeGreaterThan(200); // kwok's 250m, as a rate over metrics-server's window
    expect(pod.cpu).toBeLessThan(300);
    expect(pod.memory).toBe(64 * 1024 * 1024);
    expect(pod.spark.length).toBeGreaterThanOrEqual(1);

    const nodes = metrics.latest('nodes');
    expect(nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['kwok-a-node-0', 'kwok-a-node-1', 'kwok-a-node-2']));
    for (const row of [...nodes, ...metrics.latest('pods')]) {
      expect(row.cpu).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(row.memory) && row.memory >= 0).toBe(true);
      expect(Math.abs(Date.now() - row.t)).toBeLessThan(5 * 60_000);
    }

    // The cluster point of the latest answer is the sum of its nodes.
    const cluster = metrics.series({ target: 'cluster' }).at(-1)!;
    const newest = Math.max(...nodes.map((n) => n.t));
    expect(cluster.t).toBe(newest);
    expect(cluster.memory).toBe(nodes.reduce((sum, n) => sum + n.memory, 0));
    expect(cluster.cpu).toBeCloseTo(
      nodes.reduce((sum, n) => sum + n.cpu, 0),
      1,
    );

    // The poller goes on: the next scrape adds a point to the pod's history.
    await expect
      .poll(() => metrics.series({ target: 'pod', namespace: NAMESPACE, name: 'busy' }).length, {
        timeout: 60_000,
        interval: 1000,
      })
      .toBeGreaterThanOrEqual(2);
  }, 180_000);

  it('reads metrics-server’s protobuf, with the same samples as its JSON', async () => {
    // The same cluster polled by two pollers at once: one as the app polls (protobuf asked
    // for), one whose requests ask for JSON only. Each remembers how its bodies began.
    const client = clientFor('berth-a');
    const firstBytes = { protobuf: new Set<string>(), json: new Set<string>() };
    const source = (encoding: 'protobuf' | 'json'): MetricsSource => ({
      stream: (request, onChunk, signal, begin) => {
        let first = true;
        return client.stream(
          encoding === 'json' ? { ...request, accept: 'application/json' } : request,
          (chunk) => {
            if (first) firstBytes[encoding].add(chunk.subarray(0, 4).toString('latin1'));
            first = false;
            onChunk(chunk);
          },
          signal,
          begin,
        );
      },
    });
    const sample = (rows: KubeMetricsRow[]) =>
      rows.map(({ id, t, cpu, memory }) => ({ id, t, cpu, memory })).sort((a, b) => a.id.localeCompare(b.id));
    const answers = async () => {
      const [protobuf, json] = ['protobuf', 'json'].map((encoding) => {
        const metrics = new KubeMetrics({ context: 'berth-a', source: source(encoding as 'protobuf' | 'json') });
        pollers.push(metrics);
        return metrics;
      }) as [KubeMetrics, KubeMetrics];
      await Promise.all([protobuf.pollOnce(), json.pollOnce()]);
      return [protobuf, json].map((m) => ({ nodes: sample(m.latest('nodes')), pods: sample(m.latest('pods')) }));
    };
    // metrics-server may scrape between the two requests: then their times differ; ask again.
    let [protobuf, json] = await answers();
    for (let tries = 0; tries < 5 && JSON.stringify(protobuf) !== JSON.stringify(json); tries++) {
      [protobuf, json] = await answers();
    }
    expect(firstBytes.protobuf).toEqual(new Set(['k8s\0']));
    expect(firstBytes.json).toEqual(new Set(['{"ki']));
    expect(protobuf!.pods.length).toBeGreaterThan(5);
    expect(protobuf!.nodes.length).toBeGreaterThanOrEqual(3);
    expect(protobuf).toEqual(json);
  });

  it('says once that the read-only context may not read node metrics, and shows its namespace’s pods', async () => {
    const metrics = metricsFor('berth-a-readonly'); // its kubeconfig names namespace team-a
    await metrics.pollOnce();
    expect(metrics.availability.state).toBe('forbidden');
    expect(metrics.availability.message).toBe(
      'You may not read node metrics in “berth-a-readonly”. ' +
        'You may not read pod metrics of all namespaces in “berth-a-readonly”. ' +
        'Pod usage is shown for namespace team-a only.',
    );
    expect(metrics.latest('nodes')).toEqual([]);
    expect(metrics.series({ target: 'cluster' })).toEqual([]);
    expect(metrics.latest('pods').every((row) => row.id.startsWith('team-a/'))).toBe(true);
  });

  it('reports an unreachable cluster as an error, without throwing', async () => {
    const metrics = metricsFor('berth-unreachable');
    await metrics.pollOnce();
    expect(metrics.availability.state).toBe('error');
    expect(metrics.availability.message).toMatch(/^Nothing answers at https:\/\/127\.0\.0\.1:\d+\.$/);
    expect(metrics.latest('nodes')).toEqual([]);
  });
});
