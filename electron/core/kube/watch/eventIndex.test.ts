import { describe, expect, it, vi } from 'vitest';
import type { CollectionEvent } from '../../../../shared/collection';
import type { KubeEventRow, KubeRow } from '../../../../shared/kube/types';
import { EventIndex } from './eventIndex';

function event(id: string, involvedUid: string | undefined, reason = 'Scheduled', count = 1): KubeRow {
  return {
    id,
    kind: 'Event',
    name: `web.${id}`,
    namespace: 'team-a',
    createdAt: 1_000,
    resourceVersion: '1',
    cells: { type: 'Normal', reason, message: `${reason} <b>web</b>`, count, lastSeen: 2_000, firstSeen: 1_000 },
    health: { level: 'ok', reason },
    ...(involvedUid
      ? { refs: [{ relation: 'targets' as const, kind: 'Pod', name: 'web', namespace: 'team-a', uid: involvedUid }] }
      : {}),
  };
}

/** A subscriber's view of one object's events, applied as the renderer applies them. */
function follow(index: EventIndex, uid: string): { rows: Map<string, KubeEventRow>; stop: () => void } {
  const rows = new Map<string, KubeEventRow>();
  const stop = index.subscribe(uid, (e: CollectionEvent<KubeEventRow>) => {
    if (e.type === 'snapshot') {
      rows.clear();
      for (const row of e.rows) rows.set(row.id, row);
    } else {
      for (const row of e.upserts) rows.set(row.id, row);
      for (const id of e.deletes) rows.delete(id);
    }
  });
  return { rows, stop };
}

describe('EventIndex', () => {
  it('finds the events of an object by its uid, as event rows', () => {
    const index = new EventIndex();
    index.apply({ type: 'snapshot', seq: 0, rows: [event('e1', 'pod-1'), event('e2', 'pod-2'), event('e3', 'pod-1')] });
    expect(index.forUid('pod-1').map((r) => r.id)).toEqual(['e1', 'e3']);
    const [row] = index.forUid('pod-2');
    expect(row).toMatchObject({
      id: 'e2',
      type: 'Normal',
      reason: 'Scheduled',
      message: 'Scheduled <b>web</b>',
      involved: { kind: 'Pod', name: 'web', namespace: 'team-a', uid: 'pod-2' },
      object: { name: 'web.e2', namespace: 'team-a' },
    });
    expect(index.forUid('pod-3')).toEqual([]);
  });

  it('replaces an event in place, forgets a deleted one, and drops an empty bucket', () => {
    const index = new EventIndex();
    index.apply({ type: 'snapshot', seq: 0, rows: [event('e1', 'pod-1'), event('e2', 'pod-1')] });
    index.apply({ type: 'delta', seq: 1, upserts: [event('e1', 'pod-1', 'BackOff', 7)], deletes: [] });
    expect(index.forUid('pod-1').map((r) => [r.id, r.reason, r.count])).toEqual([
      ['e1', 'BackOff', 7],
      ['e2', 'Scheduled', 1],
    ]);
    index.apply({ type: 'delta', seq: 2, upserts: [], deletes: ['e1', 'e2', 'never-seen'] });
    expect(index.forUid('pod-1')).toEqual([]);
    // A later event about the same object starts a fresh bucket.
    index.apply({ type: 'delta', seq: 3, upserts: [event('e4', 'pod-1')], deletes: [] });
    expect(index.forUid('pod-1').map((r) => r.id)).toEqual(['e4']);
  });

  it('moves an event that now names another object, and ignores one about nothing', () => {
    const index = new EventIndex();
    index.apply({ type: 'snapshot', seq: 0, rows: [event('e1', 'pod-1'), event('e2', undefined)] });
    index.apply({ type: 'delta', seq: 1, upserts: [event('e1', 'pod-2')], deletes: [] });
    expect(index.forUid('pod-1')).toEqual([]);
    expect(index.forUid('pod-2').map((r) => r.id)).toEqual(['e1']);
    index.apply({ type: 'delta', seq: 2, upserts: [event('e1', undefined)], deletes: [] });
    expect(index.forUid('pod-2')).toEqual([]);
  });

  it('keeps a subscriber of one object current, and a relist replaces what it saw', async () => {
    const index = new EventIndex();
    index.apply({ type: 'snapshot', seq: 0, rows: [event('e1', 'pod-1'), event('e2', 'pod-2')] });
    const view = follow(index, 'pod-1');
    expect([...view.rows.keys()]).toEqual(['e1']);
    index.apply({ type: 'delta', seq: 1, upserts: [event('e3', 'pod-1'), event('e4', 'pod-2')], deletes: [] });
    // The collection batches changes a few milliseconds apart, as it does for every topic.
    await vi.waitFor(() => expect([...view.rows.keys()].sort()).toEqual(['e1', 'e3']));
    index.apply({ type: 'delta', seq: 2, upserts: [], deletes: ['e1'] });
    await vi.waitFor(() => expect([...view.rows.keys()]).toEqual(['e3']));
    index.apply({ type: 'snapshot', seq: 3, rows: [event('e5', 'pod-1')] });
    await vi.waitFor(() => expect([...view.rows.keys()]).toEqual(['e5']));
    view.stop();
    // Without a subscriber the index still answers a one-off read.
    expect(index.forUid('pod-1').map((r) => r.id)).toEqual(['e5']);
  });
});
