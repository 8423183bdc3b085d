import { describe, expect, it } from 'vitest';
import { uptimeCell } from './uptime';

describe('uptimeCell', () => {
  const now = 1_000_000_000;
  it('uses the start time, with the exact time on hover', () => {
    const cell = uptimeCell({ state: 'running', startedAt: now - 120_000, createdAt: now - 3_600_000 }, now);
    expect(cell?.text).toBe('2m');
    expect(cell?.title).toMatch(/^Started /);
  });
  it('falls back to the creation time and says so', () => {
    const cell = uptimeCell({ state: 'running', createdAt: now - 7_000 }, now);
    expect(cell?.text).toBe('7s');
    expect(cell?.title).toMatch(/^Created .*start time not reported/);
  });
  it('is empty for containers that are not running', () => {
    expect(uptimeCell({ state: 'exited', createdAt: now - 7_000 }, now)).toBeNull();
  });
});
