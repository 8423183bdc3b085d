import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BerthError, Result } from '../../../../shared/errors';
import type { ActionPermission, DrainProgress, KubeTarget } from '../../../../shared/kube/actions';
import type { KubeRow } from '../../../../shared/kube/types';
import { Subscription } from '../../../../e2e/docker/dockerTestKit';
import { kubectl, kubectlApply, testNamespace } from '../../../../e2e/cluster/clusterTestKit';
import { kubeBackend } from '../../../../e2e/cluster/kubeBackend';
import { clusterSkipReason } from '../../../../e2e/cluster/testKubeconfig';
import type { Backend } from '../../backend';

const skip = clusterSkipReason();
const suffix = randomBytes(3).toString('hex');
const ownNamespace = testNamespace('actions');
const NAMESPACE = ownNamespace.name;
const NODE = `berth-test-drain-${suffix}`;
const LABEL = 'berth.dev/test=kube-actions';

interface Meta {
  metadata: { uid: string; resourceVersion: string; ownerReferences?: Array<{ kind: string; uid: string }> };
}

function getJson<T = Meta>(...args: string[]): T {
  return JSON.parse(kubectl('get', ...args, '-o', 'json')) as T;
}

/** The object as the user sees it: what a button sends. */
function targetOf(kind: string, name: string, namespace?: string): KubeTarget {
  const resource = kind.split('.')[0]!;
  const object = namespace ? getJson(resource, name, '-n', namespace) : getJson(resource, name);
  return {
    context: 'berth-a',
    kind,
    ...(namespace ? { namespace } : {}),
    name,
    uid: object.metadata.uid,
    resourceVersion: object.metadata.resourceVersion,
  };
}

function deployment(name: string, replicas: number, extra: { nodeName?: string } = {}): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NAMESPACE, labels: { 'berth.dev/test': 'kube-actions' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          // On the test's own node: its taint only, so a cordon keeps replacements away as it would any pod.
          tolerations: [extra.nodeName ? { key: 'berth.dev/test', operator: 'Exists' } : { operator: 'Exists' }],
          ...(extra.nodeName ? { nodeSelector: { 'kubernetes.io/hostname': extra.nodeName } } : {}),
          containers: [{ name: 'app', image: 'berth-test/busybox:1' }],
        },
      },
    },
  };
}

function rowsOf(subscription: Subscription): KubeRow[] {
  return [...subscription.rows.values()] as unknown as KubeRow[];
}

