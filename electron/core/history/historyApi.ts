import type { DockerService } from '../docker/dockerService';
import type { KubeService } from '../kube/kubeService';
import type { Router } from '../router';

/**
 * The `history.*` methods: dashboards of engines and contexts, timelines of containers, pods
 * and workloads, read from the histories each engine and context runtime records.
 */
export function registerHistoryApi(router: Router, docker: DockerService, kube: KubeService): void {
  router.method('history.engine', ({ engineId, windowMs }) => docker.runtime(engineId).history.dashboard(windowMs));
  router.method('history.container', ({ engineId, id, windowMs }) => {
    const runtime = docker.runtime(engineId);
    return runtime.history.timeline(runtime.resolveContainer(id), windowMs);
  });
  // Asking for a context's history uses it (it starts recording if it was not), like any view.
  router.method('history.context', ({ context, windowMs }) => {
    const { runtime, done } = kube.use(context);
    try {
      return runtime.history.dashboard(windowMs);
    } finally {
      done();
    }
  });
  router.method('history.kube.timeline', async ({ context, kind, namespace, name, windowMs }) => {
    const { runtime, done } = kube.use(context);
    try {
      return await runtime.history.timeline(kind, namespace, name, windowMs);
    } finally {
      done();
    }
  });
}
