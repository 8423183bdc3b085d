import type { KubeObject } from '../../../../shared/kube/object';
import { backoffDelay, type BackoffOptions } from '../../net/backoff';
import { SilenceWatchdog } from '../../net/deadline';
import { REQUEST_TIMEOUT_MS, type KubeRequest } from '../connection/clusterClient';
import { KubeApiError, errorFromStatus, type KubeStatus } from '../connection/kubeApiError';
import { LineSplitter } from '../../streams/lineSplitter';
import { streamList, type ListBodyReader, type ListStreamClient } from './streamList';
import { parseApiJson } from './watchJson';
import { ListSplitter } from './listSplitter';
import type { MessageSchema } from '../protobuf/messageSchema';
import { PROTOBUF, PROTOBUF_WATCH } from '../protobuf/kubeProtobuf';
import { ProtobufListReader, protobufOrJson, readerByFirstByte } from '../protobuf/protobufList';
import { ProtobufWatchReader } from '../protobuf/protobufWatch';
import { ProtoError } from '../protobuf/protoReader';
import { TABLE_ACCEPT, isServerTable, tableObjects, type ServerTable } from './serverTable';

/** What a watch needs of a cluster client (the real one, or a test's). */
export interface WatchClient extends ListStreamClient {
  json<T>(request: KubeRequest): Promise<T>;
}

export interface ApiCoordinates {
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

/** Where the watch looks: every namespace, or one (the fallback when cluster-wide listing is refused). */
export type WatchScope = { allNamespaces: true } | { allNamespaces: false; namespace: string };

export type WatchPhase =
  | { state: 'listing'; listed: number }
  | { state: 'live' }
  | { state: 'retrying'; error: unknown; attempt: number; nextRetryAt: number };

export interface WatchSink {
  /** A relist starts: what follows until `listed` is the whole truth. */
  listStart(): void;
  /** Objects of a (re)list, in order, a few at a time as they arrive. */
  listPage(objects: KubeObject[]): void;
  /** The list is complete: anything not in it is gone. */
  listed(): void;
  /** With `table`: the server's column definitions, from each list's first page. */
  table?(table: ServerTable): void;
  added(object: KubeObject): void;
  modified(object: KubeObject): void;
  deleted(object: KubeObject): void;
  phase(phase: WatchPhase): void;
}

export interface KindWatchOptions {
  client: WatchClient;
  kind: ApiCoordinates;
  scope: WatchScope;
  sink: WatchSink;
  /** The first page's size (the first screen); the pages after it are ten times bigger. */
  pageSize?: number;
  /** The server ends each watch after about this long; we then continue from the last resourceVersion. */
  watchSeconds?: number;
  /** Silence (no event, no bookmark) for longer than this restarts the watch: a half-open connection. */
  idleTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Ask for the server's Table format (kinds Berth does not declare): objects carry `tableCells`. */
  table?: boolean;
  /**
   * Ask for the API server's protobuf encoding and decode these fields of each object (the
   * ones its row reads): the server encodes a list several times faster than as JSON, and
   * the bytes no row reads are skipped unread. A server that answers in JSON is read as JSON.
   */
  protobuf?: MessageSchema;
  /**
   * List by a streaming list where the server offers one (default, except in Table format):
   * a watch that first sends every object, then a bookmark marking the end. Otherwise, and
   * once a server has shown it cannot, lists are paged.
   */
  streamingList?: boolean;
}

/** Watch errors back off up to 30 s; an API server coming back is relisted within that. */
export const WATCH_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, jitter: 0.3 };

interface ListMeta {
  resourceVersion?: string;
  continue?: string;
}

interface ListBody {
  metadata?: ListMeta;
  items?: KubeObject[];
}

/** kubectl's page size: the first screen of a big list comes in one page of it. */
const FIRST_PAGE = 500;
/** Pages after the first are this many times bigger: fewer round trips, and no more memory (items are read as they stream). */
const LATER_PAGES = 10;

/** The annotation on the bookmark that ends a streaming list's objects. */
const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

/** The server cannot stream a list (an older one, or with its WatchList feature off): page lists instead. */
class StreamingListUnsupported extends Error {}

/** One page of a list being read, and the page after it once it was asked for ahead. */
interface ListPage {
  readonly read: Promise<ListMeta | undefined>;
  readonly next: ListPage | undefined;
}

interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject | KubeStatus;
}

/**
 * List, then watch from the list's resourceVersion, for one kind in one scope. The list is a
 * streaming list where the server has one (one watch request that sends every object from the
 * API server's watch cache, a bookmark at the end, then the changes: no page is gathered, no
 * read reaches etcd, nothing waits for a round trip), else paged (`limit`/`continue`) and read
 * as it streams, each page asked for while the one before it is read. Bookmarks, a relist on
 * 410 Gone, a watchdog that restarts a silent watch, and capped backoff with jitter on every
 * other error. It never gives up on its own: `stop()` ends it. Objects go to the sink as they
 * come; the sink keeps only what it needs.
 */
