import type { CollectionEvent } from '../../../../shared/collection';
import type { KubeEventRow, KubeRow } from '../../../../shared/kube/types';
import { LiveCollection } from '../../streams/liveCollection';
import { eventRowOf } from '../summary/eventRows';

/**
 * Events by the uid of the object they are about, so a details panel finds an object's
 * events in one lookup instead of scanning every event of the cluster. Fed by the Events
 * watch; a collection per uid exists only while someone looks at that object.
 *
 * It holds the Events kind's own rows (no copy) in a small array per object: a cluster has
 * about one bucket per pod (its Scheduled event), and at 10,000 pods a Map per bucket and an
 * event row beside each kind row cost 7 MB of heap where the arrays cost under 1 MB.
 */
export class EventIndex {
  private readonly byUid = new Map<string, KubeRow[]>();
  /** event uid → involved uid, to find an event's bucket when it is deleted. */
  private readonly owner = new Map<string, string>();
  private readonly views = new Map<string, LiveCollection<KubeEventRow>>();

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

  private upsert(row: KubeRow): void {
    const uid = involvedUid(row);
    const before = this.owner.get(row.id);
    // An event re-pointed at another object (never in practice) leaves its old bucket.
    if (before !== undefined && before !== uid) this.delete(row.id);
    if (!uid) return;
    const bucket = this.byUid.get(uid);
    const at = bucket && before === uid ? bucket.findIndex((r) => r.id === row.id) : -1;
    // A new bucket is sized for one event: most objects have one or two.
    if (!bucket) this.byUid.set(uid, [row]);
    else if (at >= 0) bucket[at] = row;
    else bucket.push(row);
    this.owner.set(row.id, uid);
    this.views.get(uid)?.upsert(eventRowOf(row));
  }

  private delete(id: string): void {
    const uid = this.owner.get(id);
    if (uid === undefined) return;
    this.owner.delete(id);
    const bucket = this.byUid.get(uid);
    const at = bucket ? bucket.findIndex((r) => r.id === id) : -1;
    if (bucket && at >= 0) bucket.splice(at, 1);
    if (bucket?.length === 0) this.byUid.delete(uid);
    this.views.get(uid)?.delete(id);
  }

  /** The events of one object, kept current while subscribed. */
  subscribe(uid: string, emit: Parameters<LiveCollection<KubeEventRow>['subscribe']>[0]): () => void {
    let view = this.views.get(uid);
    if (!view) {
      view = new LiveCollection<KubeEventRow>();
      view.replaceAll((this.byUid.get(uid) ?? []).map(eventRowOf));
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
    return (this.byUid.get(uid) ?? []).map(eventRowOf);
  }
}

/** The uid of the object an Event is about (its `targets` reference). */
function involvedUid(row: KubeRow): string | undefined {
  return row.refs?.find((ref) => ref.relation === 'targets')?.uid;
}
