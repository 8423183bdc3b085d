import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlApply, testNamespace } from '../../../../e2e/cluster/clusterTestKit';
import { clusterSkipReason, TEST_KUBECONFIG } from '../../../../e2e/cluster/testKubeconfig';
import type { KubeObject } from '../../../../shared/kube/object';
import { ClusterClient } from '../connection/clusterClient';
import { staticCredentials } from '../connection/contextResolver';
import { loadKubeconfig } from '../connection/kubeconfigLoader';
import { KindWatch, type WatchClient } from './kindWatch';

/**
 * A list read page by page from the real API server, each page asked for while the one before
 * it is still being read: the objects still come whole and in the server's order.
 */
const skip = clusterSkipReason();
const namespace = testNamespace('pages');
const MAPS = 25;

describe.skipIf(skip !== null)(`paged lists on the real test cluster${skip ? ` (skipped: ${skip})` : ''}`, () => {
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
});
