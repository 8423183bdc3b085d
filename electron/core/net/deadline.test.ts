import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadlineExceeded, SilenceWatchdog, withDeadline } from './deadline';

/** A call that never answers, but stops when its signal aborts (as an HTTP request does). */
function hangs(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

describe('withDeadline', () => {
  it('passes the answer through and leaves the signal unaborted (a stream started this way lives on)', async () => {
    let seen: AbortSignal | undefined;
    const value = await withDeadline(50, async (signal) => {
      seen = signal;
      return 42;
    });
    expect(value).toBe(42);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(seen!.aborted).toBe(false);
  });

  it('rejects with a timeout that names the wait, and aborts the call', async () => {
    let seen: AbortSignal | undefined;
    const started = Date.now();
    const error = await withDeadline(40, (signal) => {
      seen = signal;
      return hangs(signal);
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceeded);
    expect((error as DeadlineExceeded).name).toBe('TimeoutError');
    expect((error as Error).message).toBe('no answer within 40 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(seen!.aborted).toBe(true);
  });

  it('rejects at the deadline even when the call ignores its signal', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withDeadline(30, () => never)).rejects.toBeInstanceOf(DeadlineExceeded);
  });

  it('aborts with its parent (the connection went away), and lets go of the parent once settled', async () => {
    const parent = new AbortController();
    const pending = withDeadline(10_000, hangs, parent.signal);
    parent.abort(new Error('connection gone'));
    await expect(pending).rejects.toThrow('connection gone');

    const other = new AbortController();
    let seen: AbortSignal | undefined;
    await withDeadline(
      1000,
      async (signal) => {
        seen = signal;
      },
      other.signal,
    );
    other.abort();
    expect(seen!.aborted).toBe(false);
  });

  it('an already aborted parent aborts the call at once', async () => {
    await expect(withDeadline(10_000, hangs, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});

describe('SilenceWatchdog', () => {
  afterEach(() => vi.useRealTimers());

  it('aborts once the stream has been silent for its time, not while it keeps talking', () => {
    vi.useFakeTimers();
    const watchdog = new SilenceWatchdog(150, () => new Error('silent'));
    for (let i = 0; i < 6; i++) {
      vi.advanceTimersByTime(100);
      watchdog.heard();
    }
    expect(watchdog.signal.aborted).toBe(false);
    vi.advanceTimersByTime(149);
    expect(watchdog.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect((watchdog.signal.reason as Error).message).toBe('silent');
  });

  it('aborts with the reason it is given, and never after stop()', () => {
    vi.useFakeTimers();
    const failed = new SilenceWatchdog(50, () => new Error('silent'));
    failed.abort(new Error('bad chunk'));
    vi.advanceTimersByTime(100);
    expect((failed.signal.reason as Error).message).toBe('bad chunk');
    const stopped = new SilenceWatchdog(50, () => new Error('silent'));
    stopped.stop();
    vi.advanceTimersByTime(100);
    expect(stopped.signal.aborted).toBe(false);
  });

  it('made unarmed, counts silence only from arm()', () => {
    vi.useFakeTimers();
    const waiting = new SilenceWatchdog(50, () => new Error('silent'), false);
    vi.advanceTimersByTime(500);
    expect(waiting.signal.aborted).toBe(false);
    waiting.arm();
    vi.advanceTimersByTime(49);
    expect(waiting.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect((waiting.signal.reason as Error).message).toBe('silent');
    const stopped = new SilenceWatchdog(50, () => new Error('silent'), false);
    stopped.stop();
    stopped.arm();
    vi.advanceTimersByTime(100);
    expect(stopped.signal.aborted).toBe(false);
  });
});
