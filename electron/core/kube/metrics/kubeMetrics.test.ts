import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SeriesEvent } from '../../../../shared/collection';
import { SPARK_POINTS, type KubeMetricsEvent } from '../../../../shared/kube/summary';
import type { KubeUsagePoint } from '../../../../shared/kube/types';
import type { KubeRequest } from '../connection/clusterClient';
import { KubeApiError } from '../connection/kubeApiError';
import { Router } from '../../router';
import { KubeMetrics, type KubeMetricsOptions } from './kubeMetrics';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const iso = (t: number): string => new Date(t).toISOString();

/** A metrics.k8s.io that answers like metrics-server, from what the test sets. */
class FakeMetricsApi {
  t = T0;
  nodes: Record<string, { cpu: string; memory: string }> = {};
  pods: Record<string, Array<{ cpu: string; memory: string }>> = {};
  /** path → error to throw instead of answering. */
  failures = new Map<string, unknown>();
  requests: KubeRequest[] = [];
  /** Each request's abort signal, in order. */
  signals: AbortSignal[] = [];
  hang = false;
  /** Pod answers stop after their first chunk with this error, as a connection reset part way. */
  cutPodsWith: Error | undefined;

  /** Answers as the API server streams a list: the body's bytes in a few chunks. */
  stream(request: KubeRequest, onChunk: (chunk: Buffer) => void, signal: AbortSignal): Promise<void> {
    this.requests.push(request);
    this.signals.push(signal);
    if (this.hang) {
      return new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
      );
    }
    const failure = this.failures.get(request.path);
    if (failure) return Promise.reject(failure);
    const body = Buffer.from(JSON.stringify(this.answer(request.path)));
    const third = Math.ceil(body.length / 3);
    for (let at = 0; at < body.length; at += third) {
      onChunk(body.subarray(at, at + third));
      if (this.cutPodsWith && request.path.endsWith('/pods')) return Promise.reject(this.cutPodsWith);
    }
    return Promise.resolve();
  }

  private answer(path: string): unknown {
    if (path.endsWith('/nodes')) {
      return {
        kind: 'NodeMetricsList',
        items: Object.entries(this.nodes).map(([name, usage]) => ({
          metadata: { name },
          timestamp: iso(this.t),
          window: '15s',
          usage,
        })),
      };
    }
    const ns = /namespaces\/([^/]+)\/pods$/.exec(path)?.[1];
    return {
      kind: 'PodMetricsList',
      items: Object.entries(this.pods)
        .filter(([id]) => !ns || id.startsWith(`${ns}/`))
        .map(([id, containers]) => ({
          metadata: { namespace: id.split('/')[0], name: id.split('/')[1] },
          timestamp: iso(this.t),
          window: '15s',
          containers: containers.map((usage, i) => ({ name: `c${i}`, usage })),
        })),
    };
  }
}

let metrics: KubeMetrics | undefined;
afterEach(() => {
  metrics?.dispose();
  metrics = undefined;
  vi.useRealTimers();
});

function make(api: FakeMetricsApi, options: Partial<KubeMetricsOptions> = {}): KubeMetrics {
  metrics = new KubeMetrics({ context: 'prod', source: api, now: () => api.t, ...options });
  return metrics;
}

