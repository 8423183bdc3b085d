import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../shared/kube/object';
import type { KubeRequest } from '../connection/clusterClient';
import { podMessage } from '../protobuf/podMessage';
import { KubeApiError } from '../connection/kubeApiError';
import { KindWatch, type KindWatchOptions, type WatchClient, type WatchSink } from './kindWatch';

const pod = (name: string, rv: string): KubeObject => ({ metadata: { name, uid: `uid-${name}`, resourceVersion: rv } });

/**
 * A scripted client: each list or watch request takes the next answer of its queue. Only the
 * watch's own decisions are under test here; the cluster tests cover the real API server.
 */
function scripted(
  lists: Array<() => unknown>,
  watches: Array<(emit: (line: unknown) => void, signal: AbortSignal) => Promise<void>>,
) {
  const requests: KubeRequest[] = [];
  const client: WatchClient = {
    json: <T>(request: KubeRequest): Promise<T> => {
      requests.push(request);
      const next = lists.shift();
      if (!next) return new Promise(() => {});
      try {
        return Promise.resolve(next() as T);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    stream: (request, onChunk, signal, begin) => {
      requests.push(request);
      if (!request.query?.watch) {
        // A list: its body as the server streams it, in small pieces that cut through strings
        // and escapes (a Buffer as it is: a body cut short). As the real client does, a page
        // asked for ahead is read once `begin` resolves, and an abort meanwhile ends it.
        const next = lists.shift();
        if (!next) return new Promise(() => {});
        const send = (): void => {
          const answer = next();
          const body = Buffer.isBuffer(answer) ? answer : Buffer.from(JSON.stringify(answer));
          for (let at = 0; at < body.length; at += 7) onChunk(body.subarray(at, at + 7));
        };
        if (!begin) {
          try {
            send();
            return Promise.resolve();
          } catch (error) {
            return Promise.reject(error instanceof Error ? error : new Error(String(error)));
          }
        }
        return new Promise<void>((resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
          void begin.then(() => {
            if (signal.aborted) return;
            send();
            resolve();
          });
        });
      }
      const next = watches.shift();
      if (!next)
        return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      // As the real client does: an abort ends the stream with an error.
      const aborted = new Promise<void>((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
      );
      // A Buffer goes as it is (raw bytes, a broken line); anything else as one JSON line.
      const send = (line: unknown) => onChunk(Buffer.isBuffer(line) ? line : Buffer.from(`${JSON.stringify(line)}\n`));
      return Promise.race([next(send, signal), aborted]);
    },
  };
  return { client, requests };
}

function recorder(): WatchSink & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    listStart: () => log.push('listStart'),
    listPage: (objects) => log.push(`page ${objects.map((o) => o.metadata.name).join(',')}`),
    listed: () => log.push('listed'),
    added: (o) => log.push(`added ${o.metadata.name}`),
    modified: (o) => log.push(`modified ${o.metadata.name}`),
    deleted: (o) => log.push(`deleted ${o.metadata.name}`),
    phase: (p) => log.push(`phase ${p.state}`),
  };
}

const kind = { group: '', version: 'v1', plural: 'pods', namespaced: true };

/**
 * A watch of every namespace's pods, started, with quick retries and paged lists unless
 * `options` say otherwise (streaming lists have tests of their own).
 */
function startWatch(client: WatchClient, sink: WatchSink, options: Partial<KindWatchOptions> = {}): KindWatch {
  const watch = new KindWatch({
    client,
    kind,
    scope: { allNamespaces: true },
    sink,
    watchSeconds: 60,
    backoff: { initialMs: 20, maxMs: 40, jitter: 0 },
    streamingList: false,
    ...options,
  });
  watch.start();
  return watch;
}
const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('KindWatch', () => {
  it('asks for protobuf where it has a schema, and reads a server that answers in JSON as JSON', async () => {
    const { client, requests } = scripted(
      [() => ({ metadata: { resourceVersion: '10' }, items: [pod('a', '5')] })],
      [
        async (emit) => {
          emit({ type: 'ADDED', object: pod('b', '12') });
          await new Promise(() => {});
        },
      ],
    );
    const sink = recorder();
    const watch = startWatch(client, sink, { protobuf: podMessage });
    await until(() => sink.log.includes('added b'));
    watch.stop();
    expect(sink.log.filter((l) => !l.startsWith('phase'))).toEqual(['listStart', 'page a', 'listed', 'added b']);
    expect(requests.map((r) => r.accept)).toEqual([
      'application/vnd.kubernetes.protobuf, application/json',
      'application/vnd.kubernetes.protobuf;stream=watch, application/json',
    ]);
  });

  it('reads as JSON from then on a kind whose protobuf it could not read, and says why meanwhile', async () => {
    const { client, requests } = scripted(
      [
        // The envelope's magic, then a number where only length-delimited fields can be.
        () => Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x08, 0x01]),
        () => ({ metadata: { resourceVersion: '10' }, items: [pod('a', '5')] }),
      ],
      [],
    );
    const sink = recorder();
    const watch = startWatch(client, sink, { protobuf: podMessage });
    await until(() => sink.log.includes('page a'));
    watch.stop();
    expect(sink.log).toContain('phase retrying');
    expect(requests.map((r) => r.accept?.split(',')[0])).toEqual([
      'application/vnd.kubernetes.protobuf',
      undefined,
      undefined,
    ]);
  });

  it('lists page by page, then watches from the list’s resourceVersion', async () => {
    const { client, requests } = scripted(
      [
        () => ({ metadata: { continue: 'c1', resourceVersion: '10' }, items: [pod('a', '5')] }),
        () => ({ metadata: { resourceVersion: '11' }, items: [pod('b', '6')] }),
      ],
      [
        async (emit) => {
          emit({ type: 'ADDED', object: pod('c', '12') });
          emit({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '13' } } });
          await new Promise(() => {});
        },
      ],
    );
    const sink = recorder();
    const watch = startWatch(client, sink, { pageSize: 1 });
    await until(() => sink.log.includes('added c'));
    watch.stop();
    expect(sink.log.filter((l) => !l.startsWith('phase'))).toEqual([
      'listStart',
      'page a',
      'page b',
      'listed',
      'added c',
    ]);
    expect(requests[0]!.query).toMatchObject({ limit: 1 });
    expect(requests[1]!.query).toMatchObject({ continue: 'c1' });
    expect(requests[2]!.path).toBe('/api/v1/pods');
    expect(requests[2]!.query).toMatchObject({ watch: 1, allowWatchBookmarks: true, resourceVersion: '11' });
  });

  it('asks for the next page as soon as a page names it, and reads it after that page', async () => {
    const many = Array.from({ length: 20 }, (_, i) => pod(`a${i}`, '5'));
    const { client, requests } = scripted(
      [
        () => ({ metadata: { continue: 'c1', resourceVersion: '10' }, items: many }),
        () => ({ metadata: { continue: 'c2', resourceVersion: '10' }, items: [pod('b', '6')] }),
        () => ({ metadata: { resourceVersion: '10' }, items: [pod('c', '7')] }),
      ],
      [],
    );
    const sink = recorder();
    // What had been read of the first page when the second was asked for.
    let readWhenAsked = -1;
    const watched: typeof client = {
      ...client,
      stream: (request, onChunk, signal, begin) => {
        if (request.query?.continue === 'c1') readWhenAsked = sink.log.filter((l) => l.startsWith('page')).length;
        return client.stream(request, onChunk, signal, begin);
      },
    };
    const watch = startWatch(watched, sink);
    await until(() => sink.log.includes('listed'));
    watch.stop();
    // Asked for before the first page's items were read (its head comes first) ...
    expect(readWhenAsked).toBe(0);
    expect(requests.map((r) => r.query?.continue)).toEqual([undefined, 'c1', 'c2', undefined]);
    // ... and read after them, in order.
    const pages = sink.log.filter((l) => l.startsWith('page')).join(' ');
    expect(pages).toMatch(/^page a0,.*a19 page b page c$/);
  });

  it('gives up the page asked for ahead when the page before it fails, and lists again', async () => {
    let aborted = 0;
    const { client, requests } = scripted(
      [
        // Cut short after its head and first item: this page fails once read to its end.
        () => Buffer.from('{"metadata":{"continue":"c1","resourceVersion":"10"},"items":[{"metadata":{"name":"a"'),
        () => ({ metadata: { resourceVersion: '10' }, items: [pod('b', '6')] }),
        () => ({ metadata: { resourceVersion: '11' }, items: [pod('a', '5')] }),
      ],
      [],
    );
    const watched: typeof client = {
      ...client,
      stream: (request, onChunk, signal, begin) => {
        signal.addEventListener('abort', () => (aborted += request.query?.continue === 'c1' ? 1 : 0));
        return client.stream(request, onChunk, signal, begin);
      },
    };
    const sink = recorder();
    const watch = startWatch(watched, sink);
    await until(() => sink.log.includes('listed'));
    watch.stop();
    expect(requests[1]!.query).toMatchObject({ continue: 'c1' });
    expect(aborted).toBe(1);
    // The page asked for ahead was never read: the only list that completed is the second one.
    expect(sink.log.filter((l) => !l.startsWith('phase'))).toEqual(['listStart', 'listStart', 'page a', 'listed']);
  });

  it('hands objects on without managedFields, and skips a broken line without ending the watch', async () => {
    const managedFields = [{ manager: 'kubectl', fieldsV1: { 'f:spec': {} } }];
    const managed = (name: string, rv: string) => ({ metadata: { ...pod(name, rv).metadata, managedFields } });
    const objects: KubeObject[] = [];
    const { client } = scripted(
      [() => ({ metadata: { resourceVersion: '10' }, items: [managed('l', '9')] })],
      [
        async (emit) => {
          emit({ type: 'ADDED', object: managed('a', '11') });
          emit(Buffer.from('{"type":"MODIFIED","object":{"metadata":{"name"\n'));
          emit({ type: 'MODIFIED', object: managed('b', '12') });
          await new Promise(() => {});
        },
      ],
    );
    const sink = {
      ...recorder(),
      listPage: (page: KubeObject[]) => objects.push(...page),
      added: (o: KubeObject) => objects.push(o),
      modified: (o: KubeObject) => objects.push(o),
    };
    const watch = startWatch(client, sink);
    await until(() => objects.length === 3);
    watch.stop();
    expect(objects).toEqual([pod('l', '9'), pod('a', '11'), pod('b', '12')]);
  });

  it('relists at once when the watch says 410 Gone (history compacted)', async () => {
    const { client, requests } = scripted(
      [
        () => ({ metadata: { resourceVersion: '10' }, items: [] }),
        () => ({ metadata: { resourceVersion: '99' }, items: [pod('a', '90')] }),
      ],
      [
        async (emit) => {
          emit({
            type: 'ERROR',
            object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' },
          });
          await new Promise(() => {});
        },
      ],
    );
    const sink = recorder();
    const watch = startWatch(client, sink);
    await until(() => sink.log.filter((l) => l === 'listed').length === 2);
    watch.stop();
    expect(watch.counters).toEqual({ lists: 2, gone: 1 });
    expect(sink.log).not.toContain('phase retrying');
    expect(requests.at(-1)!.query).toMatchObject({ watch: 1, resourceVersion: '99' });
  });

  it('restarts a watch that stays silent past its watchdog, from the last resourceVersion seen', async () => {
    const { client, requests } = scripted(
      [() => ({ metadata: { resourceVersion: '10' }, items: [] })],
      [
        async (emit, signal) => {
          emit({ type: 'MODIFIED', object: pod('a', '15') });
          // Then nothing, not even a bookmark: a half-open connection.
          await new Promise<void>((_resolve, reject) =>
            signal.addEventListener('abort', () => reject(new Error('aborted'))),
          );
        },
      ],
    );
    const sink = recorder();
    const watch = startWatch(client, sink, { idleTimeoutMs: 100 });
    await until(() => requests.length === 3);
    watch.stop();
    expect(requests[2]!.query).toMatchObject({ watch: 1, resourceVersion: '15' });
    expect(sink.log.filter((l) => l === 'listStart')).toHaveLength(1);
  });

  it('after a broken watch, waits and watches again from the last resourceVersion instead of relisting', async () => {
    const { client, requests } = scripted(
      [() => ({ metadata: { resourceVersion: '10' }, items: [] })],
      [
        async (emit) => {
          emit({ type: 'ADDED', object: pod('a', '17') });
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        },
      ],
    );
    const sink = recorder();
    const watch = startWatch(client, sink);
    await until(() => requests.length === 3);
    watch.stop();
    expect(requests[2]!.query).toMatchObject({ watch: 1, resourceVersion: '17' });
    expect(watch.counters).toEqual({ lists: 1, gone: 0 });
    expect(sink.log).toContain('phase retrying');
  });

  it('backs off and relists after an error, saying when it retries', async () => {
    const { client } = scripted(
      [
        () => {
          throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        },
        () => ({ metadata: { resourceVersion: '10' }, items: [pod('a', '5')] }),
      ],
      [],
    );
    const sink = recorder();
    const watch = startWatch(client, sink, { scope: { allNamespaces: false, namespace: 'team-a' } });
    await until(() => sink.log.includes('page a'));
    watch.stop();
    expect(sink.log.slice(0, 4)).toEqual(['phase listing', 'listStart', 'phase retrying', 'phase listing']);
  });
});

