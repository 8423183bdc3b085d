import { describe, expect, it } from 'vitest';
import type { CollectionEvent } from '../../../../shared/collection';
import { builtinKind } from '../../../../shared/kube/kinds';
import type { KubeObject } from '../../../../shared/kube/object';
import type { KubeRow } from '../../../../shared/kube/types';
import type { KubeRequest } from '../connection/clusterClient';
import { FIRST_SCREEN_ROWS, KindCache } from './kindCache';
import type { WatchClient } from './kindWatch';

const PAGE_GAP_MS = 120;

function pod(i: number): KubeObject {
  return {
    metadata: {
      name: `pod-${i}`,
      namespace: 'default',
      uid: `uid-${i}`,
      resourceVersion: String(100 + i),
      creationTimestamp: '2026-12-01T10:00:00Z',
    },
    spec: { containers: [{ name: 'main', image: 'busybox' }] },
    status: { phase: 'Running' },
  } as KubeObject;
}

/**
 * An API server without streaming lists that answers a list in `pages` pages, each one `PAGE_GAP_MS` after it was
 * asked for (the next page is asked for while the one before it is read), then holds the
 * watch open. Only the cache's pacing is under test: the cluster tests cover real servers.
 */
function pagedServer(pages: number, perPage: number): { client: WatchClient; listedAt: () => number } {
  let listedAt = 0;
  const body = (page: number): Buffer => {
    const items = Array.from({ length: perPage }, (_, i) => pod(page * perPage + i));
    const more = page + 1 < pages;
    return Buffer.from(
      JSON.stringify({
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: { resourceVersion: '999', ...(more ? { continue: `page-${page + 1}` } : {}) },
        items,
      }),
    );
  };
  const client: WatchClient = {
    json: () => new Promise(() => {}),
    stream: async (request: KubeRequest, onChunk, signal, begin) => {
      if (request.query?.watch) {
        return new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
        );
      }
      const token = request.query?.continue;
      const page = typeof token === 'string' ? Number(token.slice('page-'.length)) : 0;
      if (page > 0) await new Promise((resolve) => setTimeout(resolve, PAGE_GAP_MS));
      await begin;
      if (signal.aborted) throw new Error('aborted');
      onChunk(body(page));
      if (page + 1 === pages) listedAt = performance.now();
    },
  };
  return { client, listedAt: () => listedAt };
}

describe('KindCache', () => {
  it('sends a list as the first screen at once, then in few big deltas, and its end the moment it is read', async () => {
    const pages = 5;
    const perPage = FIRST_SCREEN_ROWS + 100;
    const { client, listedAt } = pagedServer(pages, perPage);
    const cache = new KindCache({
      context: 'test',
      server: 'https://127.0.0.1:1',
      client,
      declaration: builtinKind('pods')!,
      defaultNamespace: 'default',
      watch: { streamingList: false },
    });
    const deltas: Array<{ at: number; rows: number }> = [];
    let live = -1;
    cache.rows.subscribe((event: CollectionEvent<KubeRow>) => {
      if (event.type === 'delta') deltas.push({ at: performance.now(), rows: event.upserts.length });
    });
    cache.status.watch((status) => {
      if (status.state === 'live' && live < 0) live = deltas.length;
    });
    try {
      cache.start();
      await expect.poll(() => live, { timeout: 10_000 }).toBeGreaterThanOrEqual(0);
      // Every row is out before the status says live.
      expect(deltas.reduce((sum, d) => sum + d.rows, 0)).toBe(pages * perPage);
      expect(live).toBe(deltas.length);
      // The first screen went out with the first page, not after an interval.
      expect(deltas[0]!.rows).toBeGreaterThanOrEqual(FIRST_SCREEN_ROWS);
      // Pages came every 120 ms; the deltas between the first screen and the end at most every 300 ms...
      for (let i = 1; i < deltas.length - 1; i++) expect(deltas[i]!.at - deltas[i - 1]!.at).toBeGreaterThanOrEqual(290);
      // ...so fewer deltas than pages, and the last one on the turn the list ended, not an interval later.
      expect(deltas.length).toBeLessThan(pages);
      expect(deltas.at(-1)!.at - listedAt()).toBeLessThan(50);
    } finally {
      cache.dispose();
    }
  });
});
