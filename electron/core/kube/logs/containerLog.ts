/**
 * One container's log from the API server (`pods/{name}/log`): the request, its lines, what
 * a failed request means in words, and why a followed log ended.
 */
import { BerthFailure } from '../../../../shared/errors';
import type { Container } from '../../../../shared/kube/kinds/podSpec';
import type { ContainerStatus, Pod } from '../../../../shared/kube/kinds/podStatus';
import type { LogLine } from '../../../../shared/logs';
import { LineSplitter } from '../../streams/lineSplitter';
import { toLogLine } from '../../streams/logLine';
import type { ClusterClient } from '../connection/clusterClient';
import { KubeApiError } from '../connection/kubeApiError';

export interface ContainerLogTarget {
  namespace: string;
  pod: string;
  container: string;
  /** The log of the container's last terminated run (read once, not followed). */
  previous: boolean;
  tailLines?: number | undefined;
  sinceSeconds?: number | undefined;
}

type PodWithEphemeral = Pod & { status?: { ephemeralContainerStatuses?: ContainerStatus[] } };

export function podPath(namespace: string, pod: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}`;
}

/**
 * Reads a container's log, following it unless `previous`, and hands over whole lines with
 * their timestamps parsed off (the API server's RFC3339Nano prefix). Resolves when the
 * server ends the log, rejects when the request fails; abort `signal` to stop.
 */
export async function readContainerLog(
  client: ClusterClient,
  target: ContainerLogTarget,
  signal: AbortSignal,
  onLines: (lines: LogLine[]) => void,
): Promise<void> {
  const splitter = new LineSplitter();
  const send = (raw: string[]): void => {
    if (raw.length) onLines(raw.map((line) => toLogLine(line, 'stdout', true)));
  };
  await client.stream(
    {
      path: `${podPath(target.namespace, target.pod)}/log`,
      query: {
        follow: !target.previous,
        timestamps: true,
        container: target.container,
        previous: target.previous || undefined,
        tailLines: target.tailLines,
        sinceSeconds: target.sinceSeconds,
      },
    },
    (chunk) => send(splitter.push(chunk)),
    signal,
  );
  send(splitter.flush());
}

function statusOf(pod: PodWithEphemeral, container: string): ContainerStatus | undefined {
  const status = pod.status;
  return [
    ...(status?.containerStatuses ?? []),
    ...(status?.initContainerStatuses ?? []),
    ...(status?.ephemeralContainerStatuses ?? []),
  ].find((s) => s.name === container);
}

function containersOf(pod: Pod): Container[] {
  const spec = pod.spec;
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? []), ...(spec?.ephemeralContainers ?? [])];
}

/** Whether a container ever ran (running now, or terminated now or before). */
function hasRun(status: ContainerStatus | undefined): boolean {
  return Boolean(
    status?.state?.running || status?.state?.terminated || status?.lastState?.terminated || status?.restartCount,
  );
}

/**
 * Why a container's log cannot be read, decided from the pod before asking for it (the
 * server's own answers vary by kubelet, and some simulate logs that do not exist).
 */
export function logProblem(pod: Pod, target: ContainerLogTarget): BerthFailure | null {
  const where = `pod “${target.namespace}/${target.pod}”`;
  if (!containersOf(pod).some((c) => c.name === target.container)) {
    return new BerthFailure({
      code: 'invalid_input',
      message: `The ${where} has no container named “${target.container}”.`,
    });
  }
  const status = statusOf(pod, target.container);
  if (target.previous) {
    if (status?.lastState?.terminated || status?.restartCount) return null;
    return new BerthFailure({
      code: 'not_found',
      message: `There are no previous logs of container “${target.container}”: it has not restarted, so there is no previous container.`,
    });
  }
  if (hasRun(status)) return null;
  const why = status?.state?.waiting?.reason ?? pod.status?.phase ?? 'Pending';
  return new BerthFailure({
    code: 'unavailable',
    message: `Container “${target.container}” has not started yet (${why}). Its logs appear once it runs: retry then.`,
  });
}

/** A failed log request → what the user reads. */
export function logFailure(error: unknown, target: ContainerLogTarget, context: string): BerthFailure | null {
  if (error instanceof BerthFailure) return error;
  if (!(error instanceof KubeApiError)) return null;
  const where = `pod “${target.namespace}/${target.pod}”`;
  if (error.statusCode === 403) {
    return new BerthFailure({
      code: 'permission_denied',
      message: `You are not allowed to read the logs of ${where} in “${context}” (reading logs needs “get” on pods/log).`,
      detail: error.message,
    });
  }
  if (error.statusCode === 404) {
    return new BerthFailure({ code: 'not_found', message: `The ${where} no longer exists in “${context}”.` });
  }
  if (error.statusCode === 400) {
    if (/previous terminated container/i.test(error.message)) {
      return new BerthFailure({
        code: 'not_found',
        message: `There are no previous logs of container “${target.container}”: there is no previous container.`,
        detail: error.message,
      });
    }
    if (/waiting to start|ContainerCreating|PodInitializing/i.test(error.message)) {
      return new BerthFailure({
        code: 'unavailable',
        message: `Container “${target.container}” has not started yet. Its logs appear once it runs: retry then.`,
        detail: error.message,
      });
    }
    return new BerthFailure({
      code: 'invalid_input',
      message: `The API server refused to send the logs of ${where}.`,
      detail: error.message,
    });
  }
  return null;
}

/** Why a followed log ended: the pod is gone (or replaced), the container exited, or the server closed it. */
export async function whyLogEnded(
  client: ClusterClient,
  target: ContainerLogTarget,
  uid: string | undefined,
  signal: AbortSignal,
): Promise<string> {
  try {
    const pod = await client.json<Pod>({ path: podPath(target.namespace, target.pod), signal });
    if (uid !== undefined && pod.metadata.uid !== uid) return 'pod deleted (a new pod has its name)';
    const terminated = statusOf(pod, target.container)?.state?.terminated;
    if (terminated) {
      const reason = terminated.reason ? `, ${terminated.reason}` : '';
      return `container exited (exit code ${terminated.exitCode ?? 0}${reason})`;
    }
    return 'the API server ended the log stream';
  } catch (error) {
    if (error instanceof KubeApiError && error.statusCode === 404) return 'pod deleted';
    return 'the log stream ended (the cluster did not say why)';
  }
}
