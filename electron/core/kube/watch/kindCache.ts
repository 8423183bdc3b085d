import type { KindDeclaration } from '../../../../shared/kube/kind';
import type { MessageSchema } from '../protobuf/messageSchema';
import { toRow } from '../../../../shared/kube/kind';
import type { KubeObject } from '../../../../shared/kube/object';
import type { KindStatus, KubeRow } from '../../../../shared/kube/types';
import { Observable } from '../../app/observable';
import { LiveCollection } from '../../streams/liveCollection';
import { KubeApiError } from '../connection/kubeApiError';
import { describeKubeError } from '../kubeErrors';
import {
  KindWatch,
  type KindWatchOptions,
  type WatchClient,
  type WatchPhase,
  type WatchScope,
  type WatchSink,
} from './kindWatch';
import { tableColumns, type TableObject } from './serverTable';
import { StringPool } from './stringPool';
import { protobufSchemaOf } from '../protobuf/protobufKinds';

export interface KindCacheOptions {
  context: string;
  server: string;
  client: WatchClient;
  declaration: KindDeclaration;
  /** The context's namespace: where to look when listing across all namespaces is refused. */
  defaultNamespace: string;
  /** Test knobs for the watch (shorter watchdog, paged lists). */
  watch?: Pick<KindWatchOptions, 'idleTimeoutMs' | 'watchSeconds' | 'pageSize' | 'streamingList'>;
  /**
   * A kind Berth does not declare: rows come from the server's own Table format, with its
   * columns (the declaration's cells and health are not used).
   */
  table?: boolean;
}

/** Rows sent as soon as they are listed, before the collection's next batch: a screenful and more. */
export const FIRST_SCREEN_ROWS = 500;
/** Watch events reach the views at most this often. */
const ROWS_FLUSH_MS = 100;
/**
 * While a list streams in, the rows after the first screen go out this often: every delta
 * costs the table a pass over all its rows (order, keys, counts), so fewer, bigger ones get a
 * list of 10,000 on screen sooner. The list's end is sent the moment it is read.
 */
const LISTING_FLUSH_MS = 300;

/**
 * The live state of one kind in one context, shared by every view: the slim rows (a
 * LiveCollection, so subscribers get a snapshot then batched deltas) and the status of the
 * watch behind them. Full objects are not kept: each is turned into its row as it arrives.
 */
export class KindCache {
  /** A row changes exactly when its object's resourceVersion does. */
  readonly rows = new LiveCollection<KubeRow>(
    ROWS_FLUSH_MS,
    (a, b) => a.resourceVersion !== '' && a.resourceVersion === b.resourceVersion,
  );
  readonly status: Observable<KindStatus>;
  private watch: KindWatch | undefined;
  private scope: WatchScope = { allNamespaces: true };
  /** Ids seen by the relist in progress: the rest are gone when it completes. */
  private seen: Set<string> | undefined;
  private staleSince: number | undefined;
  private disposed = false;
  /** The server Table's columns (table mode), with each one's index in a row's cells. */
  private columns: ReturnType<typeof tableColumns> = [];
  private readonly declaration: KindDeclaration;
  private readonly strings = new StringPool();

  constructor(private readonly options: KindCacheOptions) {
    this.declaration = options.table
      ? {
          ...options.declaration,
          cells: (object) => {
            const cells = (object as TableObject).tableCells ?? [];
            return Object.fromEntries(this.columns.map((c) => [c.id, cells[c.index] ?? null]));
          },
          health: () => ({ level: 'unknown' }),
        }
      : options.declaration;
    this.status = new Observable<KindStatus>({
      context: options.context,
      kind: options.declaration.kind,
      state: 'listing',
      listed: 0,
    });
  }

  start(): void {
    this.startWatch();
  }

  /** Watches again now from where it was (the context came back; the user said "Retry now"). */
  reconnect(): void {
    this.watch?.reconnect();
  }

  /** Lists and 410-forced relists so far, for tests and benchmarks. */
  get counters(): { lists: number; gone: number } {
    return this.watch?.counters ?? { lists: 0, gone: 0 };
  }

  /**
   * The context stopped answering (its probe failed): the rows stay, marked stale since then,
   * until the watch has relisted. A watch on a half-open connection would not notice by itself.
   */
  markStale(since: number, problem: { message: string; hint?: string; detail?: string }): void {
    if (this.disposed) return;
    const current = this.status.value;
    if (current.state === 'forbidden' || current.state === 'unsupported') return;
    this.staleSince ??= since;
    this.status.set({ ...current, state: 'stale', staleSince: this.staleSince, ...problem });
  }

  dispose(): void {
    this.disposed = true;
    this.watch?.stop();
    this.rows.dispose();
  }

