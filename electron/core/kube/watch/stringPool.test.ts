import { describe, expect, it } from 'vitest';
import { toRow } from '../../../../shared/kube/kind';
import { builtinKind } from '../../../../shared/kube/kinds';
import fixturePods from '../../../../shared/kube/kinds/fixtures/pods.json';
import { all } from '../../../../shared/kube/kinds/fixtures/pick';
import type { KubeObject } from '../../../../shared/kube/object';
import { StringPool } from './stringPool';

const pods = builtinKind('pods')!;
const rowOf = (pod: KubeObject) => toRow(pods, pod);

/** Two pods of the same ReplicaSet in the seeded cluster: same owner, account, namespace. */
function siblings(): [KubeObject, KubeObject] {
  const owned = all(fixturePods).filter((p) => p.metadata.ownerReferences?.[0]?.kind === 'ReplicaSet');
  const owner = owned[0]!.metadata.ownerReferences![0]!.uid;
  const same = owned.filter((p) => p.metadata.ownerReferences![0]!.uid === owner);
  expect(same.length).toBeGreaterThanOrEqual(2);
  return [same[0]!, same[1]!];
}

describe('StringPool', () => {
  it('changes no value of a row', () => {
    const pool = new StringPool();
    for (const pod of all(fixturePods)) expect(pool.internRow(rowOf(pod))).toEqual(rowOf(pod));
  });

  it('gives the pods of one ReplicaSet the same reference objects and strings', () => {
    const pool = new StringPool();
    const [a, b] = siblings().map((pod) => pool.internRow(rowOf(pod)));
    const owner = (row: typeof a) => row!.refs!.find((r) => r.relation === 'owner')!;
    const account = (row: typeof a) => row!.refs!.find((r) => r.relation === 'serviceAccount')!;
    expect(owner(a)).toBe(owner(b));
    expect(account(a)).toBe(account(b));
    expect(Object.isFrozen(owner(a))).toBe(true);
  });

  it('stays within its limit, and rows made before a reset keep their values', () => {
    const pool = new StringPool(5);
    const rows = all(fixturePods).map((pod) => pool.internRow(rowOf(pod)));
    expect(pool.size).toBeLessThanOrEqual(5);
    expect(rows).toEqual(all(fixturePods).map(rowOf));
  });

  it('takes from the version a row replaces what did not change, and only that', () => {
    const pool = new StringPool();
    const [pod] = siblings();
    const before = pool.internRow(rowOf(pod));
    // The next version: a new status and a new label, the rest as it was.
    const next = structuredClone(pod);
    next.metadata.resourceVersion = '999999';
    next.metadata.labels = { ...next.metadata.labels, tier: 'web' };
    (next.status as { phase?: string }).phase = 'Failed';
    const after = pool.internRow(rowOf(next), before);
    expect(after).toEqual(rowOf(next));
    expect(after.refs).toBe(before.refs);
    expect(after.labels).not.toBe(before.labels);
    expect(after.labels?.tier).toBe('web');
    // Labels as they were are shared whole.
    const again = pool.internRow(rowOf(next), after);
    expect(again.labels).toBe(after.labels);
    expect(again).toEqual(rowOf(next));
    // A reference that changed is not taken from the old row.
    const moved = structuredClone(next);
    (moved.spec as { nodeName?: string }).nodeName = 'another-node';
    const rescheduled = pool.internRow(rowOf(moved), again);
    expect(rescheduled.refs).not.toBe(again.refs);
    expect(rescheduled).toEqual(rowOf(moved));
  });
});
