import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamChunk } from '../../../../shared/collection';
import type { LogLine } from '../../../../shared/logs';
import { Subscription } from '../../../../e2e/docker/dockerTestKit';
import { kubectl, kubectlApply, testNamespace } from '../../../../e2e/cluster/clusterTestKit';
import { kubeBackend } from '../../../../e2e/cluster/kubeBackend';
import { clusterSkipReason } from '../../../../e2e/cluster/testKubeconfig';
import type { Backend } from '../../backend';

const skip = clusterSkipReason();
const ownNamespace = testNamespace('logs');
const NAMESPACE = ownNamespace.name;
/** The first line of kwok's canned container log (`a/kwok/container.log`): 40 lines, a minute apart. */
const FIRST_LINE = '2025-01-01T00:00:00Z INFO berth-demo request 0 handled path=/api/items status=200 duration=0ms';

function linesOf(subscription: Subscription): LogLine[] {
  return (subscription.events as Array<StreamChunk<LogLine>>).flatMap((chunk) => chunk.items);
}

function endOf(subscription: Subscription): string | undefined {
  return (subscription.events as Array<StreamChunk<LogLine>>).find((chunk) => chunk.end)?.end?.reason;
}

/** A Deployment of our own whose pods (on kwok nodes) serve the canned log. */
function deployment(name: string, replicas: number): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'main', image: 'berth-test/busybox:1' }] },
      },
    },
  });
}