describe('KubeMetrics: node and pod usage from metrics.k8s.io, with history', () => {
  it('turns one answer into rows in millicores and bytes, and sums the nodes into the cluster', async () => {
    const api = new FakeMetricsApi();
    api.nodes = { n1: { cpu: '250m', memory: '1Gi' }, n2: { cpu: '1500000000n', memory: '524288Ki' } };
    api.pods = {
      'shop/web': [
        { cpu: '100m', memory: '64Mi' },
        { cpu: '5m', memory: '16Mi' },
      ],
      'team-a/db': [{ cpu: '12345n', memory: '1000000' }],
    };
    const m = make(api);
    expect(m.availability).toEqual({ state: 'waiting' });
    await m.pollOnce();
    expect(m.availability).toEqual({ state: 'ok' });
    expect(m.latest('nodes')).toEqual([
      { id: 'n1', cpu: 250, memory: 1024 ** 3, t: T0, spark: [250] },
      { id: 'n2', cpu: 1500, memory: 512 * 1024 ** 2, t: T0, spark: [1500] },
    ]);
    expect(m.latest('pods', ['shop'])).toEqual([
      { id: 'shop/web', cpu: 105, memory: 80 * 1024 ** 2, t: T0, spark: [105] },
    ]);
    expect(m.latest('pods').map((r) => r.id)).toEqual(['shop/web', 'team-a/db']);
    expect(m.latest('pods', ['team-a'])[0]!.cpu).toBe(0.012);
    expect(m.series({ target: 'cluster' })).toEqual([{ t: T0, cpu: 1750, memory: 1024 ** 3 + 512 * 1024 ** 2 }]);
    expect(api.requests.map((r) => r.path)).toEqual([
      '/apis/metrics.k8s.io/v1beta1/nodes',
      '/apis/metrics.k8s.io/v1beta1/pods',
    ]);
  });

  it('streams a series as its history, then each new point; a repeated scrape adds nothing', async () => {
    const api = new FakeMetricsApi();
    api.nodes = { n1: { cpu: '100m', memory: '1Mi' } };
    const m = make(api);
    await m.pollOnce();
    const events: Array<SeriesEvent<KubeUsagePoint>> = [];
    m.subscribeSeries({ target: 'node', name: 'n1' }, (e) => events.push(e));
    const clusterEvents: Array<SeriesEvent<KubeUsagePoint>> = [];
    m.subscribeSeries({ target: 'cluster' }, (e) => clusterEvents.push(e));
    await m.pollOnce(); // metrics-server has not scraped again: same timestamp
    api.t += 15_000;
    api.nodes.n1 = { cpu: '200m', memory: '2Mi' };
    await m.pollOnce();
    expect(events).toEqual([
      { type: 'history', samples: [{ t: T0, cpu: 100, memory: 1024 ** 2 }] },
      { type: 'samples', samples: [{ t: T0 + 15_000, cpu: 200, memory: 2 * 1024 ** 2 }] },
    ]);
    expect(clusterEvents.map((e) => e.type)).toEqual(['history', 'samples']);
    expect(() => m.series({ target: 'pod', name: 'web' })).toThrow(/namespace and name/);
  });

  it('sends whole rows as a snapshot, then deltas with seq of new samples only; a pod that goes away is deleted, its series later', async () => {
    const api = new FakeMetricsApi();
    api.pods = { 'shop/web': [{ cpu: '10m', memory: '1Mi' }], 'shop/old': [{ cpu: '1m', memory: '1Mi' }] };
    const m = make(api, { forgetAfterMs: 60_000 });
    await m.pollOnce();
    const events: KubeMetricsEvent[] = [];
    m.subscribeLatest('pods', ['shop'], (e) => events.push(e));
    api.t += 15_000;
    delete api.pods['shop/old'];
    api.pods['other/x'] = [{ cpu: '1m', memory: '1Mi' }];
    api.pods['shop/new'] = [{ cpu: '2m', memory: '2Mi' }];
    api.pods['shop/web'] = [{ cpu: '20m', memory: '3Mi' }];
    await m.pollOnce();
    expect(events[0]).toEqual({
      type: 'snapshot',
      seq: 0,
      rows: [
        { id: 'shop/web', cpu: 10, memory: 1024 ** 2, t: T0, spark: [10] },
        { id: 'shop/old', cpu: 1, memory: 1024 ** 2, t: T0, spark: [1] },
      ],
    });
    // The page holds shop/web's sparkline: it gets the new point alone, not the row again.
    expect(events[1]).toEqual({
      type: 'delta',
      seq: 1,
      rows: [{ id: 'shop/new', cpu: 2, memory: 2 * 1024 ** 2, t: T0 + 15_000, spark: [2] }],
      samples: [{ id: 'shop/web', cpu: 20, memory: 3 * 1024 ** 2, t: T0 + 15_000 }],
      deletes: ['shop/old'],
    });
    await m.pollOnce(); // metrics-server has not scraped again: nothing to send
    expect(events).toHaveLength(2);
    expect(m.series({ target: 'pod', namespace: 'shop', name: 'old' })).toHaveLength(1); // kept a while
    // While the cluster does not answer, nothing is judged gone.
    api.failures.set('/apis/metrics.k8s.io/v1beta1/pods', new Error('socket hang up'));
    api.t += 61_000;
    await m.pollOnce();
    expect(m.series({ target: 'pod', namespace: 'shop', name: 'old' })).toHaveLength(1);
    api.failures.clear();
    await m.pollOnce();
    expect(m.series({ target: 'pod', namespace: 'shop', name: 'old' })).toEqual([]);
    expect(events.every((e, i) => e.seq === i)).toBe(true);
  });

  it('sends a pod new to the page whole: before the first answer, and listed again with the sparkline kept', async () => {
    const api = new FakeMetricsApi();
    api.pods = { 'shop/web': [{ cpu: '10m', memory: '1Mi' }] };
    const m = make(api);
    const early: KubeMetricsEvent[] = [];
    m.subscribeLatest('pods', [], (e) => early.push(e));
    await m.pollOnce();
    expect(early).toEqual([
      { type: 'snapshot', seq: 0, rows: [] },
      {
        type: 'delta',
        seq: 1,
        rows: [{ id: 'shop/web', cpu: 10, memory: 1024 ** 2, t: T0, spark: [10] }],
        samples: [],
        deletes: [],
      },
    ]);
    api.t += 15_000;
    api.pods['shop/web']![0]!.cpu = '11m';
    await m.pollOnce();
    const events: KubeMetricsEvent[] = [];
    m.subscribeLatest('pods', [], (e) => events.push(e));
    const gone = api.pods;
    api.pods = {};
    api.t += 15_000;
    await m.pollOnce();
    api.pods = gone;
    api.pods['shop/web']![0]!.cpu = '12m';
    api.t += 15_000;
    await m.pollOnce();
    expect(events.slice(1)).toEqual([
      { type: 'delta', seq: 1, rows: [], samples: [], deletes: ['shop/web'] },
      {
        type: 'delta',
        seq: 2,
        rows: [{ id: 'shop/web', cpu: 12, memory: 1024 ** 2, t: T0 + 45_000, spark: [10, 11, 12] }],
        samples: [],
        deletes: [],
      },
    ]);
  });

  it('deletes every row when the metrics API goes missing, and sends none to nodes’ subscribers for pods', async () => {
    const api = new FakeMetricsApi();
    api.nodes = { n1: { cpu: '1m', memory: '1Mi' } };
    api.pods = { 'shop/web': [{ cpu: '10m', memory: '1Mi' }] };
    const m = make(api);
    await m.pollOnce();
    const pods: KubeMetricsEvent[] = [];
    const nodes: KubeMetricsEvent[] = [];
    m.subscribeLatest('pods', [], (e) => pods.push(e));
    m.subscribeLatest('nodes', [], (e) => nodes.push(e));
    api.failures.set(
      '/apis/metrics.k8s.io/v1beta1/pods',
      new KubeApiError(404, 'NotFound', 'the server could not find the requested resource'),
    );
    api.t += 15_000;
    await m.pollOnce();
    expect(pods.slice(1)).toEqual([{ type: 'delta', seq: 1, rows: [], samples: [], deletes: ['shop/web'] }]);
    expect(nodes.slice(1)).toEqual([
      {
        type: 'delta',
        seq: 1,
        rows: [],
        samples: [{ id: 'n1', cpu: 1, memory: 1024 ** 2, t: T0 + 15_000 }],
        deletes: [],
      },
    ]);
  });

  it('keeps the sparkline to the last points and an hour of history within the stated bound', async () => {
    const api = new FakeMetricsApi();
    api.nodes = { n1: { cpu: '1m', memory: '1Mi' } };
    api.pods = { 'a/p': [{ cpu: '1m', memory: '1Mi' }] };
    const m = make(api);
    const t0 = api.t;
    for (let i = 0; i < 2 * 240; i++) {
      api.nodes.n1!.cpu = `${i}m`;
      api.pods['a/p']![0]!.cpu = `${i}m`;
      await m.pollOnce();
      api.t += 15_000;
    }
    const row = m.latest('nodes')[0]!;
    expect(row.spark).toHaveLength(SPARK_POINTS);
    expect(row.spark.at(-1)).toBe(479);
    // A pod: the last five minutes at 15 s, the hour before them as one-minute averages.
    const pod = m.series({ target: 'pod', namespace: 'a', name: 'p' });
    const last = pod.at(-1)!.t;
    expect(pod.slice(-SPARK_POINTS).map((p) => p.cpu)).toEqual(row.spark);
    expect(last - pod.at(-SPARK_POINTS)!.t).toBe((SPARK_POINTS - 1) * 15_000);
    const older = pod.slice(0, -SPARK_POINTS);
    expect(older.every((p, i) => i === 0 || p.t - older[i - 1]!.t === 60_000)).toBe(true);
    expect(last - pod[0]!.t).toBeGreaterThanOrEqual(60 * 60_000); // at least the hour
    // A minute's value is the average of the samples in it (poll i sampled i millicores).
    const minute = older.at(-1)!;
    const inMinute: number[] = [];
    for (let i = 0; i < 2 * 240; i++) {
      const t = t0 + i * 15_000;
      if (t >= minute.t && t < minute.t + 60_000) inMinute.push(i);
    }
    expect(inMinute.length).toBeGreaterThan(0);
    expect(minute.cpu).toBeCloseTo(inMinute.reduce((a, b) => a + b, 0) / inMinute.length, 3);
    const node = m.series({ target: 'node', name: 'n1' });
    expect(node.length).toBeGreaterThan(240); // the hour before it, as 5-minute averages
    const footprint = m.footprint();
    // Points of 16 bytes (20 of the sparkline), averages of 12 (60 minutes), 45 bytes of ring state.
    expect(footprint.maxBytesPerPod).toBe(20 * 16 + 60 * 12 + 45);
    expect(footprint.maxBytesPerNode).toBe(240 * 20 + 288 * 16 + 45);
    // One pod, one node and the cluster, each in its slab's first page of slots (64 KB at most).
    expect(footprint.bytes).toBeGreaterThanOrEqual(footprint.maxBytesPerPod + 2 * footprint.maxBytesPerNode);
    expect(footprint.bytes).toBeLessThanOrEqual(3 * 64 * 1024);
  });
});

