import { describe, expect, it } from 'vitest';
import type { DashboardHistory } from '../../../shared/history';
import {
  incidentTotals,
  markerLanes,
  markerOffset,
  parseWindow,
  stateSeries,
  timelineTone,
  usageSeries,
} from './historySeries';

const history: DashboardHistory = {
  from: 0,
  to: 10_000,
  bucketMs: 5000,
  cpuUnit: '%',
  usage: [
    { t: 0, cpu: 10, memory: 100 },
    { t: 5000, cpu: 20, memory: 200 },
  ],
  top: [{ id: 'a', name: 'web', points: [{ t: 0, cpu: 5, memory: 50 }] }],
  states: {
    keys: ['running', 'paused', 'exited'],
    points: [
      { t: 0, values: [2, 0, 1] },
      { t: 5000, values: [3, 0, 0] },
    ],
  },
  incidents: [
    { t: 0, restarts: 1, oomKills: 0, warnings: 2 },
    { t: 5000, restarts: 2, oomKills: 1, warnings: 0 },
  ],
  sampling: '',
  bytes: 0,
};

describe('dashboard series', () => {
  it('puts the total first, then each top consumer', () => {
    const series = usageSeries(history, 'cpu', 'total');
    expect(series.map((s) => s.label)).toEqual(['total', 'web']);
    expect(series[0]!.data).toEqual([
      { x: 0, y: 10 },
      { x: 5000, y: 20 },
    ]);
  });

  it('stacks only the states seen in the window, keeping their keys for the links', () => {
    expect(stateSeries(history).map((s) => [s.key, s.data.map((p) => p.y)])).toEqual([
      ['running', [2, 3]],
      ['exited', [1, 0]],
    ]);
  });

  it('totals the incidents of the window', () => {
    expect(incidentTotals(history)).toEqual({ restarts: 3, oomKills: 1, warnings: 2 });
  });

  it('accepts only the offered windows from the URL', () => {
    expect(parseWindow('3600000')).toBe(3_600_000);
    expect(parseWindow('12345')).toBe(15 * 60_000);
    expect(parseWindow(null)).toBe(15 * 60_000);
  });
});

describe('timeline markers', () => {
  it('sit at their time on the axis, clamped to it', () => {
    expect(markerOffset({ t: 2500 }, 0, 10_000)).toBe(25);
    expect(markerOffset({ t: -5 }, 0, 10_000)).toBe(0);
    expect(markerOffset({ t: 20_000 }, 0, 10_000)).toBe(100);
  });

  it('at the same time go on lanes of their own, so each can be clicked', () => {
    // A restart, its back-off and a pull at one instant; one point later, one far away.
    expect(markerLanes([50, 50, 50.5, 51, 90])).toEqual([0, 1, 2, 3, 0]);
    expect(markerLanes([50, 53, 56])).toEqual([0, 0, 0]);
    // In any order.
    expect(markerLanes([90, 50, 50])).toEqual([0, 0, 1]);
  });

  it('show OOM kills and failing probes as bad, exits and restarts as warnings, rollouts as changes', () => {
    expect(['oom', 'unhealthy', 'exit', 'restart', 'rollout', 'start'].map((k) => timelineTone(k as never))).toEqual([
      'bad',
      'bad',
      'warn',
      'warn',
      'change',
      'ok',
    ]);
  });
});
