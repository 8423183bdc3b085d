// Checks the local test clusters started by e2e/cluster/up.sh (and seeded by
// seed.sh) through @kubernetes/client-node: real kube-apiserver, kwok nodes,
// logs/exec through the API server, metrics.k8s.io, RBAC and an unreachable
// context.
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, it, expect, beforeAll } from 'vitest';
import { TEST_KUBECONFIG } from './testKubeconfig';
import { ApiException, CoreV1Api, Exec, KubeConfig, Metrics, type V1Pod, type V1Status } from '@kubernetes/client-node';

// Never $KUBECONFIG: that may be the user's real cluster.
const KUBECONFIG = TEST_KUBECONFIG;
const present = existsSync(KUBECONFIG);
const inCI = process.env.CI === 'true';
const NS = 'team-a';

function kubeConfig(context: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(KUBECONFIG);
  kc.setCurrentContext(context);
  return kc;
}

function core(context: string): CoreV1Api {
  return kubeConfig(context).makeApiClient(CoreV1Api);
}

async function eventually<T>(fn: () => Promise<T>, timeoutMs = 60_000, everyMs = 1_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

function containerState(pod: V1Pod) {
  return pod.status?.containerStatuses?.[0];
}

if (!present && inCI) {
  describe('local Kubernetes test clusters', () => {
    it('has a kubeconfig', () => {
      throw new Error(
        `No kubeconfig at ${KUBECONFIG}: CI must run "bash e2e/cluster/up.sh && bash e2e/cluster/seed.sh" before the tests.`,
      );
    });
  });
} else {
  describe.skipIf(!present)(
    `local Kubernetes test clusters${present ? '' : ` (skipped: no kubeconfig at ${KUBECONFIG}; run npm run cluster:up && npm run cluster:seed)`}`,
    () => {
      let api: CoreV1Api;
      beforeAll(() => {
        api = core('berth-a');
      });

      it('lists the kwok nodes as Ready on both clusters', async () => {
        for (const [ctx, prefix] of [
          ['berth-a', 'kwok-a-node-'],
          ['berth-b', 'kwok-b-node-'],
        ] as const) {
          const nodes = await core(ctx).listNode({ labelSelector: 'type=kwok' });
          const ours = nodes.items.filter((n) => n.metadata?.name?.startsWith(prefix));
          expect(ours.length).toBeGreaterThanOrEqual(1);
          for (const n of ours) {
            const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
            expect(ready?.status, `node ${n.metadata?.name}`).toBe('True');
            expect(n.metadata?.annotations?.['kwok.x-k8s.io/node']).toBe('fake');
          }
        }
      });

      it('has the seeded pods Running and the crash-looping one in CrashLoopBackOff', async () => {
        const pods = await api.listNamespacedPod({ namespace: NS });
        const byName = new Map(pods.items.map((p) => [p.metadata?.name ?? '', p]));

        const multi = byName.get('multi-container-demo');
        expect(multi?.status?.phase).toBe('Running');
        expect(multi?.status?.containerStatuses?.length).toBe(2);
        expect(multi?.status?.initContainerStatuses?.[0]?.state?.terminated?.reason).toBe('Completed');

        const apiPods = pods.items.filter((p) => p.metadata?.labels?.app === 'api');
        expect(apiPods.length).toBe(2);
        for (const p of apiPods) expect(p.status?.phase).toBe('Running');

        const crash = byName.get('crashloop-demo');
        expect(crash).toBeDefined();
        const cs = containerState(crash!);
        expect(cs?.state?.waiting?.reason).toBe('CrashLoopBackOff');
        expect(cs?.restartCount ?? 0).toBeGreaterThan(0);
        expect(cs?.lastState?.terminated?.exitCode).toBe(1);

        expect(byName.get('pending-demo')?.status?.phase).toBe('Pending');
      });

      it('returns pod logs through the API server', async () => {
        const current = await api.readNamespacedPodLog({
          name: 'multi-container-demo',
          namespace: NS,
          container: 'web',
          tailLines: 5,
        });
        expect(typeof current).toBe('string');
        expect(current).toContain('berth-demo request');
        expect(current.trim().split('\n').length).toBe(5);

        const previous = await api.readNamespacedPodLog({
          name: 'crashloop-demo',
          namespace: NS,
          previous: true,
        });
        expect(previous).toContain('connection refused');
      });

      it('runs a command in a pod through exec', async () => {
        const exec = new Exec(kubeConfig('berth-a'));
        const stdout = new PassThrough();
        const stderr = new PassThrough();
        let out = '';
        stdout.on('data', (b: Buffer) => (out += b.toString()));
        const status = await new Promise<V1Status>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`exec timed out; output so far: ${out}`)), 20_000);
          exec
            .exec(
              NS,
              'multi-container-demo',
              'web',
              ['sh', '-c', 'echo "hello $BERTH_CLUSTER"'],
              stdout,
              stderr,
              null,
              false,
              (s) => {
                clearTimeout(timer);
                resolve(s);
              },
            )
            .catch((e: unknown) => {
              clearTimeout(timer);
              reject(e);
            });
        });
        expect(status.status).toBe('Success');
        expect(out.trim()).toBe('hello berth-a');
      });

      it('answers metrics.k8s.io PodMetrics', async () => {
        const metrics = new Metrics(kubeConfig('berth-a'));
        // metrics-server needs one or two scrapes after the pods start.
        const list = await eventually(
          async () => {
            const l = await metrics.getPodMetrics(NS);
            const m = l.items.find((i) => i.metadata.name === 'multi-container-demo');
            if (!m) throw new Error(`no PodMetrics yet for multi-container-demo (got ${l.items.length} items)`);
            return l;
          },
          90_000,
          3_000,
        );
        const m = list.items.find((i) => i.metadata.name === 'multi-container-demo')!;
        expect(m.containers.map((c) => c.name).sort()).toEqual(['log-shipper', 'web']);
        expect(m.containers[0]?.usage.cpu).toMatch(/^\d+(n|u|m)?$/);
        const nodes = await metrics.getNodeMetrics();
        expect(nodes.items.length).toBeGreaterThanOrEqual(1);
      }, 120_000);

      it('gives the read-only context access to its namespace only', async () => {
        const ro = core('berth-a-readonly');
        const inside = await ro.listNamespacedPod({ namespace: NS });
        expect(inside.items.length).toBeGreaterThan(0);

        const outside = await errorOf(ro.listNamespacedPod({ namespace: 'team-b' }));
        expect(outside).toBeInstanceOf(ApiException);
        expect((outside as ApiException<unknown>).code).toBe(403);

        const write = await errorOf(
          ro.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'should-not-exist' } } }),
        );
        expect((write as ApiException<unknown>).code).toBe(403);
      });

      it('fails with a connection error on the unreachable context', async () => {
        const err = await errorOf(core('berth-unreachable').listNamespace());
        expect(err).not.toBeInstanceOf(ApiException);
        const e = err as Error & { code?: string; cause?: { code?: string } };
        const text = `${e.message} ${e.code ?? ''} ${e.cause?.code ?? ''}`;
        expect(text).toMatch(/ECONNREFUSED|connect/i);
      });
    },
  );
}
