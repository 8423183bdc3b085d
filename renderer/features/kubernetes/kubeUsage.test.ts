import { describe, expect, it } from 'vitest';
import { SPARK_POINTS, type KubeMetricsEvent, type KubeMetricsRow } from '../../../shared/kube/summary';
import type { KubeRow } from '../../../shared/kube/types';
import { emptyCollection } from '../../store/collection';
import { applyUsageEvent, cpuUnit, formatCpu, usageKey, usageOfRow, usageNote, usageTarget } from './kubeUsage';

const m = (id: string, cpu: number): KubeMetricsRow => ({ id, cpu, memory: 64 * 1024 * 1024, t: 1, spark: [cpu] });
const r = (name: string, namespace?: string): KubeRow => ({
  id: `uid-${namespace ?? ''}-${name}`,
  kind: 'Pod',
  name,
  ...(namespace ? { namespace } : {}),
  createdAt: 0,
  resourceVersion: '1',
  cells: {},
  health: { level: 'ok' },
});

describe('usage beside the rows', () => {
  it('exists for pods and nodes only', () => {
    expect(usageTarget('pods')).toBe('pods');
    expect(usageTarget('nodes')).toBe('nodes');
    expect(usageTarget('deployments.apps')).toBeNull();
  });

  it('finds pods by namespace/name and nodes by name', () => {
    expect(usageKey('pods', r('api', 'team-a'))).toBe('team-a/api');
    expect(usageKey('nodes', r('node-0'))).toBe('node-0');
    const metrics = new Map([
      ['team-a/api', m('team-a/api', 25)],
      ['team-b/api', m('team-b/api', 90)],
    ]);
    const usageOf = usageOfRow('pods', metrics);
    expect(usageOf(r('api', 'team-a'))?.cpu).toBe(25);
    expect(usageOf(r('api', 'team-b'))?.cpu).toBe(90);
    expect(usageOf(r('db', 'team-a'))).toBeUndefined();
  });

  it('reads CPU as kubectl top does: millicores, then cores', () => {
    expect(formatCpu(25.4)).toBe('25m');
    expect(formatCpu(1000)).toBe('1 core');
    expect(formatCpu(2345)).toBe('2.35 cores');
    expect(cpuUnit([{ t: 0, cpu: 300, memory: 0 }]).title).toBe('CPU (millicores)');
    expect(cpuUnit([{ t: 0, cpu: 3000, memory: 0 }])).toMatchObject({ scale: 1000, title: 'CPU (cores)' });
  });
});

describe('when CPU and memory have nothing to show, it is said once', () => {
  const base = { error: null, loaded: true, usageRows: 0, tableRows: 5, availability: null };
  it('says nothing while there are samples, or no rows to show them for', () => {
    expect(usageNote({ ...base, usageRows: 5 })).toBeNull();
    expect(usageNote({ ...base, tableRows: 0 })).toBeNull();
    expect(usageNote({ ...base, loaded: false })).toBeNull();
  });
  it('says why: the topic failed, metrics-server is missing, not allowed, or not sampled yet', () => {
    expect(usageNote({ ...base, error: 'boom' })).toBe('CPU and memory are unavailable: boom');
    expect(usageNote({ ...base, availability: { state: 'missing' } })).toMatch(/install metrics-server/);
    expect(usageNote({ ...base, availability: { state: 'forbidden', message: 'no' } })).toBe(
      'CPU and memory are unavailable: no',
    );
    expect(usageNote({ ...base, availability: { state: 'waiting' } })).toMatch(/waiting for the first sample/);
    expect(usageNote(base)).toMatch(/waiting/);
  });
});

describe('usage follows kube.metrics.latest: whole rows once, then new samples', () => {
  const MiB = 1024 * 1024;
  const full = Array.from({ length: SPARK_POINTS }, (_, i) => i);
  const snapshot: KubeMetricsEvent = {
    type: 'snapshot',
    seq: 0,
    rows: [
      { id: 'shop/web', cpu: SPARK_POINTS - 1, memory: MiB, t: 1000, spark: full },
      { id: 'shop/db', cpu: 5, memory: 2 * MiB, t: 1000, spark: [4, 5] },
      { id: 'shop/old', cpu: 1, memory: MiB, t: 1000, spark: [1] },
    ],
  };
  const held = applyUsageEvent(emptyCollection(), snapshot)!;

  it('makes each sample its row’s usage and the newest point of its sparkline, which keeps its length', () => {
    const next = applyUsageEvent(held, {
      type: 'delta',
      seq: 1,
      rows: [{ id: 'shop/new', cpu: 7, memory: MiB, t: 16_000, spark: [6, 7] }],
      samples: [
        { id: 'shop/web', cpu: 900, memory: 3 * MiB, t: 16_000 },
        { id: 'shop/db', cpu: 6, memory: 2 * MiB, t: 16_000 },
      ],
      deletes: ['shop/old'],
    })!;
    expect(next.seq).toBe(1);
    expect(next.rows.get('shop/web')).toEqual({
      id: 'shop/web',
      cpu: 900,
      memory: 3 * MiB,
      t: 16_000,
      spark: [...full.slice(1), 900],
    });
    expect(next.rows.get('shop/db')!.spark).toEqual([4, 5, 6]);
    expect(next.rows.get('shop/new')!.spark).toEqual([6, 7]);
    expect([...next.rows.keys()].sort()).toEqual(['shop/db', 'shop/new', 'shop/web']);
    // Sorting by CPU reads the new sample.
    expect(usageOfRow('pods', next.rows)(r('web', 'shop'))?.cpu).toBe(900);
    // The state held before is left as it was (the table compares them).
    expect(held.rows.get('shop/web')!.spark).toBe(full);
    expect(held.rows.has('shop/old')).toBe(true);
  });

  it('starts over from a snapshot when a delta is missed or names a row it does not hold', () => {
    const delta = (seq: number, id: string): KubeMetricsEvent => ({
      type: 'delta',
      seq,
      rows: [],
      samples: [{ id, cpu: 1, memory: MiB, t: 16_000 }],
      deletes: [],
    });
    expect(applyUsageEvent(held, delta(2, 'shop/web'))).toBeNull();
    expect(applyUsageEvent(held, delta(1, 'shop/unknown'))).toBeNull();
    expect(applyUsageEvent(held, delta(1, 'shop/web'))).not.toBeNull();
  });
});
