import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardHistory, TimelineHistory } from '../../../../shared/history';
import { kubectl, kubectlApply, testNamespace } from '../../../../e2e/cluster/clusterTestKit';
import { kubeBackend } from '../../../../e2e/cluster/kubeBackend';
import { clusterSkipReason } from '../../../../e2e/cluster/testKubeconfig';
import { recordWarning } from '../../../../e2e/support/kubeWarning';
import { until } from '../../../../e2e/support/until';
import type { Backend } from '../../backend';
import { ContextHistory, type HistoryRuntime } from './contextHistory';

const skip = clusterSkipReason();
const ownNamespace = testNamespace('history');
const NAMESPACE = ownNamespace.name;
const SIX_HOURS = 6 * 60 * 60_000;

describe.skipIf(skip !== null)(
  `history of a context on the real test cluster${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let backend: Backend;
    const call = async <T>(method: string, input: unknown): Promise<T> => {
      const result = await backend.router.invoke(method, input);
      if (!result.ok) throw new Error(result.error.message);
      return result.value as T;
    };

    beforeAll(() => {
      ownNamespace.create();
      // A warning of our own, happening now (seeded ones expire with the API server's one-hour event TTL).
      recordWarning(NAMESPACE);
      backend = kubeBackend();
      void backend.router.invoke('kube.context.select', { name: 'berth-a' });
    });

    afterAll(async () => {
      await backend?.dispose();
      ownNamespace.remove();
    });

    it('shows the restarts of the seeded crash-looping pod on its timeline, with the previous exit code', async () => {
      // The seeded BackOff event is on the timeline while the API server keeps it.
      const backOff = JSON.parse(
        kubectl(
          '-n',
          'team-a',
          'get',
          'events',
          '--field-selector',
          'involvedObject.name=crashloop-demo',
          '-o',
          'json',
        ),
      ) as { items: Array<{ reason: string }> };
      const backOffKept = backOff.items.some((e) => e.reason === 'BackOff');
      // The pods and events watches list independently: wait until both have been heard from.
      const timeline = await until('the restart (and the back-off) on the timeline', 30_000, async () => {
        const t = await call<TimelineHistory>('history.kube.timeline', {
          context: 'berth-a',
          kind: 'pods',
          namespace: 'team-a',
          name: 'crashloop-demo',
          windowMs: SIX_HOURS,
        });
        const restarted = t.events.some((e) => e.kind === 'restart');
        const warned = t.events.some((e) => e.kind === 'warning');
        return restarted && warned === backOffKept ? t : undefined;
      });
      const restart = timeline.events.find((e) => e.kind === 'restart');
      expect(restart?.title).toBe('app restarted (5 restarts in all)');
      // What a point opens: the previous run of app in this pod.
      expect(restart?.previous).toEqual({ container: 'app', pod: 'crashloop-demo', exitCode: 1, reason: 'Error' });
      expect(timeline.events.find((e) => e.kind === 'exit')?.exitCode).toBe(1);
      const warning = timeline.events.find((e) => e.kind === 'warning');
      if (backOffKept) {
        expect(warning?.title).toBe('back-off restarting ×5');
        expect(warning?.event).toEqual({ namespace: 'team-a', name: 'crashloop-demo.backoff' });
      } else expect(warning).toBeUndefined();
      expect(timeline.cpuUnit).toBe('millicores');
    });

    it('names the pod and container of each restart on a workload’s timeline, for its previous logs', async () => {
      // kwok makes the pods of this template crash-loop (the seed's crashloop stage).
      const deployment = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'crashy', namespace: NAMESPACE },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'crashy' } },
          template: {
            metadata: { labels: { app: 'crashy', 'berth.dev/simulate': 'crashloop' } },
            spec: { containers: [{ name: 'app', image: 'ghcr.io/berth/crashy:0.1.0' }] },
          },
        },
      };
      kubectlApply(deployment);
      const timeline = await until('both pods’ restarts on the Deployment’s timeline', 60_000, async () => {
        const t = await call<TimelineHistory>('history.kube.timeline', {
          context: 'berth-a',
          kind: 'deployments.apps',
          namespace: NAMESPACE,
          name: 'crashy',
          windowMs: SIX_HOURS,
        });
        const pods = new Set(t.events.filter((e) => e.kind === 'restart').map((e) => e.previous?.pod));
        return pods.size >= 2 ? t : undefined;
      });
      const restarts = timeline.events.filter((e) => e.kind === 'restart' && e.previous);
      for (const restart of restarts) {
        expect(restart.previous?.container).toBe('app');
        expect(restart.previous?.pod).toMatch(/^crashy-/);
        expect(restart.title).toContain(restart.previous!.pod!);
      }
      const exit = timeline.events.find((e) => e.kind === 'exit');
      expect(exit?.previous).toMatchObject({ container: 'app', exitCode: 1 });
    }, 90_000);

    it('shows the rollouts of the seeded frontend Deployment (one ReplicaSet each)', async () => {
      await expect
        .poll(
          async () =>
            (
              await call<TimelineHistory>('history.kube.timeline', {
                context: 'berth-a',
                kind: 'deployments.apps',
                namespace: 'shop',
                name: 'frontend',
                windowMs: SIX_HOURS,
              })
            ).events.filter((e) => e.kind === 'rollout').length,
          { timeout: 30_000, interval: 1000 },
        )
        .toBeGreaterThanOrEqual(2);
    });

    it('serves the context dashboard with pods by state and recent warnings', async () => {
      const dashboard = await until('pods by state and past warnings', 30_000, async () => {
        const d = await call<DashboardHistory>('history.context', { context: 'berth-a', windowMs: SIX_HOURS });
        return d.states.points.length > 0 && d.incidents.some((p) => p.warnings > 0) ? d : undefined;
      });
      const running = dashboard.states.points.at(-1)!.values[dashboard.states.keys.indexOf('running')]!;
      expect(running).toBeGreaterThan(0);
    });

    it('pods-by-state follow a pod created and deleted in a namespace of our own', async () => {
      const runtime = backend.kube.runtime('berth-a')!;
      // The same history, fed only our namespace's pods (others' tests create pods in the cluster too).
      const ours: HistoryRuntime = {
        ...runtime,
        name: runtime.name,
        metrics: runtime.metrics,
        events: runtime.events,
        getObject: (...args) => runtime.getObject(...args),
        acquire: async (kind) => {
          const lease = await runtime.acquire(kind);
          if (kind !== 'pods') return lease;
          const rows = lease.cache.rows;
          return {
            cache: {
              rows: {
                subscribe: (emit) => rows.subscribe(emit, (row) => row.namespace === NAMESPACE),
                values: () => rows.values().filter((row) => row.namespace === NAMESPACE),
              },
              status: lease.cache.status,
            },
            release: lease.release,
          };
        },
      };
      const history = new ContextHistory(ours);
      await history.start();
      const latest = (key: string): number | undefined => {
        const d = history.dashboard(5 * 60_000);
        return d.states.points.at(-1)?.values[d.states.keys.indexOf(key)];
      };
      try {
        await expect.poll(() => latest('running'), { timeout: 10_000 }).toBe(0);
        kubectl('-n', NAMESPACE, 'run', 'tracked', '--image=berth-test/busybox:1', '--restart=Never');
        await expect.poll(() => latest('running'), { timeout: 60_000, interval: 500 }).toBe(1);
        kubectl('-n', NAMESPACE, 'delete', 'pod', 'tracked', '--grace-period=0', '--force', '--wait=false');
        await expect.poll(() => latest('running'), { timeout: 60_000, interval: 500 }).toBe(0);
        const d = history.dashboard(5 * 60_000);
        const i = d.states.keys.indexOf('running');
        // The series went 0 → 1 → 0: the pod's life is in it.
        expect(Math.max(...d.states.points.map((p) => p.values[i]!))).toBeGreaterThan(0);
      } finally {
        history.dispose();
      }
    });
  },
);