describe('KubeMetrics: availability, said once for the context', () => {
  it('says the metrics API is missing on 404 and shows no rows', async () => {
    const api = new FakeMetricsApi();
    const notFound = new KubeApiError(404, 'NotFound', 'the server could not find the requested resource');
    api.failures.set('/apis/metrics.k8s.io/v1beta1/nodes', notFound);
    api.failures.set('/apis/metrics.k8s.io/v1beta1/pods', notFound);
    const m = make(api);
    const changes: string[] = [];
    m.onChange((c) => c.availability && changes.push(m.availability.state));
    await m.pollOnce();
    await m.pollOnce();
    expect(m.availability.state).toBe('missing');
    expect(m.availability.message).toMatch(/metrics-server\) is not installed in “prod”/);
    expect(changes).toEqual(['missing']); // once, not per poll
    expect(m.latest('nodes')).toEqual([]);
  });

  it('says what is forbidden and falls back to the context namespace for pods', async () => {
    const api = new FakeMetricsApi();
    api.pods = { 'team-a/web': [{ cpu: '3m', memory: '1Mi' }] };
    const forbidden = new KubeApiError(403, 'Forbidden', 'nodes.metrics.k8s.io is forbidden');
    api.failures.set('/apis/metrics.k8s.io/v1beta1/nodes', forbidden);
    api.failures.set('/apis/metrics.k8s.io/v1beta1/pods', forbidden);
    const m = make(api, { namespace: 'team-a' });
    await m.pollOnce();
    expect(m.availability.state).toBe('forbidden');
    expect(m.availability.message).toBe(
      'You may not read node metrics in “prod”. You may not read pod metrics of all namespaces in “prod”. ' +
        'Pod usage is shown for namespace team-a only.',
    );
    expect(m.latest('pods').map((r) => r.id)).toEqual(['team-a/web']);
    expect(m.series({ target: 'cluster' })).toEqual([]);
  });

  it('retries errors with backoff, keeps the last rows, and recovers', async () => {
    vi.useFakeTimers({ now: T0 });
    const api = new FakeMetricsApi();
    api.nodes = { n1: { cpu: '1m', memory: '1Mi' } };
    const m = make(api, { intervalMs: 15_000, backoff: { initialMs: 1000, maxMs: 4000, jitter: 0 } });
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(api.requests).toHaveLength(2);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:16999'), { code: 'ECONNREFUSED' });
    api.failures.set('/apis/metrics.k8s.io/v1beta1/nodes', refused);
    api.failures.set('/apis/metrics.k8s.io/v1beta1/pods', refused);
    const pollsAt: number[] = [];
    const count = (): number => api.requests.length / 2;
    let seen = count();
    for (let ms = 0; ms <= 40_000; ms += 500) {
      await vi.advanceTimersByTimeAsync(500);
      if (count() !== seen) pollsAt.push(Date.now() - T0);
      seen = count();
    }
    // 15 s after the good poll, then 1 s, 2 s, 4 s, 4 s… apart.
    expect(pollsAt.slice(0, 5)).toEqual([15_000, 16_000, 18_000, 22_000, 26_000]);
    expect(m.availability).toEqual({ state: 'error', message: 'Nothing answers at the server of context prod.' });
    expect(m.latest('nodes').map((r) => r.id)).toEqual(['n1']);
    api.failures.clear();
    await vi.advanceTimersByTimeAsync(4000);
    expect(m.availability).toEqual({ state: 'ok' });
  });

  it('records nothing of an answer cut off part way: the rows stay those of the last whole answer', async () => {
    const api = new FakeMetricsApi();
    api.pods = Object.fromEntries(
      Array.from({ length: 2000 }, (_, i) => [`web/pod-${i}`, [{ cpu: '10m', memory: '1Mi' }]]),
    );
    const m = make(api);
    await m.pollOnce();
    const events: KubeMetricsEvent[] = [];
    m.subscribeLatest('pods', [], (event) => events.push(event));
    api.t += 15_000;
    for (const usage of Object.values(api.pods)) usage[0] = { cpu: '20m', memory: '2Mi' };
    api.cutPodsWith = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    await m.pollOnce();
    expect(m.availability.state).toBe('error');
    expect(new Set(m.latest('pods').map((row) => `${row.cpu} ${row.memory} ${row.t}`))).toEqual(
      new Set([`10 ${2 ** 20} ${T0}`]),
    );
    expect(m.series({ target: 'pod', namespace: 'web', name: 'pod-0' })).toHaveLength(1);
    expect(events.map((event) => event.type)).toEqual(['snapshot']);

    api.cutPodsWith = undefined;
    await m.pollOnce();
    expect(new Set(m.latest('pods').map((row) => `${row.cpu} ${row.memory} ${row.t}`))).toEqual(
      new Set([`20 ${2 ** 21} ${T0 + 15_000}`]),
    );
    expect(events.at(-1)).toMatchObject({ type: 'delta', rows: [], deletes: [] });
    expect(events.at(-1)?.type === 'delta' && events.at(-1)).toHaveProperty('samples.length', 2000);
  });

  it('dispose aborts the request under way and clears every timer', async () => {
    vi.useFakeTimers({ now: T0 });
    const api = new FakeMetricsApi();
    api.hang = true;
    const m = make(api);
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(api.requests).toHaveLength(2);
    m.dispose();
    await vi.advanceTimersByTimeAsync(0);
    expect(api.signals.every((s) => s.aborted)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(api.requests).toHaveLength(2);
  });
});

