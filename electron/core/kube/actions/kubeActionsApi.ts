import { randomUUID } from 'node:crypto';
import type { AppState, ConnectionStatus } from '../../../../shared/app';
import { BerthFailure } from '../../../../shared/errors';
import type { ActionPermission, DrainProgress, KubeActionName, KubeTarget } from '../../../../shared/kube/actions';
import type { Observable } from '../../app/observable';
import type { SettingsStore } from '../../app/settingsStore';
import type { Router } from '../../router';
import type { LiveCollection } from '../../streams/liveCollection';
import type { ClusterRuntime } from '../clusterRuntime';
import type { KubeService } from '../kubeService';
import { accessChecks } from './accessChecks';
import { drainNode, type DrainTuning } from './drain';
import {
  deleteObject,
  describeTarget,
  restartWorkload,
  scaleObject,
  setSuspended,
  setUnschedulable,
  triggerCronJob,
  type Write,
} from './objectWrites';
import { PermissionCache } from './permissions';
import { READ_ONLY_REASON, WriteGuard } from './writeGuard';

export interface KubeActionsHost {
  router: Router;
  kube: KubeService;
  state: Observable<AppState>;
  settings: SettingsStore | null;
  connections: LiveCollection<ConnectionStatus>;
  /** Test knobs: faster PodDisruptionBudget retries. */
  drain?: DrainTuning;
}

/** Finished drains stay readable this long, for a view that subscribes late. */
const DRAIN_KEPT_MS = 5 * 60_000;

interface Drain {
  progress: DrainProgress;
  abort: AbortController;
  listeners: Set<(progress: DrainProgress) => void>;
}

/**
 * The Kubernetes write actions on the router: each names the object as the user saw it, goes
 * through the write guard (read-only contexts), and checks the object is still that one. Also
 * the permission checks the UI disables buttons with, and the read-only setting itself.
 * Returns the guard, for every other write (the YAML editor) to go through.
 */
