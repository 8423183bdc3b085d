/** The error of a call that got no answer in time (its `name` is what AbortSignal.timeout uses). */
export class DeadlineExceeded extends Error {
  override readonly name = 'TimeoutError';
  readonly code = 'ERR_TIMEOUT';

  constructor(readonly ms: number) {
    super(`no answer within ${formatSeconds(ms)}`);
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * Runs one remote call with a deadline: `run` gets a signal that is aborted when the time is
 * up or when `parent` aborts (the connection it belongs to went away), and the returned
 * promise rejects with DeadlineExceeded at the deadline even if the call ignores its signal.
 * The timer and the link to `parent` are gone once the call settles, so a stream whose start
 * was awaited this way lives on after it (its signal is never aborted by the deadline).
 */
export function withDeadline<T>(
  ms: number,
  run: (signal: AbortSignal) => Promise<T>,
  parent?: AbortSignal,
): Promise<T> {
  // Nothing to wait for: the connection the call belongs to is already gone.
  if (parent?.aborted) return Promise.reject(parent.reason as Error);
  const controller = new AbortController();
  const onParentAbort = (): void => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onParentAbort, { once: true });
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new DeadlineExceeded(ms);
      reject(error);
      controller.abort(error);
    }, ms);
    const settle = (): void => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    };
    let started: Promise<T>;
    try {
      started = run(controller.signal);
    } catch (error) {
      settle();
      reject(error);
      return;
    }
    started.then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
  });
}

/**
 * The end of a stream that must keep talking: `signal` is aborted with `silent()`'s error once
 * `ms` pass without `heard()` (a half-open connection, a server that stopped sending), or with
 * whatever `abort` is given. One timer, re-armed on every chunk rather than made anew. Made
 * with `armed` false, it counts nothing until `arm()`: a stream opened early and read later
 * (the next page of a list) is not silent while it waits its turn.
 */
export class SilenceWatchdog {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly ms: number,
    private readonly silent: () => Error,
    armed = true,
  ) {
    if (armed) this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Starts counting silence (once; nothing after `stop()` or `abort()`). */
  arm(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => this.controller.abort(this.silent()), this.ms);
  }

  heard(): void {
    this.timer?.refresh();
  }

  abort(reason: unknown): void {
    this.stop();
    this.controller.abort(reason);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
