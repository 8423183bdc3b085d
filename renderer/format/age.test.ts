import { describe, expect, it } from 'vitest';
import { formatAge, formatExactTime, nextAgeChange } from './age';

const now = Date.UTC(2026, 0, 10, 12, 0, 0);

describe('formatAge', () => {
  it('picks the largest whole unit', () => {
    expect(formatAge(now - 5_000, now)).toBe('5s');
    expect(formatAge(now - 3 * 60_000 - 59_000, now)).toBe('3m');
    expect(formatAge(now - 2 * 3_600_000, now)).toBe('2h');
    expect(formatAge(now - 3 * 86_400_000, now)).toBe('3d');
    expect(formatAge(now - 800 * 86_400_000, now)).toBe('2y');
  });
  it('never shows negative ages (clock skew) and dashes unknown times', () => {
    expect(formatAge(now + 10_000, now)).toBe('0s');
    expect(formatAge(undefined, now)).toBe('—');
    expect(formatAge(0, now)).toBe('—');
  });
});

describe('formatExactTime', () => {
  it('is undefined for unknown times so no empty tooltip appears', () => {
    expect(formatExactTime(undefined)).toBeUndefined();
    expect(formatExactTime(now)).toContain('2026');
  });
  it("reads as the system's own toLocaleString", () => {
    for (const t of [now, Date.UTC(1999, 11, 31, 23, 59, 59), Date.UTC(2026, 6, 4, 0, 0, 7)])
      expect(formatExactTime(t)).toBe(new Date(t).toLocaleString());
  });
});

describe('nextAgeChange', () => {
  it('is the first moment the age reads differently: a second, a minute, … later', () => {
    expect(nextAgeChange(now - 5_400, now)).toBe(now + 600);
    expect(nextAgeChange(now - 3 * 60_000 - 59_000, now)).toBe(now + 1_000);
    expect(nextAgeChange(now - 2 * 3_600_000, now)).toBe(now + 3_600_000);
    expect(nextAgeChange(now + 10_000, now)).toBe(now + 11_000);
    expect(nextAgeChange(undefined, now)).toBe(Infinity);
  });

  it('agrees with formatAge for ages of every unit', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
    for (let i = 0; i < 2_000; i++) {
      const since = now - Math.floor(rand() ** 4 * 3 * 365 * 86_400_000);
      const at = now + Math.floor(rand() * 1000);
      const next = nextAgeChange(since, at);
      expect(next).toBeGreaterThan(at);
      expect(formatAge(since, next - 1)).toBe(formatAge(since, at));
      expect(formatAge(since, next)).not.toBe(formatAge(since, at));
    }
  });
});
