import type { DrainPod, DrainProgress } from '../../../../shared/kube/actions';
import type { KubeObject } from '../../../../shared/kube/object';
import { backoffDelay, type BackoffOptions } from '../../net/backoff';
import { KubeApiError } from '../connection/kubeApiError';
import { describeTarget, setUnschedulable, writeFailure, type Write } from './objectWrites';

/** A PodDisruptionBudget that says no now may say yes once a replacement pod is ready: ask again, slower each time. */
const PDB_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 10_000, jitter: 0.2 };
/** How often an evicted pod is looked for until it is gone. */
const GONE_POLL_MS = 500;

export interface DrainTuning {
  backoff?: BackoffOptions;
  pollMs?: number;
}

interface Pod extends KubeObject {
  status?: { phase?: string };
}

/** Pods a drain leaves alone: their DaemonSet would put them right back, and mirror pods belong to the kubelet. */
export function skippedByDrain(pod: KubeObject): boolean {
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return true;
  return (pod.metadata.ownerReferences ?? []).some((ref) => ref.kind === 'DaemonSet' && ref.controller === true);
}

/** "The disruption budget web-pdb needs 2 healthy pods and has 2 currently" → the words the user reads. */
export function pdbWaitMessage(error: KubeApiError): string {
  const cause = error.causes.find((c) => c.reason === 'DisruptionBudget')?.message ?? '';
  const match = /disruption budget (\S+) needs (\d+) healthy pods? and has (\d+)/.exec(cause);
  if (match) return `waiting for PodDisruptionBudget ${match[1]} (needs ${match[2]} healthy, has ${match[3]})`;
  return `waiting for a PodDisruptionBudget (${error.message})`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * `kubectl drain`: cordon the Node, then evict each of its pods (except DaemonSet-owned and
 * mirror pods) through the Eviction subresource, so PodDisruptionBudgets are respected: an
 * eviction a budget refuses (429) is asked again with backoff and shown as waiting for it.
 * Reports the whole progress on every change; stops when `signal` aborts (the Node stays
 * cordoned, pods not yet evicted stay).
 */
export async function drainNode(
  write: Write,
  id: string,
  signal: AbortSignal,
  report: (progress: DrainProgress) => void,
  tuning: DrainTuning = {},
): Promise<DrainProgress> {
  const node = write.target.name;
  let progress: DrainProgress = {
    id,
    context: write.target.context,
    node,
    state: 'cordoning',
    message: `Cordoning ${describeTarget(write)}…`,
    pods: [],
    skipped: 0,
  };
  const update = (change: Partial<DrainProgress>): void => {
    progress = { ...progress, ...change };
    report(progress);
  };
  const setPod = (index: number, change: Partial<DrainPod>): void => {
    const pods = progress.pods.slice();
    pods[index] = { ...pods[index]!, ...change };
    update({ pods });
  };
  report(progress);

  let targets: Pod[];
  try {
    await setUnschedulable(write, true);
    const list = await write.runtime.client.json<{ items: Pod[] }>({
      path: '/api/v1/pods',
      query: { fieldSelector: `spec.nodeName=${node}` },
    });
    targets = list.items.filter((pod) => !skippedByDrain(pod));
    update({
      state: 'evicting',
      message: `Evicting ${targets.length} pod${targets.length === 1 ? '' : 's'} from ${describeTarget(write)}…`,
      skipped: list.items.length - targets.length,
      pods: targets.map((pod) => ({
        namespace: pod.metadata.namespace ?? '',
        name: pod.metadata.name,
        state: 'pending',
      })),
    });
  } catch (error) {
    update({ state: 'failed', message: writeFailure(write, 'drain', error).message });
    return progress;
  }

  const client = write.runtime.client;
  const evict = async (pod: Pod, index: number): Promise<void> => {
    const { namespace = '', name, uid } = pod.metadata;
    const podPath = `/api/v1/namespaces/${namespace}/pods/${name}`;
    for (let attempt = 0; !signal.aborted; attempt++) {
      setPod(index, { state: 'evicting', message: undefined });
      try {
        await client.json({
          path: `${podPath}/eviction`,
          method: 'POST',
          body: {
            apiVersion: 'policy/v1',
            kind: 'Eviction',
            metadata: { name, namespace },
            deleteOptions: { preconditions: { uid } },
          },
          signal,
        });
        break;
      } catch (error) {
        if (signal.aborted) return;
        // Gone already, or the name now belongs to another pod: this one has left the node.
        if (error instanceof KubeApiError && (error.statusCode === 404 || error.statusCode === 409)) {
          setPod(index, { state: 'gone', message: undefined });
          return;
        }
        if (error instanceof KubeApiError && error.statusCode === 429) {
          setPod(index, { state: 'blocked', message: pdbWaitMessage(error) });
          await sleep(backoffDelay(attempt, tuning.backoff ?? PDB_BACKOFF), signal);
          continue;
        }
        setPod(index, { state: 'failed', message: writeFailure(write, 'drain', error).message });
        return;
      }
    }
    if (signal.aborted) return;
    setPod(index, { state: 'evicted', message: 'terminating' });
    while (!signal.aborted) {
      try {
        const now = await client.json<Pod>({ path: podPath, signal });
        if (now.metadata.uid !== uid) break;
      } catch (error) {
        if (error instanceof KubeApiError && error.statusCode === 404) break;
        if (signal.aborted) return;
      }
      await sleep(tuning.pollMs ?? GONE_POLL_MS, signal);
    }
    if (!signal.aborted) setPod(index, { state: 'gone', message: undefined });
  };
  await Promise.all(targets.map((pod, index) => evict(pod, index)));

  // An eviction the API server accepted counts, even if the pod is still terminating when the
  // user cancels: it is leaving the node either way.
  const gone = progress.pods.filter((p) => p.state === 'gone' || p.state === 'evicted').length;
  const failed = progress.pods.filter((p) => p.state === 'failed').length;
  if (signal.aborted) {
    update({
      state: 'cancelled',
      message: `Drain cancelled: ${gone} of ${progress.pods.length} pods evicted; ${node} stays cordoned.`,
    });
  } else if (failed > 0) {
    update({
      state: 'failed',
      message: `${failed} pod${failed === 1 ? '' : 's'} could not be evicted from ${node}; ${gone} evicted; it stays cordoned.`,
    });
  } else {
    const skipped = progress.skipped ? `, ${progress.skipped} left alone (DaemonSet or mirror pods)` : '';
    update({ state: 'done', message: `Drained ${node}: ${gone} pod${gone === 1 ? '' : 's'} evicted${skipped}.` });
  }
  return progress;
}
