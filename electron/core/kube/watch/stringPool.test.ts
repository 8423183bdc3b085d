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
});