export function registerKubeActions(host: KubeActionsHost): WriteGuard {
  const { router, kube, state } = host;
  const guard = new WriteGuard(() => state.value.kube.readOnly);
  const permissions = new PermissionCache();
  const drains = new Map<string, Drain>();

  forgetPermissionsOnReconnect(host.connections, permissions);

  /** Runs a write on the runtime of the target's context, after the guard and with the kind resolved. */
  const write = <T>(
    target: KubeTarget,
    action: KubeActionName,
    run: (write: Write) => Promise<T>,
    allowed?: readonly string[],
  ): Promise<T> => {
    guard.assertWritable(target.context, `${action} ${target.name}`);
    return kube.withRuntime(target.context, async (runtime) => {
      const { declaration } = await runtime.resolveKind(target.kind);
      if (declaration.namespaced !== !!target.namespace) {
        throw new BerthFailure({
          code: 'invalid_input',
          message: declaration.namespaced
            ? `${declaration.kind} objects live in a namespace: name one.`
            : `${declaration.kind} objects are cluster-wide: they have no namespace.`,
        });
      }
      if (allowed && !allowed.includes(declaration.kind)) {
        throw new BerthFailure({
          code: 'invalid_input',
          message: `Cannot ${action} a ${declaration.kind}: only ${allowed.join(', ')}.`,
        });
      }
      return run({ runtime, kind: declaration, target });
    });
  };

  const message = (text: string): { message: string } => ({ message: text });

  router.method('kube.object.delete', async (target) => message(await write(target, 'delete', deleteObject)));
  router.method('kube.object.scale', async ({ replicas, ...target }) =>
    message(await write(target, 'scale', (w) => scaleObject(w, replicas), ['Deployment', 'StatefulSet', 'ReplicaSet'])),
  );
  router.method('kube.object.restart', async (target) =>
    message(await write(target, 'restart', (w) => restartWorkload(w), ['Deployment', 'StatefulSet', 'DaemonSet'])),
  );
  router.method('kube.node.cordon', async ({ unschedulable, ...target }) =>
    message(
      await write(target, unschedulable ? 'cordon' : 'uncordon', (w) => setUnschedulable(w, unschedulable), ['Node']),
    ),
  );
  router.method('kube.cronjob.suspend', async ({ suspend, ...target }) =>
    message(await write(target, suspend ? 'suspend' : 'resume', (w) => setSuspended(w, suspend), ['CronJob'])),
  );
  router.method('kube.cronjob.trigger', (target) => write(target, 'trigger', triggerCronJob, ['CronJob']));

  router.method('kube.node.drain', async (target) => {
    const id = randomUUID();
    const abort = new AbortController();
    // Validated (guard, kind, uid) before the id is handed out; the drain itself runs on.
    let started!: () => void;
    const ready = new Promise<void>((resolve) => (started = resolve));
    const finished = write(
      target,
      'drain',
      async (w) => {
        const seen = await w.runtime.client.json<{ metadata: { uid: string } }>({
          path: `/api/v1/nodes/${target.name}`,
        });
        if (seen.metadata.uid !== target.uid) {
          throw new BerthFailure({
            code: 'conflict',
            message: `${describeTarget(w)} was replaced since you looked at it (same name, new object); nothing was drained.`,
          });
        }
        const drain: Drain = {
          progress: {
            id,
            context: target.context,
            node: target.name,
            state: 'cordoning',
            message: '',
            pods: [],
            skipped: 0,
          },
          abort,
          listeners: new Set(),
        };
        drains.set(id, drain);
        started();
        return drainNode(
          w,
          id,
          abort.signal,
          (progress) => {
            drain.progress = progress;
            for (const listener of [...drain.listeners]) listener(progress);
          },
          host.drain,
        );
      },
      ['Node'],
    );
    await Promise.race([ready, finished]);
    void finished
      .finally(() => {
        const timer = setTimeout(() => drains.delete(id), DRAIN_KEPT_MS);
        timer.unref?.();
      })
      .catch(() => undefined);
    return { id };
  });

  router.method('kube.drain.cancel', ({ id }) => {
    const drain = drains.get(id);
    if (!drain) throw new BerthFailure({ code: 'not_found', message: 'That drain has finished or never started.' });
    drain.abort.abort();
    return { ok: true };
  });

  router.topic('kube.drain.progress', ({ id }, sink) => {
    const drain = drains.get(id);
    if (!drain) throw new BerthFailure({ code: 'not_found', message: 'That drain has finished or never started.' });
    const listener = (progress: DrainProgress): void => sink.emit(progress);
    drain.listeners.add(listener);
    sink.emit(drain.progress);
    return () => drain.listeners.delete(listener);
  });

  router.method('kube.permissions', async ({ context, kind, namespace, actions }) => {
    if (guard.isReadOnly(context)) {
      return Object.fromEntries(actions.map((a) => [a, { allowed: false, reason: READ_ONLY_REASON }]));
    }
    return kube.withRuntime(context, async (runtime: ClusterRuntime) => {
      const { declaration } = await runtime.resolveKind(kind);
      const perAction = actions.map((action) => accessChecks(action, declaration, namespace));
      let answers: ActionPermission[];
      try {
        answers = await permissions.check(context, runtime.client, runtime.context.user, perAction.flat());
      } catch (error) {
        throw runtime.failure(error, 'your permissions');
      }
      const result: Partial<Record<KubeActionName, ActionPermission>> = {};
      let at = 0;
      actions.forEach((action, i) => {
        const mine = answers.slice(at, (at += perAction[i]!.length));
        result[action] = mine.find((answer) => !answer.allowed) ?? { allowed: true };
      });
      return result;
    });
  });

  router.method('kube.context.readOnly', ({ name, readOnly }) => {
    if (!state.value.kube.contexts.some((c) => c.name === name)) {
      throw new BerthFailure({ code: 'not_found', message: `There is no context named “${name}” in your kubeconfig.` });
    }
    const others = state.value.kube.readOnly.filter((n) => n !== name);
    const next = readOnly ? [...others, name] : others;
    state.update((s) => ({ ...s, kube: { ...s.kube, readOnly: next } }));
    host.settings?.update({ kubeReadOnly: next });
    return state.value;
  });

  return guard;
}

/** A context that (re)connects may come back with other credentials or other RBAC: ask again. */
function forgetPermissionsOnReconnect(
  connections: LiveCollection<ConnectionStatus>,
  permissions: PermissionCache,
): void {
  const live = new Map<string, boolean>();
  const see = (row: ConnectionStatus): void => {
    if (row.kind !== 'kube') return;
    const isLive = row.state === 'live';
    if (isLive && live.get(row.name) === false) permissions.clear(row.name);
    live.set(row.name, isLive);
  };
  connections.subscribe((event) => {
    if (event.type === 'snapshot') event.rows.forEach(see);
    else {
      event.upserts.forEach(see);
      for (const id of event.deletes) {
        if (!id.startsWith('kube:')) continue;
        const name = id.slice('kube:'.length);
        live.delete(name);
        permissions.clear(name);
      }
    }
  });
}
