import { BerthFailure } from '../../../../shared/errors';

/**
 * The one gate every write to a cluster goes through: a context the user marked read-only
 * in Berth is refused here, in the backend, whatever the cluster would allow and whoever
 * calls the method (a button, the router directly, a future editor).
 */
export class WriteGuard {
  constructor(private readonly readOnlyContexts: () => readonly string[]) {}

  isReadOnly(context: string): boolean {
    return this.readOnlyContexts().includes(context);
  }

  /** Throws a `permission_denied` failure naming the context when it is read-only in Berth. */
  assertWritable(context: string, what = 'change anything'): void {
    if (!this.isReadOnly(context)) return;
    throw new BerthFailure({
      code: 'permission_denied',
      message: `“${context}” is read-only in Berth: cannot ${what}; nothing was changed. Turn read-only off in the context switcher to make changes.`,
    });
  }
}

/** The reason shown on a disabled action of a read-only context. */
export const READ_ONLY_REASON = 'read-only in Berth';
