import { describe, expect, it } from 'vitest';
import { formatBytes, formatPercent } from './bytes';

describe('formatBytes', () => {
  it('uses binary units with one decimal for small values', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MiB');
    expect(formatBytes(2.25 * 1024 ** 3)).toBe('2.3 GiB');
  });
  it('shows a dash for unknown sizes', () => {
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatPercent', () => {
  it('keeps a decimal only where it matters', () => {
    expect(formatPercent(0.25)).toBe('0.3 %');
    expect(formatPercent(42.4)).toBe('42 %');
    expect(formatPercent(undefined)).toBe('—');
  });
});