  private startWatch(): void {
    const { declaration, client, watch, table } = this.options;
    this.watch?.stop();
    this.watch = new KindWatch({
      client,
      kind: declaration,
      scope: this.scope,
      sink: this.sink(),
      ...watch,
      ...(table ? { table } : protobufOption(declaration)),
    });
    this.watch.start();
  }

  private sink(): WatchSink {
    const { declaration } = this;
    const upsert = (object: KubeObject): void => {
      const meta = object?.metadata;
      if (!meta?.uid) return;
      // A relist brings every object again, most unchanged: a row is derived only from a new version.
      const known = this.rows.get(meta.uid);
      if (known && known.resourceVersion !== '' && known.resourceVersion === meta.resourceVersion) return;
      this.rows.upsert(this.strings.internRow(toRow(declaration, object), known));
    };
    return {
      listStart: () => {
        this.seen = new Set();
        this.rows.setFlushInterval(LISTING_FLUSH_MS);
      },
      listPage: (objects) => {
        const before = this.seen?.size ?? 0;
        for (const object of objects) {
          if (!object?.metadata?.uid) continue;
          this.seen?.add(object.metadata.uid);
          upsert(object);
        }
        // The first screen of a big list goes out at once; the rest in the collection's batches.
        if (before < FIRST_SCREEN_ROWS && (this.seen?.size ?? 0) >= FIRST_SCREEN_ROWS) this.rows.flush();
      },
      listed: () => {
        const seen = this.seen;
        this.seen = undefined;
        if (!seen) return;
        for (const row of this.rows.values()) if (!seen.has(row.id)) this.rows.delete(row.id);
        // Every row is out before the status says the list is complete.
        this.rows.flush();
        this.rows.setFlushInterval(ROWS_FLUSH_MS);
      },
      added: upsert,
      modified: upsert,
      deleted: (object) => {
        if (!object?.metadata?.uid) return;
        this.rows.delete(object.metadata.uid);
      },
      phase: (phase) => this.onPhase(phase),
      table: (table) => {
        this.columns = tableColumns(table);
        this.status.set({ ...this.status.value, columns: this.columns.map(({ index: _index, ...column }) => column) });
      },
    };
  }

  private onPhase(phase: WatchPhase): void {
    if (this.disposed) return;
    // A list that failed half-way leaves the rows it read at the pace of watch events.
    if (phase.state === 'retrying') this.rows.setFlushInterval(ROWS_FLUSH_MS);
    const { context, declaration } = this.options;
    const base = {
      context,
      kind: declaration.kind,
      ...this.fallback(),
      ...(this.options.table ? { columns: this.columns.map(({ index: _index, ...column }) => column) } : {}),
    };
    if (phase.state === 'listing') {
      this.status.set({ ...base, state: 'listing', listed: phase.listed, ...this.stale() });
      return;
    }
    if (phase.state === 'live') {
      this.staleSince = undefined;
      this.status.set({ ...base, state: 'live' });
      return;
    }
    const { error } = phase;
    if (error instanceof KubeApiError && error.statusCode === 403) {
      if (this.scope.allNamespaces && declaration.namespaced) {
        // Not allowed across namespaces: the context's own namespace may still be (kubectl's default).
        this.scope = { allNamespaces: false, namespace: this.options.defaultNamespace };
        this.rows.clear();
        queueMicrotask(() => !this.disposed && this.startWatch());
        return;
      }
      this.rows.clear();
      this.status.set({
        ...base,
        state: 'forbidden',
        message: `Not allowed for this user: listing ${declaration.plural}${this.where()} in “${context}”.`,
        hint: 'Ask for list and watch permission on this kind, or pick another namespace or context.',
        detail: error.message,
      });
      return;
    }
    if (error instanceof KubeApiError && error.statusCode === 404) {
      this.status.set({
        ...base,
        state: 'unsupported',
        message: `The cluster of “${context}” does not serve ${declaration.plural} (${declaration.group || 'core'}/${declaration.version}).`,
      });
      return;
    }
    this.staleSince ??= Date.now();
    const problem = describeKubeError(error, context, this.options.server);
    this.status.set({ ...base, state: 'stale', staleSince: this.staleSince, ...problem });
  }

  private fallback(): Pick<KindStatus, 'fallbackNamespace'> {
    return this.scope.allNamespaces ? {} : { fallbackNamespace: this.scope.namespace };
  }

  private stale(): Pick<KindStatus, 'staleSince'> {
    return this.staleSince === undefined ? {} : { staleSince: this.staleSince };
  }

  private where(): string {
    if (!this.options.declaration.namespaced) return '';
    return this.scope.allNamespaces ? ' across all namespaces' : ` in namespace “${this.scope.namespace}”`;
  }
}

function protobufOption(kind: KindDeclaration): { protobuf?: MessageSchema } {
  const schema = protobufSchemaOf(kind);
  return schema ? { protobuf: schema } : {};
}
