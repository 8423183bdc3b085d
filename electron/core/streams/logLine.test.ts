import { describe, expect, it } from 'vitest';
import { toLogLine } from './logLine';
import { parseRfc3339Nano } from './timestamps';

describe('timestamps', () => {
  it('parses RFC3339Nano to epoch ms, keeping sub-millisecond digits', () => {
    expect(parseRfc3339Nano('2024-05-01T12:00:00.123456789Z')).toBeCloseTo(Date.UTC(2024, 4, 1, 12) + 123.456789, 5);
    expect(parseRfc3339Nano('2024-05-01T12:00:00Z')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(parseRfc3339Nano('2024-05-01T14:00:00.5+02:00')).toBe(Date.UTC(2024, 4, 1, 12) + 500);
    expect(parseRfc3339Nano('0001-01-01T00:00:00Z')).toBeUndefined();
    expect(parseRfc3339Nano('yesterday')).toBeUndefined();
  });

  it('splits the timestamp off a log line, and leaves a line without one alone', () => {
    expect(toLogLine('2024-05-01T12:00:00.000000001Z hello world', 'stdout', true)).toEqual({
      t: Date.UTC(2024, 4, 1, 12) + 0.000001,
      stream: 'stdout',
      text: 'hello world',
    });
    expect(toLogLine('no timestamp here', 'stderr', true)).toEqual({ stream: 'stderr', text: 'no timestamp here' });
    expect(toLogLine('2024-05-01T12:00:00Z kept', 'stdout', false).text).toBe('2024-05-01T12:00:00Z kept');
  });
});
