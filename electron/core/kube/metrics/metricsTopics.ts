import type { Router, Unsubscribe } from '../../router';
import type { KubeMetrics } from './kubeMetrics';

/**
 * The context's metrics while a subscription holds it: `release` lets the context's runtime
 * go (a no-op when the runtime does not count leases).
 */
export interface MetricsLease {
  metrics: KubeMetrics;
  release(): void;
}

/**
 * Registers `kube.metrics.latest` and `kube.metrics.series`. `lease` finds the context's
 * runtime (throwing a BerthFailure the client can show when there is none).
 */
export function registerMetricsTopics(
  router: Router,
  lease: (context: string) => MetricsLease | Promise<MetricsLease>,
): void {
  router.topic('kube.metrics.latest', async ({ context, target, namespaces }, sink) => {
    const held = await lease(context);
    return holding(
      held,
      held.metrics.subscribeLatest(target, namespaces, (event) => sink.emit(event)),
    );
  });
  router.topic('kube.metrics.series', async ({ context, target, namespace, name }, sink) => {
    const held = await lease(context);
    try {
      return holding(
        held,
        held.metrics.subscribeSeries({ target, namespace, name }, (event) => sink.emit(event)),
      );
    } catch (error) {
      held.release();
      throw error;
    }
  });
}

function holding(held: MetricsLease, stop: Unsubscribe): Unsubscribe {
  return () => {
    stop();
    held.release();
  };
}
