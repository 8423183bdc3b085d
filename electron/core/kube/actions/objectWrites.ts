import { BerthFailure } from '../../../../shared/errors';
import type { KubeActionName, KubeTarget } from '../../../../shared/kube/actions';
import type { KindDeclaration } from '../../../../shared/kube/kind';
import type { KubeObject } from '../../../../shared/kube/object';
import type { ClusterRuntime } from '../clusterRuntime';
import { KubeApiError } from '../connection/kubeApiError';
import { collectionPath, objectPath } from '../objectPath';

/** The annotation `kubectl rollout restart` sets on the pod template: a new value rolls every pod. */
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** One write: the context's runtime, the resolved kind, and the object as the user saw it. */
export interface Write {
  runtime: ClusterRuntime;
  kind: KindDeclaration;
  target: KubeTarget;
}

const PAST: Record<KubeActionName, string> = {
  delete: 'deleted',
  scale: 'scaled',
  restart: 'restarted',
  cordon: 'cordoned',
  uncordon: 'uncordoned',
  drain: 'drained',
  suspend: 'suspended',
  resume: 'resumed',
  trigger: 'started',
};

/** `Deployment “shop/frontend”`, `Node “kwok-a-node-0”` */
export function describeTarget(write: Pick<Write, 'kind' | 'target'>): string {
  const { namespace, name } = write.target;
  return `${write.kind.kind} “${namespace ? `${namespace}/` : ''}${name}”`;
}

function path(write: Write, subresource?: string): string {
  return objectPath(write.kind, write.target.namespace, write.target.name, subresource);
}

/**
 * The object as it is now, only if it is still the one the user saw (same uid): a
 * replaced object of the same name is refused with a `conflict` in words.
 */
export async function readSeen<T extends KubeObject>(write: Write, action: KubeActionName): Promise<T> {
  let object: T;
  try {
    object = await write.runtime.client.json<T>({ path: path(write) });
  } catch (error) {
    throw writeFailure(write, action, error);
  }
  if (object.metadata.uid !== write.target.uid) throw replaced(write, action);
  return object;
}

function replaced(write: Write, action: KubeActionName): BerthFailure {
  return new BerthFailure({
    code: 'conflict',
    message: `${describeTarget(write)} was replaced since you looked at it (same name, new object); nothing was ${PAST[action]}.`,
  });
}

/**
 * Why the server refused a guarded write (409, or 422 from a JSON patch `test`), in words:
 * the object was deleted, replaced, or changed since the user saw it.
 */
async function explainRefusal(write: Write, action: KubeActionName, error: KubeApiError): Promise<BerthFailure> {
  let now: KubeObject | undefined;
  try {
    now = await write.runtime.client.json<KubeObject>({ path: path(write) });
  } catch (readError) {
    if (readError instanceof KubeApiError && readError.statusCode === 404) {
      return new BerthFailure({
        code: 'conflict',
        message: `${describeTarget(write)} was deleted since you looked at it; nothing was ${PAST[action]}.`,
      });
    }
  }
  if (now && now.metadata.uid !== write.target.uid) return replaced(write, action);
  if (error.statusCode === 409) {
    return new BerthFailure({
      code: 'conflict',
      message: `${describeTarget(write)} changed since you looked at it; nothing was ${PAST[action]}. Look at it again and retry.`,
      detail: error.message,
    });
  }
  return new BerthFailure({
    code: 'invalid_input',
    message: `The cluster of “${write.target.context}” refused to ${action} ${describeTarget(write)}: ${error.message}`,
    detail: error.message,
  });
}

/** A failed write → an error the user can read, naming what, where, and that nothing changed. */
export function writeFailure(write: Write, action: KubeActionName, error: unknown): BerthFailure {
  if (error instanceof BerthFailure) return error;
  const what = describeTarget(write);
  const { context } = write.target;
  if (error instanceof KubeApiError) {
    if (error.statusCode === 403) {
      return new BerthFailure({
        code: 'permission_denied',
        message: `You may not ${action} ${what} in “${context}”: the cluster refused (403); nothing was ${PAST[action]}.`,
        detail: error.message,
      });
    }
    if (error.statusCode === 404) {
      return new BerthFailure({
        code: 'not_found',
        message: `${what} no longer exists in “${context}”; nothing was ${PAST[action]}.`,
      });
    }
  }
  return write.runtime.failure(error, what);
}

/** Runs a guarded request; a 409 or 422 is explained by looking at the object again. */
async function guarded<T>(write: Write, action: KubeActionName, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof KubeApiError && (error.statusCode === 409 || error.statusCode === 422)) {
      throw await explainRefusal(write, action, error);
    }
    throw writeFailure(write, action, error);
  }
}

/** A JSON patch that applies only to the object with the uid the user saw. */
function patchSeen(write: Write, action: KubeActionName, operations: object[]): Promise<KubeObject> {
  return guarded(write, action, () =>
    write.runtime.client.json<KubeObject>({
      path: path(write),
      method: 'PATCH',
      contentType: 'application/json-patch+json',
      body: [{ op: 'test', path: '/metadata/uid', value: write.target.uid }, ...operations],
    }),
  );
}

