import { BerthFailure } from '../../../../shared/errors';

/** What can be in flight on a context: each kind has its own cap. */
export type ContextStreamKind = 'logs' | 'exec' | 'forward';

/** Generous for a person, small enough that a runaway renderer cannot exhaust sockets. */
export const DEFAULT_STREAM_LIMITS: Readonly<Record<ContextStreamKind, number>> = {
  logs: 64,
  exec: 16,
  forward: 32,
};

export interface ContextStream {
  readonly id: string;
  readonly kind: ContextStreamKind;
  /** Aborted when the stream is closed from any side (the user, an unsubscribe, the context going away). */
  readonly signal: AbortSignal;
  /** Why it was closed, once it is. */
  readonly reason: string | undefined;
  /** Ends the stream and frees its slot; idempotent. */
  close(reason?: string): void;
}

/**
 * Every log stream, terminal and port-forward in flight on one context, so that closing the
 * context (switched away, removed from the kubeconfig, the app quitting) ends all of them,
 * and so that the caps hold. A slot is taken synchronously, before any await, so that many
 * requests arriving at once cannot all pass the check.
 */
export class ContextStreams {
  private readonly open = new Map<string, { stream: ContextStream; abort: AbortController }>();
  private sequence = 0;

  constructor(
    private readonly contextName: string,
    private readonly limits: Readonly<Record<ContextStreamKind, number>> = DEFAULT_STREAM_LIMITS,
  ) {}

  /** Takes a slot, or throws a message the user can read when the cap of that kind is reached. */
  reserve(kind: ContextStreamKind, label?: string): ContextStream {
    const limit = this.limits[kind];
    if (this.count(kind) >= limit) {
      throw new BerthFailure({
        code: 'unavailable',
        message: `Too many open ${noun(kind)} on “${this.contextName}” (at most ${limit}). Close one and try again.`,
      });
    }
    this.sequence += 1;
    const id = `${kind}-${this.sequence}${label ? `-${label}` : ''}`;
    const abort = new AbortController();
    let reason: string | undefined;
    const stream: ContextStream = {
      id,
      kind,
      signal: abort.signal,
      get reason() {
        return reason;
      },
      close: (why = 'closed') => {
        if (!this.open.has(id)) return;
        this.open.delete(id);
        reason = why;
        abort.abort(new Error(why));
      },
    };
    this.open.set(id, { stream, abort });
    return stream;
  }

  count(kind: ContextStreamKind): number {
    let n = 0;
    for (const { stream } of this.open.values()) if (stream.kind === kind) n += 1;
    return n;
  }

  list(kind?: ContextStreamKind): ContextStream[] {
    return [...this.open.values()].map((e) => e.stream).filter((s) => kind === undefined || s.kind === kind);
  }

  get(id: string): ContextStream | undefined {
    return this.open.get(id)?.stream;
  }

  /** Ends every stream (of one kind, or all) with the reason the user will see. */
  closeAll(reason: string, kind?: ContextStreamKind): void {
    for (const stream of this.list(kind)) stream.close(reason);
  }
}

function noun(kind: ContextStreamKind): string {
  return kind === 'logs' ? 'log streams' : kind === 'exec' ? 'terminals' : 'port-forwards';
}
