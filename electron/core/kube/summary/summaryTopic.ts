import type { Router } from '../../router';
import type { ContextSummaryHolder } from './contextSummary';

/** A burst of watch events (a relist, a rollout) becomes one message per this interval. */
export const SUMMARY_COALESCE_MS = 250;

export interface SummaryLease {
  summary: ContextSummaryHolder;
  release(): void;
}

/**
 * Registers `kube.context.summary`: the summary at once, then again after changes, at
 * most once per SUMMARY_COALESCE_MS. `lease` finds the context's runtime (throwing a
 * BerthFailure the client can show when there is none).
 */
export function registerSummaryTopic(
  router: Router,
  lease: (context: string) => SummaryLease | Promise<SummaryLease>,
): void {
  router.topic('kube.context.summary', async ({ context }, sink) => {
    const held = await lease(context);
    let timer: ReturnType<typeof setTimeout> | undefined;
    sink.emit(held.summary.value);
    const stop = held.summary.onChange(() => {
      timer ??= setTimeout(() => {
        timer = undefined;
        sink.emit(held.summary.value);
      }, SUMMARY_COALESCE_MS);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
      held.release();
    };
  });
}