/** Deletes the object only if uid and resourceVersion are still the ones seen; dependents go in the background. */
export async function deleteObject(write: Write): Promise<string> {
  const { uid, resourceVersion } = write.target;
  await guarded(write, 'delete', () =>
    write.runtime.client.json({
      path: path(write),
      method: 'DELETE',
      body: {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        propagationPolicy: 'Background',
        preconditions: { uid, resourceVersion },
      },
    }),
  );
  return `Deleted ${describeTarget(write)} in “${write.target.context}”.`;
}

/** Sets the replicas through the scale subresource; the server checks the uid and resourceVersion seen. */
export async function scaleObject(write: Write, replicas: number): Promise<string> {
  const { namespace, name, uid, resourceVersion } = write.target;
  await guarded(write, 'scale', () =>
    write.runtime.client.json({
      path: path(write, 'scale'),
      method: 'PUT',
      body: {
        apiVersion: 'autoscaling/v1',
        kind: 'Scale',
        metadata: { name, ...(namespace ? { namespace } : {}), uid, resourceVersion },
        spec: { replicas },
      },
    }),
  );
  return `Scaled ${describeTarget(write)} to ${replicas} replica${replicas === 1 ? '' : 's'}.`;
}

interface WithTemplate extends KubeObject {
  spec?: { template?: { metadata?: { annotations?: Record<string, string> } } };
}

/** `kubectl rollout restart`: a new restartedAt on the pod template makes the controller replace every pod. */
export async function restartWorkload(write: Write, now = new Date()): Promise<string> {
  const object = await readSeen<WithTemplate>(write, 'restart');
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const annotations = object.spec?.template?.metadata?.annotations;
  const operation = annotations
    ? { op: 'add', path: `/spec/template/metadata/annotations/${RESTARTED_AT.replace('/', '~1')}`, value: stamp }
    : object.spec?.template?.metadata
      ? { op: 'add', path: '/spec/template/metadata/annotations', value: { [RESTARTED_AT]: stamp } }
      : { op: 'add', path: '/spec/template/metadata', value: { annotations: { [RESTARTED_AT]: stamp } } };
  await patchSeen(write, 'restart', [operation]);
  return `Restarting the pods of ${describeTarget(write)}.`;
}

/** Cordon (no new pods) or uncordon a Node. */
export async function setUnschedulable(write: Write, unschedulable: boolean): Promise<string> {
  const action = unschedulable ? 'cordon' : 'uncordon';
  await patchSeen(write, action, [{ op: 'add', path: '/spec/unschedulable', value: unschedulable }]);
  return unschedulable
    ? `Cordoned ${describeTarget(write)}: no new pods are scheduled on it.`
    : `Uncordoned ${describeTarget(write)}: pods can be scheduled on it again.`;
}

/** Suspend (no new runs) or resume a CronJob. */
export async function setSuspended(write: Write, suspend: boolean): Promise<string> {
  await patchSeen(write, suspend ? 'suspend' : 'resume', [{ op: 'add', path: '/spec/suspend', value: suspend }]);
  return suspend
    ? `Suspended ${describeTarget(write)}: it starts no new runs.`
    : `Resumed ${describeTarget(write)}: it runs on its schedule again.`;
}

interface CronJob extends KubeObject {
  spec?: {
    jobTemplate?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec?: object;
    };
  };
}

/** The next free `<cronjob>-manual-<n>` among the names in use. */
export function manualJobName(cronJob: string, taken: readonly string[]): string {
  const prefix = `${cronJob}-manual-`;
  let highest = 0;
  for (const name of taken) {
    if (!name.startsWith(prefix)) continue;
    const n = Number(name.slice(prefix.length));
    if (Number.isInteger(n) && n > highest) highest = n;
  }
  return `${prefix}${highest + 1}`;
}

/** Starts a Job from the CronJob's template now, owned by the CronJob (as `kubectl create job --from`). */
export async function triggerCronJob(write: Write): Promise<{ message: string; job: string }> {
  const cronJob = await readSeen<CronJob>(write, 'trigger');
  const namespace = write.target.namespace!;
  const template = cronJob.spec?.jobTemplate ?? {};
  const jobs = `${collectionPath({ group: 'batch', version: 'v1', plural: 'jobs', namespaced: true }, namespace)}`;
  for (let attempt = 0; ; attempt++) {
    let names: string[];
    try {
      const list = await write.runtime.client.json<{ items: KubeObject[] }>({ path: jobs });
      names = list.items.map((job) => job.metadata.name);
    } catch (error) {
      throw writeFailure(write, 'trigger', error);
    }
    const name = manualJobName(write.target.name, names);
    try {
      await write.runtime.client.json({
        path: jobs,
        method: 'POST',
        body: {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: {
            name,
            namespace,
            labels: template.metadata?.labels ?? {},
            annotations: { ...template.metadata?.annotations, 'cronjob.kubernetes.io/instantiate': 'manual' },
            ownerReferences: [
              {
                apiVersion: 'batch/v1',
                kind: 'CronJob',
                name: write.target.name,
                uid: write.target.uid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
          spec: template.spec ?? {},
        },
      });
      return { message: `Started Job “${namespace}/${name}” from ${describeTarget(write)}.`, job: name };
    } catch (error) {
      // Someone took the name meanwhile: take the next one.
      if (error instanceof KubeApiError && error.statusCode === 409 && attempt < 3) continue;
      throw writeFailure(write, 'trigger', error);
    }
  }
}