describe.skipIf(skip !== null)(
  `Pod and workload logs, against the real test cluster${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let backend: Backend;
    const subscriptions: Subscription[] = [];
    const subscribe = (topic: string, params: unknown): Subscription => {
      const subscription = new Subscription(backend, topic, params);
      subscriptions.push(subscription);
      return subscription;
    };
    const logStreams = (): number => backend.kube.runtime('berth-a')?.streams.count('logs') ?? 0;

    beforeAll(() => {
      ownNamespace.create();
      backend = kubeBackend();
    });

    afterAll(async () => {
      for (const s of subscriptions) s.unsubscribe();
      await backend?.dispose();
      ownNamespace.remove();
    });

    it.each(['web', 'log-shipper', 'init-schema'])(
      'follows the log of container %s of multi-container-demo, timestamps parsed off each line',
      async (container) => {
        const logs = subscribe('kube.pod.logs', {
          context: 'berth-a',
          namespace: 'team-a',
          pod: 'multi-container-demo',
          container,
          tailLines: 1000,
        });
        await logs.waitFor(() => linesOf(logs).length >= 40 || !!logs.error, 20_000, 'the canned log');
        expect(logs.error).toBeUndefined();
        const lines = linesOf(logs);
        expect(lines).toHaveLength(40);
        expect(lines[0]).toEqual({ t: Date.UTC(2025, 0, 1), stream: 'stdout', text: FIRST_LINE });
        expect(lines[39]!.t).toBe(Date.UTC(2025, 0, 1, 0, 39));
        // Followed: still open, one log stream of the context in use.
        expect(endOf(logs)).toBeUndefined();
        expect(logStreams()).toBe(1);
        logs.unsubscribe();
        expect(logStreams()).toBe(0);
      },
    );

    it('honours tailLines', async () => {
      const logs = subscribe('kube.pod.logs', {
        context: 'berth-a',
        namespace: 'team-a',
        pod: 'multi-container-demo',
        container: 'web',
        tailLines: 2,
      });
      await logs.waitFor(() => linesOf(logs).length >= 2, 20_000, 'two lines');
      expect(linesOf(logs).map((l) => l.t)).toEqual([Date.UTC(2025, 0, 1, 0, 38), Date.UTC(2025, 0, 1, 0, 39)]);
      logs.unsubscribe();
    });

    it('reads the previous container’s log of crashloop-demo, then ends with the reason', async () => {
      const logs = subscribe('kube.pod.logs', {
        context: 'berth-a',
        namespace: 'team-a',
        pod: 'crashloop-demo',
        container: 'app',
        previous: true,
      });
      await logs.waitFor(() => endOf(logs) !== undefined || !!logs.error, 20_000, 'the end of the previous log');
      expect(logs.error).toBeUndefined();
      expect(linesOf(logs).map((l) => l.text)).toEqual([
        '2025-01-01T00:00:00Z INFO starting berth-demo',
        '2025-01-01T00:00:01Z ERROR failed to connect to database: connection refused',
        '2025-01-01T00:00:01Z FATAL exiting with code 1',
      ]);
      expect(endOf(logs)).toMatch(/previous container/);
      await expect.poll(logStreams).toBe(0);
    });

    it('says in words why a log cannot be read', async () => {
      const failure = async (params: object): Promise<string> => {
        const logs = subscribe('kube.pod.logs', { context: 'berth-a', namespace: 'team-a', ...params });
        await logs.waitFor(() => !!logs.error, 20_000, 'an error');
        return logs.error!.message;
      };
      expect(await failure({ pod: 'multi-container-demo', container: 'web', previous: true })).toMatch(
        /no previous logs of container “web”: it has not restarted/,
      );
      expect(await failure({ pod: 'pending-demo', container: 'trainer' })).toMatch(/has not started yet \(Pending\)/);
      expect(await failure({ pod: 'multi-container-demo', container: 'nope' })).toMatch(
        /has no container named “nope”/,
      );
      expect(await failure({ pod: 'no-such-pod', container: 'app' })).toMatch(/no longer exists/);
      expect(
        await failure({ context: 'berth-a-readonly', namespace: 'shop', pod: 'anything', container: 'app' }),
      ).toMatch(/not allowed to read the logs of pod “shop\/anything”/);
      expect(logStreams()).toBe(0);
    });

    it('merges the logs of a workload’s pods, each line with its pod', async () => {
      const pods = kubectl('get', 'pods', '-n', 'team-a', '-l', 'app=api', '-o', 'jsonpath={.items[*].metadata.name}')
        .split(' ')
        .filter(Boolean);
      expect(pods.length).toBeGreaterThanOrEqual(2);
      const logs = subscribe('kube.workload.logs', {
        context: 'berth-a',
        namespace: 'team-a',
        kind: 'deployments.apps',
        name: 'api',
        tailLines: 5,
      });
      const sources = (): Set<string | undefined> =>
        new Set(
          linesOf(logs)
            .filter((l) => !l.note)
            .map((l) => l.source),
        );
      await logs.waitFor(() => pods.every((p) => sources().has(p)) || !!logs.error, 20_000, 'lines of every pod');
      expect(logs.error).toBeUndefined();
      expect([...sources()].sort()).toEqual([...pods].sort());
      expect(linesOf(logs).filter((l) => !l.note)).toHaveLength(5 * pods.length);
      logs.unsubscribe();
      expect(logStreams()).toBe(0);
    });

    it('follows pods that come and go, and caps how many it follows at once', async () => {
      kubectlApply(deployment('tide', 1));
      const logs = subscribe('kube.workload.logs', {
        context: 'berth-a',
        namespace: NAMESPACE,
        kind: 'deployments.apps',
        name: 'tide',
        tailLines: 3,
        maxPods: 2,
      });
      const podLines = (): LogLine[] => linesOf(logs).filter((l) => !l.note);
      const sources = (): Set<string> => new Set(podLines().map((l) => l.source ?? ''));
      await logs.waitFor(() => sources().size === 1 || !!logs.error, 60_000, 'the first pod’s lines');
      expect(logs.error).toBeUndefined();
      const [first] = [...sources()];
      expect(first).toMatch(/^tide-/);

      // A pod that starts while the stream is open joins it.
      kubectl('scale', 'deployment/tide', '-n', NAMESPACE, '--replicas=2');
      await logs.waitFor(() => sources().size === 2, 60_000, 'the new pod’s lines');
      const second = [...sources()].find((s) => s !== first)!;
      expect(podLines().filter((l) => l.source === second)).toHaveLength(3);

      // A third pod is over the cap: it waits, and a note says so. One stream for the workload, one per pod.
      kubectl('scale', 'deployment/tide', '-n', NAMESPACE, '--replicas=3');
      const capNote = (): LogLine | undefined =>
        linesOf(logs).find((l) => l.note && /Following 2 of 3 pods/.test(l.text));
      await logs.waitFor(() => !!capNote(), 60_000, 'the cap note');
      expect(capNote()!.text).toMatch(/at most 2 at once/);
      expect(sources().size).toBe(2);
      expect(logStreams()).toBe(3);

      // A followed pod deleted: its log ends with a note, and the waiting pod takes its place.
      kubectl('delete', 'pod', first!, '-n', NAMESPACE, '--grace-period=0', '--force', '--wait=false');
      await logs.waitFor(() => sources().size === 3, 60_000, 'the waiting pod joining');
      expect(linesOf(logs).some((l) => l.note && l.source === first && /pod deleted/.test(l.text))).toBe(true);
      await expect.poll(logStreams, { timeout: 20_000 }).toBe(3);

      logs.unsubscribe();
      expect(logStreams()).toBe(0);
    });

    it('ends a pod’s log with “pod deleted” when the pod is deleted', async () => {
      kubectl('run', 'brief', '-n', NAMESPACE, '--image=berth-test/busybox:1');
      kubectl('wait', '-n', NAMESPACE, '--for=condition=Ready', 'pod/brief', '--timeout=60s');
      const logs = subscribe('kube.pod.logs', {
        context: 'berth-a',
        namespace: NAMESPACE,
        pod: 'brief',
        container: 'brief',
      });
      await logs.waitFor(() => linesOf(logs).length > 0 || !!logs.error, 20_000, 'lines');
      expect(logs.error).toBeUndefined();
      kubectl('delete', 'pod', 'brief', '-n', NAMESPACE, '--grace-period=0', '--force', '--wait=false');
      await logs.waitFor(() => endOf(logs) !== undefined, 20_000, 'the end of the log');
      expect(endOf(logs)).toBe('pod deleted');
      expect(logStreams()).toBe(0);
    });

    it('aborts every log request when the context closes', async () => {
      const own = kubeBackend();
      try {
        const logs = new Subscription(own, 'kube.pod.logs', {
          context: 'berth-a',
          namespace: 'team-a',
          pod: 'multi-container-demo',
          container: 'web',
        });
        await logs.waitFor(() => linesOf(logs).length > 0, 20_000, 'lines');
        const runtime = own.kube.runtime('berth-a')!;
        const [stream] = runtime.streams.list('logs');
        expect(stream!.signal.aborted).toBe(false);
        own.kube.dispose();
        expect(stream!.signal.aborted).toBe(true);
        expect(runtime.streams.count('logs')).toBe(0);
        await logs.waitFor(() => !!logs.error, 5000, 'the subscription to end');
        expect(logs.error!.message).toMatch(/context “berth-a”/);
      } finally {
        await own.dispose();
      }
    });
  },
);
