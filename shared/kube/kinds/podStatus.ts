import type { KubeObject } from '../object';
import type { Health } from '../types';
import { conditionOf, isTrue, type Condition } from './conditions';
import type { PodSpec } from './podSpec';
import { epochMs } from './timestamps';

interface Terminated {
  exitCode?: number;
  signal?: number;
  reason?: string;
  message?: string;
  finishedAt?: string;
}

interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: Terminated;
}

export interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface PodStatus {
  phase?: string;
  reason?: string;
  message?: string;
  conditions?: Condition[];
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
  podIP?: string;
  nominatedNodeName?: string;
  qosClass?: string;
}

export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: PodStatus;
}

/** What `kubectl get pods` prints for a pod: READY, STATUS and RESTARTS (with when the last one was). */
export interface PodSummary {
  ready: number;
  total: number;
  status: string;
  restarts: number;
  /** Epoch ms of the latest restart, null when none. */
  lastRestart: number | null;
}

function later(a: number | null, b: Terminated | undefined): number | null {
  const t = epochMs(b?.finishedAt);
  return t !== null && (a === null || t > a) ? t : a;
}

function exitWords(t: Terminated, init: boolean): string {
  const prefix = init ? 'Init:' : '';
  if (t.reason) return prefix + t.reason;
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode ?? 0}`;
}

/** kubectl's printed status of a pod (`printPod` in kubectl's printers), step for step. */
export function summarizePod(pod: Pod): PodSummary {
  const spec = pod.spec ?? {};
  const st = pod.status ?? {};
  const sidecars = new Set((spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const total = (spec.containers?.length ?? 0) + sidecars.size;
  let ready = 0;
  let restarts = 0;
  let lastRestart: number | null = null;
  let sidecarRestarts = 0;
  let sidecarLastRestart: number | null = null;
  let status = st.reason || st.phase || 'Unknown';
  const scheduled = conditionOf(st.conditions, 'PodScheduled');
  if (scheduled?.reason === 'SchedulingGated') status = 'SchedulingGated';

  let initializing = false;
  const inits = st.initContainerStatuses ?? [];
  for (const [i, c] of inits.entries()) {
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, c.lastState?.terminated);
    const sidecar = sidecars.has(c.name);
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      sidecarLastRestart = later(sidecarLastRestart, c.lastState?.terminated);
    }
    const { terminated, waiting } = c.state ?? {};
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && c.started) {
      if (c.ready) ready++;
      continue;
    }
    initializing = true;
    if (terminated) status = exitWords(terminated, true);
    else if (waiting?.reason && waiting.reason !== 'PodInitializing') status = `Init:${waiting.reason}`;
    else status = `Init:${i}/${spec.initContainers?.length ?? inits.length}`;
    break;
  }

  if (!initializing || isTrue(st.conditions, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = sidecarLastRestart;
    let hasRunning = false;
    const containers = st.containerStatuses ?? [];
    for (let i = containers.length - 1; i >= 0; i--) {
      const c = containers[i]!;
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, c.lastState?.terminated);
      const { waiting, terminated, running } = c.state ?? {};
      if (waiting?.reason) status = waiting.reason;
      else if (terminated) status = exitWords(terminated, false);
      else if (c.ready && running) {
        hasRunning = true;
        ready++;
      }
    }
    if (status === 'Completed' && hasRunning) status = isTrue(st.conditions, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp && st.reason === 'NodeLost') status = 'Unknown';
  else if (pod.metadata.deletionTimestamp && st.phase !== 'Succeeded' && st.phase !== 'Failed') status = 'Terminating';
  return { ready, total, status, restarts, lastRestart };
}

/** How the container that restarted most last ended: reason and exit code. */
export function lastTerminationOf(pod: Pod): Terminated | null {
  const all = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const restarted = all
    .filter((c) => c.lastState?.terminated)
    .sort((a, b) => (b.restartCount ?? 0) - (a.restartCount ?? 0))[0];
  if (restarted) return restarted.lastState!.terminated!;
  // Never restarted (restartPolicy Never): the container that ended badly, if any.
  return all.map((c) => c.state?.terminated).find((t) => t && (t.exitCode ?? 0) !== 0) ?? null;
}

/** "OOMKilled (exit 137)", "Error (exit 1)". */
export function formatTermination(t: Terminated): string {
  const code = t.signal ? `signal ${t.signal}` : `exit ${t.exitCode ?? 0}`;
  return `${t.reason || 'Terminated'} (${code})`;
}

/** Why a pending pod is not scheduled, in the scheduler's words ("0/3 nodes are available: …"). */
export function pendingReasonOf(pod: Pod): string | null {
  if (pod.status?.phase !== 'Pending') return null;
  const scheduled = conditionOf(pod.status.conditions, 'PodScheduled');
  if (!scheduled || scheduled.status === 'True') return null;
  return scheduled.message || scheduled.reason || null;
}

/** Statuses that will not get better on their own: red. */
const FAILING = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'ContainerCannotRun',
  'OOMKilled',
  'Error',
  'Evicted',
  'DeadlineExceeded',
]);

function isFailing(status: string): boolean {
  const s = status.replace(/^Init:/, '');
  return FAILING.has(s) || s.startsWith('ExitCode:') || s.startsWith('Signal:');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The message a container gives for its current waiting or terminated state. */
function stateMessage(pod: Pod): string | undefined {
  const all = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const c of all) {
    const m = c.state?.waiting?.message ?? c.state?.terminated?.message;
    if (m) return m;
  }
  return undefined;
}

export function podHealth(pod: Pod): Health {
  const st = pod.status;
  if (!st?.phase && !st?.containerStatuses?.length) return { level: 'unknown', reason: 'No status reported yet' };
  const s = summarizePod(pod);
  if (s.status === 'Terminating') return { level: 'warning', reason: 'Terminating' };

  if (isFailing(s.status) || st.phase === 'Failed') {
    const last = lastTerminationOf(pod);
    if (last && s.restarts > 0) {
      const code = last.signal ? `signal ${last.signal}` : String(last.exitCode ?? 0);
      const reason = `${s.status}: last exit ${last.reason || 'Terminated'} (${code}), ${plural(s.restarts, 'restart')}`;
      return { level: 'failing', reason };
    }
    const message = st.message ?? stateMessage(pod);
    return { level: 'failing', reason: message ? `${s.status}: ${message}` : s.status };
  }
  if (st.phase === 'Succeeded' || s.status === 'Completed') return { level: 'idle', reason: 'Completed' };
  if (st.phase === 'Unknown' || s.status === 'Unknown') return { level: 'unknown', reason: st.message ?? 'Unknown' };
  if (st.phase === 'Pending') {
    const why = pendingReasonOf(pod);
    return { level: 'warning', reason: why ? `${s.status}: ${why}` : s.status };
  }
  if (s.status === 'Running' && s.ready === s.total) {
    return { level: 'ok', reason: s.restarts ? `Running, ${plural(s.restarts, 'restart')}` : 'Running' };
  }
  if (s.status === 'Running') {
    const message = conditionOf(st.conditions, 'Ready')?.message;
    return { level: 'warning', reason: `Not ready: ${s.ready}/${s.total} containers${message ? ` (${message})` : ''}` };
  }
  // Running, but a container is restarting or waiting on something.
  const message = stateMessage(pod);
  return { level: 'warning', reason: message ? `${s.status}: ${message}` : s.status };
}