export class KindWatch {
  private abort = new AbortController();
  private stopped = false;
  private attempt = 0;
  private resourceVersion: string | undefined;
  /** The schema to read protobuf with; dropped for JSON if what the server sent could not be read with it. */
  private protobuf: MessageSchema | undefined;
  /** False once the server showed it cannot stream a list. */
  private streamingList: boolean;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: KindWatchOptions) {
    this.protobuf = options.protobuf;
    this.streamingList = options.streamingList ?? !options.table;
  }

  start(): void {
    void this.run();
  }

  /** How often this watch listed, and how many of those lists a 410 Gone forced (for tests and benchmarks). */
  readonly counters = { lists: 0, gone: 0 };

  /**
   * Ends the current attempt and watches again now from the last resourceVersion seen: the
   * server replays what happened meanwhile, or says 410 Gone and we relist. For a connection
   * that may have gone half-open (the context came back, the user said "Retry now").
   */
  reconnect(): void {
    if (this.stopped) return;
    this.attempt = 0;
    this.abort.abort(new Error('reconnect'));
    this.wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort(new Error('stopped'));
    clearTimeout(this.retryTimer);
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.abort = new AbortController();
      const signal = this.abort.signal;
      try {
        // Without a resourceVersion, the watch is a streaming list (it says when it is live).
        if (this.resourceVersion === undefined && !this.streamingList) await this.list(signal);
        if (this.resourceVersion !== undefined) this.options.sink.phase({ state: 'live' });
        await this.watch(signal);
        // The server ended the watch (its timeout): continue from where we are.
        this.attempt = 0;
      } catch (error) {
        if (this.stopped) return;
        if (signal.aborted && !isTimeout(signal)) continue; // reconnect(): at once
        if (error instanceof StreamingListUnsupported) {
          this.streamingList = false;
          continue;
        }
        if (error instanceof KubeApiError && error.isGone) {
          // Our resourceVersion is too old (compaction, a restarted server's fresh cache): relist at once.
          this.counters.gone += 1;
          this.resourceVersion = undefined;
          continue;
        }
        // An object our protobuf schema cannot read: JSON from now on, where nothing is left unread.
        if (error instanceof ProtoError) this.protobuf = undefined;
        // Anything else: wait, then watch again from where we were (or list again if the list failed).
        const delay = backoffDelay(this.attempt, this.options.backoff ?? WATCH_BACKOFF);
        this.attempt += 1;
        this.options.sink.phase({ state: 'retrying', error, attempt: this.attempt, nextRetryAt: Date.now() + delay });
        await this.sleep(delay);
      }
    }
  }

  /** A (re)list begins: the sink is told, and gets the objects through the function returned. */
  private startListing(): { take: (objects: KubeObject[]) => void; report: () => void } {
    const { sink } = this.options;
    const firstPage = this.firstPage();
    let listed = 0;
    let reported = 0;
    this.counters.lists += 1;
    sink.phase({ state: 'listing', listed });
    sink.listStart();
    const report = (): void => {
      if (reported === listed) return;
      reported = listed;
      sink.phase({ state: 'listing', listed });
    };
    return {
      take: (objects) => {
        listed += objects.length;
        sink.listPage(objects);
        // The count a view shows while listing: every first page's worth, not every chunk.
        if (listed - reported >= firstPage) report();
      },
      report,
    };
  }

  private async list(signal: AbortSignal): Promise<void> {
    const { sink } = this.options;
    const { take, report } = this.startListing();
    // A page asked for ahead is given up with the list when the list fails.
    const pages = new AbortController();
    const pagesSignal = AbortSignal.any([signal, pages.signal]);
    let page = this.page({ limit: this.firstPage() }, pagesSignal, take);
    let metadata: ListMeta | undefined;
    try {
      for (;;) {
        metadata = await page.read;
        report();
        const token = metadata?.continue;
        if (!token) break;
        page = page.next ?? this.page(this.laterPage(token), pagesSignal, take);
      }
    } finally {
      pages.abort(new Error('the list is over'));
    }
    sink.listed();
    // Only a complete list gives a version to watch from: a list that failed half-way is redone.
    this.resourceVersion = metadata?.resourceVersion;
    this.attempt = 0;
  }

  /**
   * One page of a list, read after `after` (the page before it) has been read. A page's
   * continue token comes before its items, so the next page is asked for as soon as it is in:
   * the API server gathers that page (from etcd, for a continued list: hundreds of ms for
   * 5,000 pods) while this one is read, instead of after it.
   */
  private page(
    query: { limit: number; continue?: string },
    signal: AbortSignal,
    take: (objects: KubeObject[]) => void,
    after?: Promise<void>,
  ): ListPage {
    let markRead: () => void = () => {};
    // Resolves only when this page was read whole: after a failure the next one is never read, only aborted.
    const wasRead = new Promise<void>((resolve) => (markRead = resolve));
    let next: ListPage | undefined;
    const askNext = (head: Record<string, unknown>): void => {
      const token = (head as ListBody).metadata?.continue;
      if (!token || next) return;
      next = this.page(this.laterPage(token), signal, take, wasRead);
    };
    const reading = this.options.table
      ? this.tablePage(query, query.continue === undefined, signal, take)
      : this.streamPage(query, signal, take, askNext, after);
    const read = reading.then((metadata) => {
      markRead();
      return metadata;
    });
    // A page asked for ahead may fail before anyone awaits it (the list failed first): not an unhandled rejection.
    read.catch(() => {});
    return {
      read,
      get next() {
        return next;
      },
    };
  }

  /** The first page's size: the first screen. */
  private firstPage(): number {
    return this.options.pageSize ?? FIRST_PAGE;
  }

  /** The page after the one that named `token`: bigger than the first, fewer round trips. */
  private laterPage(token: string): { limit: number; continue: string } {
    return { limit: this.firstPage() * LATER_PAGES, continue: token };
  }

  /** One page, read as it streams (a big page may take long; it fails when the server stays silent). */
  private async streamPage(
    query: KubeRequest['query'],
    signal: AbortSignal,
    take: (objects: KubeObject[]) => void,
    onHead: (head: Record<string, unknown>) => void,
    begin: Promise<void> | undefined,
  ): Promise<ListMeta | undefined> {
    const { protobuf } = this;
    const onItems = (items: unknown[]): void => take(items as KubeObject[]);
    const json = (): ListBodyReader => new ListSplitter(parseApiJson, onItems, { onHead });
    const body = await streamList(
      this.options.client,
      {
        path: this.collectionPath(),
        query,
        timeoutMs: REQUEST_TIMEOUT_MS,
        ...this.accept(false),
      },
      protobuf ? protobufOrJson(() => new ProtobufListReader(protobuf, onItems, onHead), json) : json(),
      signal,
      begin,
    );
    return (body as ListBody).metadata;
  }

  /** One page in the server's Table format (kinds Berth does not declare): small rows, read whole. */
  private async tablePage(
    query: KubeRequest['query'],
    first: boolean,
    signal: AbortSignal,
    take: (objects: KubeObject[]) => void,
  ): Promise<ListMeta | undefined> {
    const body = await this.options.client.json<ListBody | ServerTable>({
      path: this.collectionPath(),
      query: { ...query, ...this.tableQuery() },
      signal,
      parse: parseApiJson,
      accept: TABLE_ACCEPT,
    });
    if (isServerTable(body)) {
      if (first) this.options.sink.table?.(body);
      take(tableObjects(body));
    } else take((body as ListBody).items ?? []);
    return body.metadata;
  }

  /**
   * One watch request, followed until the server ends it. Without a resourceVersion it is a
   * streaming list: the objects it sends first are the list, until the bookmark that ends them.
   */
  private async watch(signal: AbortSignal): Promise<void> {
    const { client, sink } = this.options;
    const watchSeconds = this.options.watchSeconds ?? 240 + Math.floor(Math.random() * 60);
    const idleMs = this.options.idleTimeoutMs ?? (watchSeconds + 30) * 1000;
    const events = this.eventReader();
    const idle = new SilenceWatchdog(idleMs, () => new Error('silent'));
    const both = AbortSignal.any([signal, idle.signal]);
    let listing = this.resourceVersion === undefined ? this.startListing() : undefined;
    const streamed = listing !== undefined;
    let failure: unknown;
    const fail = (error: unknown): void => {
      failure = error;
      idle.abort(error);
    };
    try {
      await client.stream(
        {
          path: this.collectionPath(),
          query: {
            watch: 1,
            allowWatchBookmarks: true,
            ...(streamed
              ? { sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' }
              : { resourceVersion: this.resourceVersion }),
            timeoutSeconds: watchSeconds,
            ...this.tableQuery(),
          },
          ...this.accept(true),
        },
        (chunk) => {
          idle.heard();
          let read: WatchEvent[];
          try {
            read = events(chunk);
          } catch (error) {
            // Bytes that are not this encoding: the stream cannot be followed further; watch again.
            fail(error);
            return;
          }
          // A streaming list's objects go to the sink a chunk at a time, as a list's do.
          const listed: KubeObject[] = [];
          for (const event of read) {
            if (event.type === 'ERROR') {
              fail(errorFromStatus(event.object as KubeStatus, 500));
              return;
            }
            if (listing) {
              if (event.type === 'BOOKMARK') {
                const meta = (event.object as KubeObject).metadata;
                // A bookmark before the end mark: the server watches, but does not stream lists.
                if (meta?.annotations?.[INITIAL_EVENTS_END] !== 'true') {
                  fail(new StreamingListUnsupported('no end of the initial events'));
                  return;
                }
                if (listed.length) listing.take(listed.splice(0));
                listing = undefined;
                sink.listed();
                this.resourceVersion = meta.resourceVersion;
                this.attempt = 0;
                sink.phase({ state: 'live' });
              } else if (event.type === 'DELETED') sink.deleted(event.object as KubeObject);
              else listed.push(event.object as KubeObject);
              continue;
            }
            // In Table format each event carries a one-row Table (a bookmark carries bare metadata).
            const raw: unknown = event.object;
            const table = isServerTable(raw) ? raw : undefined;
            const objects = table ? tableObjects(table) : [event.object as KubeObject];
            if (table) {
              for (const row of table.rows ?? []) {
                const version = row.object?.metadata?.resourceVersion;
                if (version) this.resourceVersion = version;
              }
            }
            for (const object of objects) {
              if (object?.metadata?.resourceVersion) this.resourceVersion = object.metadata.resourceVersion;
              if (event.type === 'ADDED') sink.added(object);
              else if (event.type === 'MODIFIED') sink.modified(object);
              else if (event.type === 'DELETED') sink.deleted(object);
            }
          }
          if (listing && listed.length) listing.take(listed);
        },
        both,
      );
    } catch (error) {
      if (failure) throw failure;
      // A server that does not know streaming lists refuses their parameters (422 Invalid).
      if (streamed && error instanceof KubeApiError && (error.statusCode === 422 || error.statusCode === 400)) {
        throw new StreamingListUnsupported(error.message);
      }
      if (idle.signal.aborted && !signal.aborted) {
        // Silence: start over from the last resourceVersion we saw (or list again).
        return;
      }
      throw error;
    } finally {
      idle.stop();
    }
    if (failure) throw failure;
    // Ended by the server before the end of its list: a server that never marks it.
    if (listing) throw new StreamingListUnsupported('the watch ended before the end of the initial events');
  }

  /** The events in each chunk of the watch stream: JSON lines, or protobuf frames (told by the first byte). */
  private eventReader(): (chunk: Buffer) => WatchEvent[] {
    const json = (): ((chunk: Buffer) => WatchEvent[]) => {
      const lines = new LineSplitter(MAX_EVENT_BYTES);
      return (chunk) => {
        const events: WatchEvent[] = [];
        for (const line of lines.push(chunk)) {
          const event = parseEvent(line);
          if (event) events.push(event);
        }
        return events;
      };
    };
    const { protobuf } = this;
    if (!protobuf) return json();
    const readerFor = readerByFirstByte(() => {
      const frames = new ProtobufWatchReader(protobuf, MAX_EVENT_BYTES);
      // Objects decoded through a schema have the JSON shape of the fields it names.
      return (chunk: Buffer) => frames.push(chunk) as unknown as WatchEvent[];
    }, json);
    return (chunk) => readerFor(chunk)?.(chunk) ?? [];
  }

  private tableQuery(): Record<string, string> {
    return this.options.table ? { includeObject: 'Metadata' } : {};
  }

  /** Table, protobuf (JSON where the server cannot), or JSON; a watch's protobuf is framed as a stream. */
  private accept(watch: boolean): { accept?: string } {
    if (this.options.table) return { accept: TABLE_ACCEPT };
    if (this.protobuf) return { accept: `${watch ? PROTOBUF_WATCH : PROTOBUF}, application/json` };
    return {};
  }

  private collectionPath(): string {
    const { group, version, plural } = this.options.kind;
    const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
    const scope = this.options.scope;
    return scope.allNamespaces ? `${base}/${plural}` : `${base}/namespaces/${scope.namespace}/${plural}`;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        clearTimeout(this.retryTimer);
        this.wake = undefined;
        resolve();
      };
      this.retryTimer = setTimeout(() => this.wake?.(), ms);
    });
  }
}

/** One event's line; pods with big specs run to tens of kB, a ConfigMap up to 1 MiB and more. */
const MAX_EVENT_BYTES = 4 * 1024 * 1024;

/** A watch line as an event, or undefined for a blank or broken one: one bad line must not end the watch. */
function parseEvent(line: string): WatchEvent | undefined {
  if (!line) return undefined;
  try {
    return parseApiJson(line) as WatchEvent;
  } catch {
    return undefined;
  }
}

function isTimeout(signal: AbortSignal): boolean {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === 'TimeoutError';
}
