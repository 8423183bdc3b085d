import { describe, expect, it } from 'vitest';
import type { KindStatus } from '../../../shared/kube/types';
import { formatClock } from '../../components/charts/timeAxis';
import { describeKindStatus, fallbackText } from './kindStatusText';

const base: KindStatus = { context: 'berth-a', kind: 'pods', state: 'live' };

describe('the watch status above a table', () => {
  it('says how far listing got, and when it is live', () => {
    expect(describeKindStatus({ ...base, state: 'listing', listed: 1200 }, 'Pods')).toMatchObject({
      label: 'Listing',
      text: '1,200 so far',
    });
    expect(describeKindStatus(base, 'Pods')).toMatchObject({ tone: 'ok', label: 'Live', problem: false });
  });
  it('says since when rows are stale', () => {
    const at = Date.UTC(2026, 11, 1, 21, 4, 5);
    expect(describeKindStatus({ ...base, state: 'stale', staleSince: at }, 'Pods').label).toBe(
      `Stale since ${formatClock(at)}`,
    );
  });
  it('says "not allowed for this user" on 403 and shows errors as problems', () => {
    expect(describeKindStatus({ ...base, state: 'forbidden' }, 'Secrets')).toMatchObject({
      tone: 'bad',
      label: 'Not allowed for this user',
      problem: true,
    });
    expect(describeKindStatus({ ...base, state: 'error', message: 'boom' }, 'Pods')).toMatchObject({
      text: 'boom',
      problem: true,
    });
  });
  it('explains the fallback to one namespace', () => {
    expect(fallbackText({ ...base, fallbackNamespace: 'team-a' })).toBe(
      'Listing across all namespaces is not allowed: showing namespace team-a',
    );
    expect(fallbackText(base)).toBeNull();
  });
});