describe('the kube.metrics topics, registered as the Kubernetes service does', () => {
  function routed(m: KubeMetrics) {
    const router = new Router();
    router.topic('kube.metrics.latest', ({ target, namespaces }, sink) =>
      m.subscribeLatest(target, namespaces, (event) => sink.emit(event)),
    );
    router.topic('kube.metrics.series', ({ target, namespace, name }, sink) =>
      m.subscribeSeries({ target, namespace, name }, (event) => sink.emit(event)),
    );
    return router;
  }

  it('sends latest rows and series as the contract says', async () => {
    const api = new FakeMetricsApi();
    api.nodes = { n1: { cpu: '100m', memory: '1Mi' } };
    const m = make(api);
    await m.pollOnce();
    const router = routed(m);
    const latest: unknown[] = [];
    const series: unknown[] = [];
    const errors: unknown[] = [];
    const sink = (into: unknown[]) => ({ event: (p: unknown) => into.push(p), error: (e: unknown) => errors.push(e) });
    const stopLatest = router.subscribe('kube.metrics.latest', { context: 'prod', target: 'nodes' }, sink(latest));
    const stopSeries = router.subscribe('kube.metrics.series', { context: 'prod', target: 'cluster' }, sink(series));
    api.t += 15_000;
    await m.pollOnce();
    expect(latest).toEqual([
      { type: 'snapshot', seq: 0, rows: [{ id: 'n1', cpu: 100, memory: 1024 ** 2, t: T0, spark: [100] }] },
      {
        type: 'delta',
        seq: 1,
        rows: [],
        samples: [{ id: 'n1', cpu: 100, memory: 1024 ** 2, t: T0 + 15_000 }],
        deletes: [],
      },
    ]);
    expect(series).toEqual([
      { type: 'history', samples: [{ t: T0, cpu: 100, memory: 1024 ** 2 }] },
      { type: 'samples', samples: [{ t: T0 + 15_000, cpu: 100, memory: 1024 ** 2 }] },
    ]);
    stopLatest();
    stopSeries();
    api.t += 15_000;
    await m.pollOnce();
    expect(latest).toHaveLength(2);
    expect(series).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it('fails a node series without the node’s name, with a message', () => {
    const router = routed(make(new FakeMetricsApi()));
    const errors: Array<{ code: string; message: string }> = [];
    router.subscribe(
      'kube.metrics.series',
      { context: 'prod', target: 'node' },
      {
        event: () => {},
        error: (e) => errors.push(e),
      },
    );
    expect(errors).toEqual([
      { code: 'invalid_input', message: 'Invalid input for kube.metrics.series: a node series needs the node’s name.' },
    ]);
  });
});
