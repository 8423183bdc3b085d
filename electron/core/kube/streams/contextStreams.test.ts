import { describe, expect, it } from 'vitest';
import { BerthFailure } from '../../../../shared/errors';
import { ContextStreams } from './contextStreams';

describe('the streams in flight on one context', () => {
  it('refuses a stream past its cap with a readable message, and frees the slot when one closes', () => {
    const streams = new ContextStreams('prod', { logs: 2, exec: 1, forward: 1 });
    const a = streams.reserve('logs');
    streams.reserve('logs');
    expect(() => streams.reserve('logs')).toThrow(BerthFailure);
    expect(() => streams.reserve('logs')).toThrow(/Too many open log streams on “prod” \(at most 2\)/);
    streams.reserve('exec');
    a.close();
    expect(() => streams.reserve('logs')).not.toThrow();
  });

  it('closes every stream with its reason when the context goes away', () => {
    const streams = new ContextStreams('dev');
    const logs = streams.reserve('logs');
    const forward = streams.reserve('forward');
    streams.closeAll('The context was switched');
    expect(logs.signal.aborted).toBe(true);
    expect(forward.signal.aborted).toBe(true);
    expect(forward.reason).toBe('The context was switched');
    expect(streams.list()).toEqual([]);
  });

  it('closes only the kind asked for', () => {
    const streams = new ContextStreams('dev');
    const logs = streams.reserve('logs');
    const forward = streams.reserve('forward');
    streams.closeAll('switched', 'forward');
    expect(forward.signal.aborted).toBe(true);
    expect(logs.signal.aborted).toBe(false);
    expect(streams.get(logs.id)).toBe(logs);
  });
});