describe('KindWatch, streaming lists', () => {
  const end = (resourceVersion: string) => ({
    type: 'BOOKMARK',
    object: { metadata: { resourceVersion, annotations: { 'k8s.io/initial-events-end': 'true' } } },
  });
  const hang = () => new Promise<void>(() => {});
  const streaming = { streamingList: true };

  it('lists by one watch that sends every object, then its end, then the changes; watches on from the end’s version', async () => {
    const { client, requests } = scripted(
      [],
      [
        async (emit) => {
          emit({ type: 'ADDED', object: pod('a', '5') });
          emit({ type: 'ADDED', object: pod('b', '6') });
          emit(end('10'));
          emit({ type: 'MODIFIED', object: pod('a', '11') });
          // The server ends the watch (its timeout): the next one goes on from 11.
        },
        async (emit) => {
          emit({ type: 'ADDED', object: pod('c', '12') });
          await hang();
        },
      ],
    );
    const sink = recorder();
    const watch = startWatch(client, sink, streaming);
    await until(() => sink.log.includes('added c'));
    watch.stop();
    expect(sink.log.filter((l) => l !== 'phase listing')).toEqual([
      'listStart',
      'page a',
      'page b',
      'listed',
      'phase live',
      'modified a',
      'phase live',
      'added c',
    ]);
    expect(requests[0]!.query).toMatchObject({
      watch: 1,
      allowWatchBookmarks: true,
      sendInitialEvents: true,
      resourceVersionMatch: 'NotOlderThan',
    });
    expect(requests[0]!.query).not.toHaveProperty('resourceVersion');
    expect(requests[1]!.query).toMatchObject({ watch: 1, resourceVersion: '11' });
    expect(requests[1]!.query).not.toHaveProperty('sendInitialEvents');
    expect(watch.counters).toEqual({ lists: 1, gone: 0 });
  });

  it('pages its lists from then on when the server refuses a streaming list (422)', async () => {
    const { client, requests } = scripted(
      [
        () => ({ metadata: { resourceVersion: '10' }, items: [pod('a', '5')] }),
        () => ({ metadata: { resourceVersion: '30' }, items: [pod('a', '25')] }),
      ],
      [
        () =>
          Promise.reject(
            new KubeApiError(422, 'Invalid', 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden'),
          ),
        async (emit) => {
          emit({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old' } });
          await hang();
        },
        hang,
      ],
    );
    const sink = recorder();
    const watch = startWatch(client, sink, streaming);
    await until(() => requests.length === 5);
    watch.stop();
    expect(
      requests.map((r) => (r.query?.sendInitialEvents ? 'streaming list' : r.query?.watch ? 'watch' : 'list')),
    ).toEqual(['streaming list', 'list', 'watch', 'list', 'watch']);
    expect(sink.log.filter((l) => !l.startsWith('phase')).slice(-3)).toEqual(['listStart', 'page a', 'listed']);
  });

  it('pages its lists when a bookmark comes before the end mark (a server that ignores the request)', async () => {
    const { client, requests } = scripted(
      [() => ({ metadata: { resourceVersion: '10' }, items: [pod('a', '5')] })],
      [
        async (emit) => {
          emit({ type: 'ADDED', object: pod('a', '5') });
          emit({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '9' } } });
          await hang();
        },
        hang,
      ],
    );
    const sink = recorder();
    const watch = startWatch(client, sink, streaming);
    await until(() => requests.length === 3);
    watch.stop();
    expect(requests[1]!.query).toMatchObject({ limit: 500 });
    expect(requests[2]!.query).toMatchObject({ watch: 1, resourceVersion: '10' });
    expect(sink.log.filter((l) => !l.startsWith('phase'))).toEqual([
      'listStart',
      'page a',
      'listStart',
      'page a',
      'listed',
    ]);
  });

  it('lists again whole after a streaming list cut short, never watching from where it broke off', async () => {
    const { client, requests } = scripted(
      [],
      [
        async (emit) => {
          emit({ type: 'ADDED', object: pod('a', '5') });
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        },
        async (emit) => {
          emit({ type: 'ADDED', object: pod('b', '6') });
          emit(end('20'));
          await hang();
        },
        hang,
      ],
    );
    const sink = recorder();
    const watch = startWatch(client, sink, streaming);
    await until(() => sink.log.includes('listed'));
    watch.stop();
    expect(
      requests.slice(0, 2).every((r) => r.query?.sendInitialEvents === true && !('resourceVersion' in r.query)),
    ).toBe(true);
    expect(sink.log.filter((l) => !l.startsWith('phase listing'))).toEqual([
      'listStart',
      'page a',
      'phase retrying',
      'listStart',
      'page b',
      'listed',
      'phase live',
    ]);
    expect(watch.counters).toEqual({ lists: 2, gone: 0 });
  });
});
