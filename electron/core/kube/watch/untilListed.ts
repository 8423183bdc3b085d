import type { KindStatus } from '../../../../shared/kube/types';

/** What a kind's watch says of itself (KindCache.status). */
export interface KindStatusSource {
  watch(listener: (status: KindStatus) => void): () => void;
}

/**
 * Settles once a watch is past its first list (live, or given up on), or has `rows` of it in;
 * after `timeoutMs` at most, or when cancelled. Work that should not compete with a list a user
 * waits for starts when it settles.
 */
export function untilListed(
  status: KindStatusSource,
  options: { rows?: number; timeoutMs?: number } = {},
): { done: Promise<void>; cancel: () => void } {
  let cancel = (): void => {};
  const done = new Promise<void>((resolve) => {
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => cancel(), options.timeoutMs);
    timer?.unref?.();
    let unwatch = (): void => {};
    let settled = false;
    cancel = () => {
      settled = true;
      clearTimeout(timer);
      unwatch();
      resolve();
    };
    unwatch = status.watch((value) => {
      if (value.state !== 'listing' || (options.rows !== undefined && (value.listed ?? 0) >= options.rows)) cancel();
    });
    // The watch may have answered at once, before `unwatch` was known.
    if (settled) unwatch();
  });
  return { done, cancel: () => cancel() };
}
