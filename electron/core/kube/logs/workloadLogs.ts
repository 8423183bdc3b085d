import type { LogWorkloadKind } from '../../../../shared/contract/kubeLogs';
import { BerthFailure } from '../../../../shared/errors';
import type { KindDeclaration } from '../../../../shared/kube/kind';
import { builtinKind } from '../../../../shared/kube/kinds';
import type { PodTemplate } from '../../../../shared/kube/kinds/podSpec';
import { labelSelectorMatches } from '../../../../shared/kube/kinds/selectors';
import type { KubeObject, LabelSelector } from '../../../../shared/kube/object';
import type { KubeRow } from '../../../../shared/kube/types';
import type { LogLine } from '../../../../shared/logs';
import { toBerthError } from '../../errors';
import { LOG_BATCH } from '../../streams/logBatch';
import { StreamBatcher } from '../../streams/streamBatcher';
import type { ClusterRuntime } from '../clusterRuntime';
import { objectPath } from '../objectPath';
import type { ContextStream } from '../streams/contextStreams';
import { logFailure, readContainerLog, whyLogEnded, type ContainerLogTarget } from './containerLog';
import type { LogSink } from './podLogs';

export interface WorkloadLogRequest {
  namespace: string;
  kind: LogWorkloadKind;
  name: string;
  container?: string | undefined;
  tailLines?: number | undefined;
  sinceSeconds?: number | undefined;
  maxPods: number;
}

interface Workload extends KubeObject {
  spec?: { selector?: LabelSelector; template?: PodTemplate };
}

/** A pod's containers have logs once it has left Pending. */
const STARTED_PHASES = new Set(['Running', 'Succeeded', 'Failed']);

interface Followed {
  name: string;
  streams: ContextStream[];
}

/**
 * The logs of every pod a workload selects, merged into one stream: each line carries its
 * pod (and container when the pods have several). The pods watch drives it: a pod that
 * starts joins, a deleted pod's logs end with a note. At most `maxPods` are followed at
 * once (each container is a log stream of the context, within its cap); the others wait
 * and join when a followed pod leaves, and a note says so.
 */
export async function followWorkloadLogs(
  runtime: ClusterRuntime,
  request: WorkloadLogRequest,
  sink: LogSink,
): Promise<() => void> {
  const parent = runtime.streams.reserve('logs', request.name);
  const declaration = workloadKind(request.kind);
  const what = `${declaration.kind} “${request.namespace}/${request.name}”`;
  const batcher = new StreamBatcher<LogLine>((chunk) => sink.emit(chunk), LOG_BATCH);
  const cleanups: Array<() => void> = [];
  const followed = new Map<string, Followed>();
  const waiting = new Map<string, KubeRow>();
  let capNoted = -1;

  const note = (source: string | undefined, text: string): void =>
    batcher.push([{ t: Date.now(), stream: 'stdout', text, note: true, ...(source ? { source } : {}) }]);

  const stopAll = (): void => {
    for (const fn of cleanups.splice(0)) fn();
    for (const f of followed.values()) for (const s of f.streams) s.close('the workload’s log stream closed');
    followed.clear();
    waiting.clear();
  };
  parent.signal.addEventListener('abort', stopAll, { once: true });

  let containers: string[];
  let selector: LabelSelector;
  try {
    const workload = await runtime.client.json<Workload>({
      path: objectPath(declaration, request.namespace, request.name),
      signal: parent.signal,
    });
    selector = workload.spec?.selector ?? {};
    const declared = (workload.spec?.template?.spec?.containers ?? []).map((c) => c.name);
    if (request.container !== undefined && !declared.includes(request.container)) {
      throw new BerthFailure({
        code: 'invalid_input',
        message: `The pods of ${what} have no container named “${request.container}”.`,
      });
    }
    containers = request.container !== undefined ? [request.container] : declared;
    // A workload always has a selector; without one it would mean every pod of the namespace.
    if (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length) {
      throw new BerthFailure({
        code: 'invalid_input',
        message: `${what} has no pod selector: there are no pods to follow.`,
      });
    }
    const { cache, release } = await runtime.acquire('pods');
    cleanups.push(release);
    if (parent.signal.aborted) throw parent.signal.reason;
    cleanups.push(
      cache.rows.subscribe(
        (event) => {
          if (event.type === 'snapshot') for (const row of event.rows) consider(row);
          else {
            for (const row of event.upserts) consider(row);
            for (const id of event.deletes) leave(id);
          }
          noteCap();
        },
        (row) => row.namespace === request.namespace && labelSelectorMatches(selector, row.labels),
      ),
    );
  } catch (error) {
    parent.close('failed');
    batcher.close();
    throw toBerthError(error instanceof BerthFailure ? error : runtime.failure(error, what));
  }

  function consider(row: KubeRow): void {
    if (followed.has(row.id)) return;
    if (!STARTED_PHASES.has(String(row.cells.phase ?? ''))) {
      waiting.delete(row.id);
      return;
    }
    if (followed.size >= request.maxPods) waiting.set(row.id, row);
    else {
      waiting.delete(row.id);
      join(row);
    }
  }

  function leave(id: string): void {
    waiting.delete(id);
    const gone = followed.get(id);
    if (!gone) return;
    followed.delete(id);
    for (const s of gone.streams) s.close('pod deleted');
    note(gone.name, 'pod deleted: its log ended');
    const next = waiting.values().next();
    if (!next.done) consider(next.value);
  }

  function noteCap(): void {
    if (waiting.size === capNoted || (waiting.size === 0 && capNoted <= 0)) return;
    capNoted = waiting.size;
    if (waiting.size === 0) note(undefined, `Following all ${followed.size} pods now.`);
    else
      note(
        undefined,
        `Following ${followed.size} of ${followed.size + waiting.size} pods (at most ${request.maxPods} at once); the others join when a followed pod leaves.`,
      );
  }

  function join(row: KubeRow): void {
    const entry: Followed = { name: row.name, streams: [] };
    followed.set(row.id, entry);
    for (const container of containers) {
      const source = containers.length > 1 ? `${row.name}/${container}` : row.name;
      const target: ContainerLogTarget = {
        namespace: request.namespace,
        pod: row.name,
        container,
        previous: false,
        tailLines: request.tailLines,
        sinceSeconds: request.sinceSeconds,
      };
      let stream: ContextStream;
      try {
        stream = runtime.streams.reserve('logs', row.name);
      } catch (error) {
        note(source, toBerthError(error).message);
        continue;
      }
      entry.streams.push(stream);
      readContainerLog(runtime.client, target, stream.signal, (lines) =>
        batcher.push(lines.map((line) => ({ ...line, source }))),
      ).then(
        async () => {
          if (stream.signal.aborted) return;
          const reason = await whyLogEnded(runtime.client, target, row.id, stream.signal);
          if (!stream.signal.aborted) note(source, `log ended: ${reason}`);
          stream.close(reason);
        },
        (error: unknown) => {
          if (stream.signal.aborted) return;
          const failure = logFailure(error, target, runtime.name) ?? runtime.failure(error, `the logs of ${source}`);
          note(source, `no logs: ${failure.error.message}`);
          stream.close('failed');
        },
      );
    }
  }

  return () => {
    batcher.close();
    parent.close('unsubscribed');
  };
}

/** Every kind with merged logs is a built-in kind: its API coordinates come from its declaration. */
function workloadKind(key: LogWorkloadKind): KindDeclaration {
  const declaration = builtinKind(key);
  if (!declaration) throw new Error(`no declaration for the workload kind ${key}`);
  return declaration;
}