function errorOf(result: Result<unknown>): BerthError {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

function valueOf<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

describe.skipIf(skip !== null)(
  `Kubernetes write actions against the real test cluster${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let backend: Backend;
    const subscriptions: Subscription[] = [];
    const subscribe = (topic: string, params: unknown): Subscription => {
      const subscription = new Subscription(backend, topic, params);
      subscriptions.push(subscription);
      return subscription;
    };
    const podsOf = (app: string, pods: Subscription): KubeRow[] =>
      rowsOf(pods).filter((row) => row.labels?.app === app);

    beforeAll(() => {
      ownNamespace.create();
      kubectl('label', 'namespace', NAMESPACE, LABEL);
      backend = kubeBackend({ drain: { backoff: { initialMs: 200, maxMs: 1000, jitter: 0 }, pollMs: 200 } });
    });

    afterAll(async () => {
      for (const s of subscriptions) s.unsubscribe();
      await backend?.dispose();
      ownNamespace.remove();
      kubectl('delete', 'node', NODE, '--ignore-not-found', '--wait=false');
    });

    it('scales a Deployment and its pods follow in the live table', async () => {
      kubectlApply(deployment('web', 1));
      const pods = subscribe('kube.resources', { context: 'berth-a', kind: 'pods', namespaces: [NAMESPACE] });
      await pods.waitFor(() => podsOf('web', pods).length === 1, 30_000, 'one web pod');

      const result = await backend.router.invoke('kube.object.scale', {
        ...targetOf('deployments.apps', 'web', NAMESPACE),
        replicas: 3,
      });
      expect(valueOf<{ message: string }>(result).message).toBe(
        'Scaled Deployment “' + NAMESPACE + '/web” to 3 replicas.',
      );
      await pods.waitFor(() => podsOf('web', pods).length === 3, 30_000, 'three web pods');

      await backend.router.invoke('kube.object.scale', {
        ...targetOf('deployments.apps', 'web', NAMESPACE),
        replicas: 1,
      });
      await pods.waitFor(
        () => podsOf('web', pods).filter((p) => p.health.reason !== 'Terminating').length === 1,
        30_000,
        'back to one web pod',
      );
    });

    it('refuses to scale with a resourceVersion older than the one on the server', async () => {
      const seen = targetOf('deployments.apps', 'web', NAMESPACE);
      kubectl('annotate', 'deployment', 'web', '-n', NAMESPACE, 'berth.dev/touched=1');
      const error = errorOf(await backend.router.invoke('kube.object.scale', { ...seen, replicas: 2 }));
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(/changed since you looked at it; nothing was scaled/);
      expect(getJson<{ spec: { replicas: number } }>('deployment', 'web', '-n', NAMESPACE).spec.replicas).toBe(1);
    });

    it('rollout restart replaces every pod with a new one', async () => {
      kubectlApply(deployment('restart-me', 2));
      const pods = subscribe('kube.resources', { context: 'berth-a', kind: 'pods', namespaces: [NAMESPACE] });
      const running = (): KubeRow[] => podsOf('restart-me', pods).filter((p) => p.health.level === 'ok');
      await pods.waitFor(() => running().length === 2, 30_000, 'two running pods');
      const before = new Set(running().map((p) => p.id));

      const result = await backend.router.invoke(
        'kube.object.restart',
        targetOf('deployments.apps', 'restart-me', NAMESPACE),
      );
      expect(valueOf<{ message: string }>(result).message).toMatch(/^Restarting the pods of Deployment/);
      const annotations = getJson<{ spec: { template: { metadata: { annotations: Record<string, string> } } } }>(
        'deployment',
        'restart-me',
        '-n',
        NAMESPACE,
      ).spec.template.metadata.annotations;
      expect(annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      await pods.waitFor(
        () =>
          running().length === 2 &&
          running().every((p) => !before.has(p.id)) &&
          podsOf('restart-me', pods).length === 2,
        60_000,
        'two new running pods, the old ones gone',
      );
    });

    it('cordons and uncordons a Node, shown in its row; drain evicts, waits on a PodDisruptionBudget, then completes', async () => {
      kubectlApply({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: NODE,
          annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
          labels: { 'kubernetes.io/hostname': NODE, 'berth.dev/test': 'kube-actions', type: 'kwok' },
        },
        // Only this test's pods go there.
        spec: { taints: [{ key: 'berth.dev/test', value: 'kube-actions', effect: 'NoSchedule' }] },
        status: {
          allocatable: { cpu: '16', memory: '64Gi', pods: '110' },
          capacity: { cpu: '16', memory: '64Gi', pods: '110' },
        },
      });
      const nodes = subscribe('kube.resources', { context: 'berth-a', kind: 'nodes' });
      const row = (): KubeRow | undefined => rowsOf(nodes).find((r) => r.name === NODE);
      await nodes.waitFor(() => row()?.health.level === 'ok', 30_000, 'own node Ready');

      valueOf(await backend.router.invoke('kube.node.cordon', { ...targetOf('nodes', NODE), unschedulable: true }));
      await nodes.waitFor(() => /SchedulingDisabled/.test(String(row()?.cells.status)), 10_000, 'node cordoned');
      expect(row()!.health.reason).toMatch(/cordoned/);
      valueOf(await backend.router.invoke('kube.node.cordon', { ...targetOf('nodes', NODE), unschedulable: false }));
      await nodes.waitFor(() => !/SchedulingDisabled/.test(String(row()?.cells.status)), 10_000, 'node uncordoned');

      // Two pods on the node behind a budget that lets one go at a time, and a DaemonSet pod drain leaves alone.
      kubectlApply(deployment('guarded', 2, { nodeName: NODE }));
      kubectlApply({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'guarded-pdb', namespace: NAMESPACE },
        spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } },
      });
      kubectlApply({
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent', namespace: NAMESPACE },
        spec: {
          selector: { matchLabels: { app: 'agent' } },
          template: {
            metadata: { labels: { app: 'agent' } },
            spec: {
              tolerations: [{ operator: 'Exists' }],
              nodeSelector: { 'kubernetes.io/hostname': NODE },
              containers: [{ name: 'agent', image: 'berth-test/busybox:1' }],
            },
          },
        },
      });
      const pods = subscribe('kube.resources', { context: 'berth-a', kind: 'pods', namespaces: [NAMESPACE] });
      const onNode = (app: string): KubeRow[] =>
        podsOf(app, pods).filter((p) => p.cells.node === NODE && p.health.level === 'ok');
      await pods.waitFor(
        () => onNode('guarded').length === 2 && onNode('agent').length === 1,
        60_000,
        'pods on the node',
      );
      await expect
        .poll(
          () =>
            getJson<{ status: { disruptionsAllowed?: number } }>('pdb', 'guarded-pdb', '-n', NAMESPACE).status
              .disruptionsAllowed,
          {
            timeout: 30_000,
          },
        )
        .toBe(1);

      const drain = async (): Promise<{
        id: string;
        last: () => DrainProgress | undefined;
        progress: Subscription;
      }> => {
        const { id } = valueOf<{ id: string }>(await backend.router.invoke('kube.node.drain', targetOf('nodes', NODE)));
        const progress = new Subscription<DrainProgress>(backend, 'kube.drain.progress', { id });
        subscriptions.push(progress);
        return { id, progress, last: () => progress.events.at(-1) as DrainProgress | undefined };
      };
      const waitingOnBudget = (last: () => DrainProgress | undefined) => () =>
        !!last()?.pods.some((p) => p.state === 'blocked' && /PodDisruptionBudget guarded-pdb/.test(p.message ?? ''));

      const first = await drain();
      const evictedOrGone = (last: () => DrainProgress | undefined) =>
        last()?.pods.filter((p) => p.state === 'gone' || p.state === 'evicted') ?? [];
      // Both evictions go out at once: the refused one may be answered before the accepted one.
      await first.progress.waitFor(
        () => waitingOnBudget(first.last)() && evictedOrGone(first.last).length > 0,
        60_000,
        'one pod evicted and one waiting for the budget',
      );
      expect(first.last()!.state).toBe('evicting');
      expect(evictedOrGone(first.last)).toHaveLength(1);
      expect(first.last()!.skipped).toBe(1);
      expect(getJson<{ spec: { unschedulable?: boolean } }>('node', NODE).spec.unschedulable).toBe(true);

      // Stopped while it waits: what is evicted stays evicted, the rest stays, the node stays cordoned.
      valueOf(await backend.router.invoke('kube.drain.cancel', { id: first.id }));
      await first.progress.waitFor(() => first.last()?.state === 'cancelled', 10_000, 'drain cancelled');
      expect(first.last()!.message).toBe(`Drain cancelled: 1 of 2 pods evicted; ${NODE} stays cordoned.`);
      expect(getJson<{ spec: { unschedulable?: boolean } }>('node', NODE).spec.unschedulable).toBe(true);

      // Again, and this time the budget allows it while the drain waits: it goes on by itself.
      const second = await drain();
      await second.progress.waitFor(waitingOnBudget(second.last), 60_000, 'waiting for the budget again');
      kubectl('patch', 'pdb', 'guarded-pdb', '-n', NAMESPACE, '--type=merge', '-p', '{"spec":{"minAvailable":0}}');
      await second.progress.waitFor(() => second.last()?.state === 'done', 60_000, 'drain done');
      expect(second.last()!.message).toBe(`Drained ${NODE}: 1 pod evicted, 1 left alone (DaemonSet or mirror pods).`);
      const left = getJson<{ items: Array<{ metadata: { labels: Record<string, string> } }> }>(
        'pods',
        '-n',
        NAMESPACE,
        '--field-selector',
        `spec.nodeName=${NODE}`,
      ).items;
      expect(left.map((p) => p.metadata.labels.app)).toEqual(['agent']);
    });

    it('suspends and resumes a CronJob, and runs it now as a Job it owns', async () => {
      kubectlApply({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'nightly', namespace: NAMESPACE },
        spec: {
          schedule: '0 3 * * *',
          jobTemplate: {
            metadata: { labels: { job: 'nightly' } },
            spec: {
              template: {
                spec: {
                  restartPolicy: 'Never',
                  tolerations: [{ operator: 'Exists' }],
                  containers: [{ name: 'run', image: 'berth-test/busybox:1' }],
                },
              },
            },
          },
        },
      });
      const cronJobs = subscribe('kube.resources', {
        context: 'berth-a',
        kind: 'cronjobs.batch',
        namespaces: [NAMESPACE],
      });
      const row = (): KubeRow | undefined => rowsOf(cronJobs).find((r) => r.name === 'nightly');
      await cronJobs.waitFor(() => row()?.cells.suspend === false, 10_000, 'cron job listed');

      valueOf(
        await backend.router.invoke('kube.cronjob.suspend', {
          ...targetOf('cronjobs.batch', 'nightly', NAMESPACE),
          suspend: true,
        }),
      );
      await cronJobs.waitFor(() => row()?.cells.suspend === true, 10_000, 'suspended');
      expect(row()!.health.reason).toBe('Suspended');
      valueOf(
        await backend.router.invoke('kube.cronjob.suspend', {
          ...targetOf('cronjobs.batch', 'nightly', NAMESPACE),
          suspend: false,
        }),
      );
      await cronJobs.waitFor(() => row()?.cells.suspend === false, 10_000, 'resumed');

      const seen = targetOf('cronjobs.batch', 'nightly', NAMESPACE);
      const first = valueOf<{ job: string }>(await backend.router.invoke('kube.cronjob.trigger', seen));
      const second = valueOf<{ job: string }>(await backend.router.invoke('kube.cronjob.trigger', seen));
      expect([first.job, second.job]).toEqual(['nightly-manual-1', 'nightly-manual-2']);
      const job = getJson<Meta & { metadata: { labels: Record<string, string> } }>(
        'job',
        'nightly-manual-1',
        '-n',
        NAMESPACE,
      );
      expect(job.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'CronJob', uid: seen.uid })]);
      expect(job.metadata.labels.job).toBe('nightly');
    });

    it('never deletes an object that was replaced by one of the same name', async () => {
      kubectl('create', 'configmap', 'frontend', '-n', NAMESPACE, '--from-literal=v=1');
      const seen = targetOf('configmaps', 'frontend', NAMESPACE);
      kubectl('delete', 'configmap', 'frontend', '-n', NAMESPACE);
      kubectl('create', 'configmap', 'frontend', '-n', NAMESPACE, '--from-literal=v=2');

      const error = errorOf(await backend.router.invoke('kube.object.delete', seen));
      expect(error.code).toBe('conflict');
      expect(error.message).toBe(
        `ConfigMap “${NAMESPACE}/frontend” was replaced since you looked at it (same name, new object); nothing was deleted.`,
      );
      const survivor = getJson<Meta & { data: { v: string } }>('configmap', 'frontend', '-n', NAMESPACE);
      expect(survivor.data.v).toBe('2');

      // The one the user sees now is deleted.
      const now = targetOf('configmaps', 'frontend', NAMESPACE);
      expect(valueOf<{ message: string }>(await backend.router.invoke('kube.object.delete', now)).message).toBe(
        `Deleted ConfigMap “${NAMESPACE}/frontend” in “berth-a”.`,
      );
      expect(kubectl('get', 'configmap', '-n', NAMESPACE, '--ignore-not-found', '-o', 'name')).not.toContain(
        'frontend',
      );
    });

    it('tells berth-a-readonly which actions it may not run, and why', async () => {
      const answer = valueOf<Record<string, ActionPermission>>(
        await backend.router.invoke('kube.permissions', {
          context: 'berth-a-readonly',
          kind: 'deployments.apps',
          namespace: 'team-a',
          actions: ['delete', 'scale', 'restart'],
        }),
      );
      expect(answer).toEqual({
        delete: { allowed: false, reason: 'berth-readonly may not delete deployments in team-a' },
        scale: { allowed: false, reason: 'berth-readonly may not update deployments/scale in team-a' },
        restart: { allowed: false, reason: 'berth-readonly may not patch deployments in team-a' },
      });
      const admin = valueOf<Record<string, ActionPermission>>(
        await backend.router.invoke('kube.permissions', { context: 'berth-a', kind: 'nodes', actions: ['drain'] }),
      );
      expect(admin).toEqual({ drain: { allowed: true } });

      // A 403 that still happens is said in words.
      kubectlApply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'keep', namespace: 'team-a', labels: { 'berth.dev/test': 'kube-actions' } },
      });
      try {
        const seen = { ...targetOf('configmaps', 'keep', 'team-a'), context: 'berth-a-readonly' };
        const error = errorOf(await backend.router.invoke('kube.object.delete', seen));
        expect(error.code).toBe('permission_denied');
        expect(error.message).toBe(
          'You may not delete ConfigMap “team-a/keep” in “berth-a-readonly”: the cluster refused (403); nothing was deleted.',
        );
      } finally {
        kubectl('delete', 'configmap', 'keep', '-n', 'team-a', '--ignore-not-found');
      }
    });

    it('refuses every write to a context marked read-only in Berth, even called straight through the router', async () => {
      kubectl('create', 'configmap', 'guarded', '-n', NAMESPACE, '--from-literal=v=1');
      const seen = targetOf('configmaps', 'guarded', NAMESPACE);
      valueOf(await backend.router.invoke('kube.context.readOnly', { name: 'berth-a', readOnly: true }));
      try {
        expect(backend.state.value.kube.readOnly).toEqual(['berth-a']);
        const error = errorOf(await backend.router.invoke('kube.object.delete', seen));
        expect(error).toMatchObject({ code: 'permission_denied' });
        expect(error.message).toMatch(/^“berth-a” is read-only in Berth: cannot delete guarded; nothing was changed\./);
        const scale = errorOf(
          await backend.router.invoke('kube.object.scale', {
            ...targetOf('deployments.apps', 'web', NAMESPACE),
            replicas: 5,
          }),
        );
        expect(scale.code).toBe('permission_denied');
        const ref = { context: 'berth-a', kind: 'configmaps', namespace: NAMESPACE, name: 'guarded', reveal: true };
        const session = valueOf<{ yaml: string; resourceVersion: string }>(
          await backend.router.invoke('kube.object.edit.start', ref),
        );
        const edited = { ...ref, original: session.yaml, resourceVersion: session.resourceVersion };
        const changed = session.yaml.replace('v: "1"', 'v: "2"');
        // The review is a dry run: allowed. Applying it is a write: refused.
        expect(
          valueOf(await backend.router.invoke('kube.object.edit.review', { ...edited, yaml: changed })),
        ).toMatchObject({
          outcome: 'changes',
        });
        const apply = errorOf(await backend.router.invoke('kube.object.edit.apply', { ...edited, yaml: changed }));
        expect(apply.code).toBe('permission_denied');
        expect(kubectl('get', 'configmap', 'guarded', '-n', NAMESPACE, '-o', 'jsonpath={.data.v}')).toBe('1');
        expect(() => backend.kubeWrites.assertWritable('berth-a')).toThrow(/read-only in Berth/);
        const permissions = valueOf<Record<string, ActionPermission>>(
          await backend.router.invoke('kube.permissions', {
            context: 'berth-a',
            kind: 'configmaps',
            namespace: NAMESPACE,
            actions: ['delete'],
          }),
        );
        expect(permissions).toEqual({ delete: { allowed: false, reason: 'read-only in Berth' } });
        expect(kubectl('get', 'configmap', 'guarded', '-n', NAMESPACE, '-o', 'name').trim()).toBe('configmap/guarded');
        expect(getJson<{ spec: { replicas: number } }>('deployment', 'web', '-n', NAMESPACE).spec.replicas).toBe(1);
      } finally {
        await backend.router.invoke('kube.context.readOnly', { name: 'berth-a', readOnly: false });
      }
      valueOf(await backend.router.invoke('kube.object.delete', targetOf('configmaps', 'guarded', NAMESPACE)));
    });
  },
);
