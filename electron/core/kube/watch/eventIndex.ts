import type { CollectionEvent } from '../../../../shared/collection';
import type { KubeEventRow, KubeRow } from '../../../../shared/kube/types';
import { LiveCollection } from '../../streams/liveCollection';
import { eventRowOf } from '../summary/eventRows';

/**
 * Events by the uid of the object they are about, so a details panel finds an object's
 * events in one lookup instead of scanning every event of the cluster. Fed by the Events
 * watch; a collection per uid exists only while someone looks at that object.
 */
export class EventIndex {
  private readonly byUid = new Map<string, Map<string, KubeEventRow>>();
  /** event uid → involved uid, to find an event's bucket when it is deleted. */
  private readonly owner = new Map<string, string>();
  private readonly views = new Map<string, LiveCollection<KubeEventRow>>();
  private readonly warningListeners = new Set<(row: KubeEventRow) => void>();

  /** Follows the rows of the Events kind (a snapshot, then deltas). */
  apply(event: CollectionEvent<KubeRow>): void {
    if (event.type === 'snapshot') {
      this.byUid.clear();
      this.owner.clear();
      for (const view of this.views.values()) view.clear();
      for (const row of event.rows) this.upsert(row);
      return;
    }
    for (const row of event.upserts) this.upsert(row);
    for (const id of event.deletes) this.delete(id);
  }

  private upsert(eventRow: KubeRow): void {
    const row = eventRowOf(eventRow);
    const uid = row.involved.uid;
    if (!uid) return;
    let bucket = this.byUid.get(uid);
    if (!bucket) this.byUid.set(uid, (bucket = new Map()));
    bucket.set(row.id, row);
    this.owner.set(row.id, uid);
    this.views.get(uid)?.upsert(row);
    if (row.type === 'Warning') for (const listener of this.warningListeners) listener(row);
  }

  private delete(id: string): void {
    const uid = this.owner.get(id);
    if (!uid) return;
    this.owner.delete(id);
    const bucket = this.byUid.get(uid);
    bucket?.delete(id);
    if (bucket?.size === 0) this.byUid.delete(uid);
    this.views.get(uid)?.delete(id);
  }

  /** The events of one object, kept current while subscribed. */
  subscribe(uid: string, emit: Parameters<LiveCollection<KubeEventRow>['subscribe']>[0]): () => void {
    let view = this.views.get(uid);
    if (!view) {
      view = new LiveCollection<KubeEventRow>();
      view.replaceAll(this.byUid.get(uid)?.values() ?? []);
      this.views.set(uid, view);
    }
    const unsubscribe = view.subscribe(emit);
    const held = view;
    return () => {
      unsubscribe();
      if (held.subscriberCount === 0 && this.views.get(uid) === held) {
        held.dispose();
        this.views.delete(uid);
      }
    };
  }

  /** The events of one object now (its timeline reads them once). */
  forUid(uid: string): KubeEventRow[] {
    return [...(this.byUid.get(uid)?.values() ?? [])];
  }

  /** Every Warning event as it arrives (the Overview's latest warnings). */
  onWarning(listener: (row: KubeEventRow) => void): () => void {
    this.warningListeners.add(listener);
    return () => this.warningListeners.delete(listener);
  }

  /** The latest warnings, newest first. */
  latestWarnings(limit: number): KubeEventRow[] {
    const warnings: KubeEventRow[] = [];
    for (const bucket of this.byUid.values())
      for (const row of bucket.values()) if (row.type === 'Warning') warnings.push(row);
    return warnings.sort((a, b) => b.lastSeen - a.lastSeen).slice(0, limit);
  }

  get size(): number {
    return this.owner.size;
  }
}
