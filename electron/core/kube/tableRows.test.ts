import { describe, expect, it } from 'vitest';
import type { KubeRow } from '../../../shared/kube/types';
import { tableRow, tableRowsEvent } from './tableRows';

const owner = { relation: 'owner', kind: 'ReplicaSet', name: 'api-5d4f', namespace: 'team-a', uid: 'rs-1' } as const;
const node = { relation: 'node', kind: 'Node', name: 'node-1' } as const;
const account = { relation: 'serviceAccount', kind: 'ServiceAccount', name: 'default', namespace: 'team-a' } as const;

function pod(refs?: KubeRow['refs']): KubeRow {
  return {
    id: 'p1',
    kind: 'Pod',
    name: 'api-5d4f-x',
    namespace: 'team-a',
    createdAt: 1,
    resourceVersion: '7',
    cells: { status: 'Running' },
    health: { level: 'ok' },
    ...(refs ? { refs } : {}),
  };
}

describe('the rows sent to tables', () => {
  it('keep the owners and leave the other references in the main process', () => {
    const row = pod([owner, node, account]);
    expect(tableRow(row)).toEqual({ ...pod(), refs: [owner] });
    // The cache's row is not changed.
    expect(row.refs).toEqual([owner, node, account]);
  });

  it('have no references at all when the object has no owner', () => {
    expect(tableRow(pod([node, account]))).toEqual(pod());
    expect(tableRow(pod([node]))).not.toHaveProperty('refs');
  });

  it('are the cache’s own rows when there is nothing to leave out', () => {
    const owned = pod([owner]);
    expect(tableRow(owned)).toBe(owned);
    const bare = pod();
    expect(tableRow(bare)).toBe(bare);
  });

  it('in snapshots and deltas alike', () => {
    expect(tableRowsEvent({ type: 'snapshot', seq: 0, rows: [pod([owner, node])] })).toEqual({
      type: 'snapshot',
      seq: 0,
      rows: [pod([owner])],
    });
    expect(tableRowsEvent({ type: 'delta', seq: 1, upserts: [pod([node])], deletes: ['p0'] })).toEqual({
      type: 'delta',
      seq: 1,
      upserts: [pod()],
      deletes: ['p0'],
    });
  });
});
