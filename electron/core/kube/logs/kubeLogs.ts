import type { Router } from '../../router';
import type { ClusterRuntime } from '../clusterRuntime';
import { followPodLog } from './podLogs';
import { followWorkloadLogs } from './workloadLogs';

/** Runs a topic on a context: holds it while subscribed, ends the subscription when it closes. */
export type OnContext = (
  context: string,
  sink: { fail(error: { code: 'unavailable'; message: string }): void },
  start: (runtime: ClusterRuntime) => Promise<() => void>,
) => Promise<() => void>;

/** `kube.pod.logs` and `kube.workload.logs`. */
export function registerLogTopics(router: Router, onContext: OnContext): void {
  router.topic('kube.pod.logs', ({ context, ...target }, sink) =>
    onContext(context, sink, (runtime) => followPodLog(runtime, target, sink)),
  );
  router.topic('kube.workload.logs', ({ context, ...request }, sink) =>
    onContext(context, sink, (runtime) => followWorkloadLogs(runtime, request, sink)),
  );
}
