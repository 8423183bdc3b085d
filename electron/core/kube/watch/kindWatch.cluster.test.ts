import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlApply, testNamespace } from '../../../../e2e/cluster/clusterTestKit';
import { clusterSkipReason, TEST_KUBECONFIG } from '../../../../e2e/cluster/testKubeconfig';
import type { KubeObject } from '../../../../shared/kube/object';
import { ClusterClient } from '../connection/clusterClient';
import { staticCredentials } from '../connection/contextResolver';
import { loadKubeconfig } from '../connection/kubeconfigLoader';
import type { KubeRequest } from '../connection/clusterClient';
import { KubeApiError } from '../connection/kubeApiError';
import { podMessage } from '../protobuf/podMessage';
import { KindWatch, type WatchClient } from './kindWatch';

/**
 * Lists from the real API server: a streaming list (the default), and a list read page by
 * page, each page asked for while the one before it is still being read (servers without
 * streaming lists): the objects still come whole and in the server's order.
 */
const skip = clusterSkipReason();
const namespace = testNamespace('pages');
const MAPS = 25;

describe.skipIf(skip !== null)(`lists on the real test cluster${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let client: ClusterClient;

  beforeAll(() => {
    namespace.create();
    kubectlApply({
      apiVersion: 'v1',
      kind: 'List',
      items: Array.from({ length: MAPS }, (_, i) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `page-${String(i).padStart(2, '0')}`, namespace: namespace.name },
        data: { n: String(i) },
      })),
    });
    client = new ClusterClient(loadKubeconfig([TEST_KUBECONFIG]).resolve('berth-a')!, staticCredentials);
  });

  afterAll(() => {
    client?.dispose();
    namespace.remove();
  });

  it('asks for each next page while reading the one before, and hands on every object once, in order', async () => {
    const whole = await client.json<{ items: KubeObject[] }>({
      path: `/api/v1/namespaces/${namespace.name}/configmaps`,
    });
    expect(whole.items.length).toBeGreaterThan(MAPS);

    // Each list request, when it was sent and when its body was read to the end; and any chunk
    // that came before the page before it had been read.
    const pages: Array<{ continue: string | undefined; sentAt: number; readAt?: number }> = [];
    const early: string[] = [];
    const watched: WatchClient = {
      json: (request) => client.json(request),
      stream: async (request, onChunk, signal, begin) => {
        if (request.query?.watch) return client.stream(request, onChunk, signal, begin);
        const page: (typeof pages)[number] = {
          continue: request.query?.continue as string | undefined,
          sentAt: performance.now(),
        };
        const before = pages.at(-1);
        pages.push(page);
        await client.stream(
          request,
          (chunk) => {
            if (before && before.readAt === undefined) early.push(`page ${pages.indexOf(page)}`);
            onChunk(chunk);
          },
          signal,
          begin,
        );
        // Read slowly, as a big page over a slow link is: the next page's answer is in by now.
        await new Promise((resolve) => setTimeout(resolve, 300));
        page.readAt = performance.now();
      },
    };

    const names: string[] = [];
    let listed!: () => void;
    const done = new Promise<void>((resolve) => (listed = resolve));
    const watch = new KindWatch({
      client: watched,
      kind: { group: '', version: 'v1', plural: 'configmaps', namespaced: true },
      scope: { allNamespaces: false, namespace: namespace.name },
      // Pages of 2, then 20: three pages for 26 ConfigMaps.
      pageSize: 2,
      streamingList: false,
      sink: {
        listStart: () => (names.length = 0),
        listPage: (objects) => names.push(...objects.map((o) => o.metadata.name!)),
        listed,
        added: () => {},
        modified: () => {},
        deleted: () => {},
        phase: () => {},
      },
    });
    watch.start();
    try {
      await done;
    } finally {
      watch.stop();
    }

    expect(names).toEqual(whole.items.map((o) => o.metadata.name));
    expect(pages.length).toBe(3);
    expect(pages.slice(1).every((p) => p.continue)).toBe(true);
    // Each next page was asked for before the page before it had been read ...
    for (let i = 1; i < pages.length; i++) expect(pages[i]!.sentAt).toBeLessThan(pages[i - 1]!.readAt!);
    // ... and none of it was read before that.
    expect(early).toEqual([]);
  });
  /** A KindWatch of the pods in `scope` on `on`, in protobuf, recording its requests, what the sink heard, and refusals. */
  function podWatch(on: ClusterClient, namespaceName: string) {
    const requests: KubeRequest[] = [];
    const refused: number[] = [];
    let firstByte: number | undefined;
    const recorded: WatchClient = {
      json: (request) => on.json(request),
      stream: async (request, onChunk, signal, begin) => {
        requests.push(request);
        const tap = (chunk: Buffer): void => {
          if (request.query?.watch) firstByte ??= chunk[0];
          onChunk(chunk);
        };
        try {
          await on.stream(request, tap, signal, begin);
        } catch (error) {
          if (error instanceof KubeApiError) refused.push(error.statusCode);
          throw error;
        }
      },
    };
    const log: string[] = [];
    const names: string[] = [];
    const watch = new KindWatch({
      client: recorded,
      kind: { group: '', version: 'v1', plural: 'pods', namespaced: true },
      scope: { allNamespaces: false, namespace: namespaceName },
      protobuf: podMessage,
      sink: {
        listStart: () => {
          log.push('listStart');
          names.length = 0;
        },
        listPage: (objects) => names.push(...objects.map((o) => o.metadata.name!)),
        listed: () => log.push('listed'),
        added: (o) => log.push(`added ${o.metadata.name}`),
        modified: () => {},
        deleted: () => {},
        phase: (phase) => log.push(`phase ${phase.state}`),
      },
    });
    const kinds = () =>
      requests.map((r) => (r.query?.sendInitialEvents ? 'streaming list' : r.query?.watch ? 'watch' : 'list'));
    return { watch, requests, refused, log, names, kinds, firstByte: () => firstByte };
  }

  const podList = (namespaceName: string, names: string[]) => ({
    apiVersion: 'v1',
    kind: 'List',
    items: names.map((name) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: namespaceName },
      spec: { containers: [{ name: 'main', image: 'busybox' }] },
    })),
  });

  it('lists pods by a streaming list in protobuf where the server has them (berth-b): one request, every pod, the end, the changes', async () => {
    const on = new ClusterClient(loadKubeconfig([TEST_KUBECONFIG]).resolve('berth-b')!, staticCredentials);
    const ns = `${namespace.name}-b`;
    const create = (pod: string) =>
      on.json({
        method: 'POST',
        path: `/api/v1/namespaces/${ns}/pods`,
        body: podList(ns, [pod]).items[0],
      });
    await on.json({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: ns } } });
    const seen = podWatch(on, ns);
    try {
      for (const pod of ['stream-a', 'stream-b', 'stream-c']) await create(pod);
      const whole = await on.json<{ items: KubeObject[] }>({ path: `/api/v1/namespaces/${ns}/pods` });
      seen.watch.start();
      await expect.poll(() => seen.log.includes('phase live'), { timeout: 15_000 }).toBe(true);
      expect(seen.names).toEqual(whole.items.map((o) => o.metadata.name));
      await create('stream-d');
      await expect.poll(() => seen.log.includes('added stream-d'), { timeout: 15_000 }).toBe(true);
    } finally {
      seen.watch.stop();
      await on.json({ method: 'DELETE', path: `/api/v1/namespaces/${ns}` }).catch(() => {});
      on.dispose();
    }
    // One request: a watch that listed first, in protobuf; no page was asked for.
    expect(seen.kinds()).toEqual(['streaming list']);
    expect(seen.requests[0]!.query).toMatchObject({ resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true });
    expect(seen.requests[0]!.query?.resourceVersion).toBeUndefined();
    expect(seen.requests[0]!.accept).toMatch(/^application\/vnd\.kubernetes\.protobuf;stream=watch/);
    // The server answered in protobuf (a length-prefixed frame, not JSON's `{`): the end bookmark was read from it.
    expect(seen.firstByte()).toBe(0);
    expect(seen.log.filter((l) => l !== 'phase listing')).toEqual([
      'listStart',
      'listed',
      'phase live',
      'added stream-d',
    ]);
  });

  it('pages its lists where the server refuses streaming lists (berth-a), with the same pods', async () => {
    kubectlApply(podList(namespace.name, ['paged-a', 'paged-b']));
    const whole = await client.json<{ items: KubeObject[] }>({ path: `/api/v1/namespaces/${namespace.name}/pods` });
    const seen = podWatch(client, namespace.name);
    seen.watch.start();
    try {
      await expect.poll(() => seen.log.includes('phase live'), { timeout: 15_000 }).toBe(true);
      kubectlApply(podList(namespace.name, ['paged-c']));
      await expect.poll(() => seen.log.includes('added paged-c'), { timeout: 15_000 }).toBe(true);
    } finally {
      seen.watch.stop();
    }
    expect(seen.names).toEqual(whole.items.map((o) => o.metadata.name));
    expect(seen.kinds()).toEqual(['streaming list', 'list', 'watch']);
    expect(seen.refused).toEqual([422]);
  });
});
