import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/app';
import type { KindInfo, KindStatus, KubeEventRow, KubeObjectDetails, KubeRow } from '../../../shared/kube/types';
import { Subscription } from '../../../e2e/docker/dockerTestKit';
import { kubectl, testNamespace } from '../../../e2e/cluster/clusterTestKit';
import { kubeBackend } from '../../../e2e/cluster/kubeBackend';
import { widgetKind } from '../../../e2e/cluster/widgetKind';
import { clusterSkipReason, TEST_KUBECONFIG } from '../../../e2e/cluster/testKubeconfig';
import type { Backend } from '../backend';

const skip = clusterSkipReason();
const ownNamespace = testNamespace('live');
const NAMESPACE = ownNamespace.name;

const widgets = widgetKind();

function backendWith(kubeconfig: string, current?: string): Backend {
  // The list of kinds read again every second: a CRD installed shows within the test's patience.
  const backend = kubeBackend({ kubeconfig, kubeRuntime: { kindsEveryMs: 1000 } });
  if (current) void backend.router.invoke('kube.context.select', { name: current });
  return backend;
}

function rowsOf(subscription: Subscription): KubeRow[] {
  return [...subscription.rows.values()] as unknown as KubeRow[];
}

function lastStatus(subscription: Subscription): KindStatus | undefined {
  return subscription.events.at(-1) as KindStatus | undefined;
}

describe.skipIf(skip !== null)(
  `Kubernetes live state, against the real test clusters${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let backend: Backend;
    const subscriptions: Subscription[] = [];
    const subscribe = (topic: string, params: unknown): Subscription => {
      const subscription = new Subscription(backend, topic, params);
      subscriptions.push(subscription);
      return subscription;
    };

    beforeAll(() => {
      ownNamespace.create();
      backend = backendWith(TEST_KUBECONFIG);
    });

    afterAll(async () => {
      for (const s of subscriptions) s.unsubscribe();
      await backend?.dispose();
      ownNamespace.remove();
      widgets.remove();
    });

    it('lists the seeded pods with their health in words', async () => {
      const pods = subscribe('kube.resources', { context: 'berth-a', kind: 'pods' });
      const find = (name: string): KubeRow | undefined => rowsOf(pods).find((r) => r.name === name);
      await pods.waitFor(() => !!find('crashloop-demo') && !!find('pending-demo'), 15_000, 'seeded pods');
      const crashloop = find('crashloop-demo')!;
      expect(crashloop.namespace).toBe('team-a');
      expect(crashloop.health.level).toBe('failing');
      expect(crashloop.health.reason).toMatch(/CrashLoopBackOff/);
      expect(find('pending-demo')!.health.level).toBe('warning');
      // Rows are plain JSON: what crosses to the renderer survives a round trip unchanged.
      expect(JSON.parse(JSON.stringify(rowsOf(pods)))).toEqual(rowsOf(pods));
    });

    it('sends rows with their owners only; the details name everything the object uses', async () => {
      const pods = subscribe('kube.resources', { context: 'berth-a', kind: 'pods', namespaces: ['team-a'] });
      await pods.waitFor(() => rowsOf(pods).some((r) => r.name.startsWith('api-')), 15_000, 'the api pods');
      const api = rowsOf(pods).find((r) => r.name.startsWith('api-'))!;
      expect(api.refs?.map((r) => r.relation)).toEqual(['owner']);
      expect(api.refs?.[0]).toMatchObject({ kind: 'ReplicaSet', namespace: 'team-a' });
      // Empty cells are not sent (the table shows a dash for them).
      for (const row of rowsOf(pods)) expect(Object.values(row.cells)).not.toContain(null);

      const details = await backend.router.invoke('kube.object.get', {
        context: 'berth-a',
        kind: 'pods',
        namespace: 'team-a',
        name: api.name,
      });
      const refs = (details as { value: KubeObjectDetails }).value.refs;
      const node = (details as { value: KubeObjectDetails }).value.object.spec as { nodeName: string };
      expect(refs).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ relation: 'owner', kind: 'ReplicaSet', uid: api.refs![0]!.uid }),
          { relation: 'node', kind: 'Node', name: node.nodeName },
          expect.objectContaining({ relation: 'uses', kind: 'ConfigMap', name: 'api-config' }),
          expect.objectContaining({ relation: 'uses', kind: 'Secret', name: 'api-credentials' }),
          expect.objectContaining({ relation: 'serviceAccount', kind: 'ServiceAccount' }),
        ]),
      );
    });

    it('shows a pod created, changed and deleted through the API within a second each', async () => {
      const pods = subscribe('kube.resources', { context: 'berth-a', kind: 'pods', namespaces: [NAMESPACE] });
      const status = subscribe('kube.kind.status', { context: 'berth-a', kind: 'pods' });
      await status.waitFor(() => lastStatus(status)?.state === 'live', 15_000, 'pods watch live');
      const find = (): KubeRow | undefined => rowsOf(pods).find((r) => r.name === 'live-demo');

      kubectl(
        'run',
        'live-demo',
        '-n',
        NAMESPACE,
        '--image=berth-test/busybox:1',
        '--labels=app=live-demo',
        '--overrides={"spec":{"tolerations":[{"operator":"Exists"}]}}',
      );
      await pods.waitFor(() => !!find(), 1000, 'created pod in the topic');

      kubectl('label', 'pod', 'live-demo', '-n', NAMESPACE, 'stage=changed');
      await pods.waitFor(() => find()?.labels?.stage === 'changed', 1000, 'label change in the topic');

      kubectl('delete', 'pod', 'live-demo', '-n', NAMESPACE, '--grace-period=0', '--force', '--wait=false');
      await pods.waitFor(() => !find(), 5000, 'deleted pod gone from the topic');
      // A namespace view never receives rows of other namespaces.
      expect(rowsOf(pods).every((r) => r.namespace === NAMESPACE)).toBe(true);
    });

    it('finds an object’s events through the index by its uid', async () => {
      const pods = subscribe('kube.resources', { context: 'berth-a', kind: 'pods', namespaces: ['team-a'] });
      await pods.waitFor(() => rowsOf(pods).some((r) => r.name === 'crashloop-demo'), 15_000, 'crashloop-demo');
      const uid = rowsOf(pods).find((r) => r.name === 'crashloop-demo')!.id;
      const events = subscribe('kube.object.events', { context: 'berth-a', uid });
      await events.waitFor(() => events.rows.size > 0, 15_000, 'events of crashloop-demo');
      const rows = [...events.rows.values()] as unknown as KubeEventRow[];
      expect(rows.every((e) => e.involved.uid === uid)).toBe(true);
      expect(rows.some((e) => e.reason === 'BackOff')).toBe(true);
    });

    it('withholds Secret values from the details until the user reveals them', async () => {
      const hidden = await backend.router.invoke('kube.object.get', {
        context: 'berth-a',
        kind: 'secrets',
        namespace: 'team-a',
        name: 'api-credentials',
      });
      expect(hidden.ok).toBe(true);
      const details = (hidden as { value: KubeObjectDetails }).value;
      const real = JSON.parse(kubectl('get', 'secret', 'api-credentials', '-n', 'team-a', '-o', 'json')) as {
        data: Record<string, string>;
      };
      expect(details.withheld.sort()).toEqual(Object.keys(real.data).sort());
      for (const value of Object.values(real.data)) expect(JSON.stringify(details)).not.toContain(value);

      const revealed = await backend.router.invoke('kube.object.get', {
        context: 'berth-a',
        kind: 'secrets',
        namespace: 'team-a',
        name: 'api-credentials',
        reveal: true,
      });
      expect((revealed as { value: KubeObjectDetails }).value.object.data).toEqual(real.data);
    });

    it('follows the kinds discovery lists: a CRD installed meanwhile joins, browsed with the server’s columns', async () => {
      const kinds = subscribe('kube.kinds', { context: 'berth-a' });
      const latest = (): KindInfo[] => (kinds.events.at(-1) as KindInfo[] | undefined) ?? [];
      await kinds.waitFor(() => latest().length > 0, 15_000, 'the first list of kinds');
      expect(latest().find((k) => k.key === 'pods')?.builtin).toBe(true);
      expect(latest().some((k) => k.key === widgets.key)).toBe(false);

      widgets.install();
      widgets.addWidget(NAMESPACE, 'gear', 42);
      await kinds.waitFor(() => latest().some((k) => k.key === widgets.key), 30_000, 'the new kind in the list');
      expect(latest().find((k) => k.key === widgets.key)).toMatchObject({
        kind: 'Widget',
        category: 'Custom resources',
        builtin: false,
        namespaced: true,
      });
      const rows = subscribe('kube.resources', { context: 'berth-a', kind: widgets.key });
      const status = subscribe('kube.kind.status', { context: 'berth-a', kind: widgets.key });
      await rows.waitFor(() => rowsOf(rows).some((r) => r.name === 'gear'), 15_000, 'the widget');
      expect(rowsOf(rows).find((r) => r.name === 'gear')!.cells.size).toBe(42);
      await status.waitFor(() => !!lastStatus(status)?.columns?.some((c) => c.id === 'size'), 5000, 'columns');
      const details = await backend.router.invoke('kube.object.get', {
        context: 'berth-a',
        kind: widgets.key,
        namespace: NAMESPACE,
        name: 'gear',
      });
      expect((details as { value: KubeObjectDetails }).value.object.spec).toEqual({ size: 42 });

      // Removed, it leaves the list as it came.
      const shown = kinds.events.length;
      widgets.remove();
      await kinds.waitFor(() => !latest().some((k) => k.key === widgets.key), 30_000, 'the kind gone from the list');
      expect(kinds.events.length).toBeGreaterThan(shown);
    });

    it('berth-a-readonly falls back to its namespace for pods and says nodes are not allowed', async () => {
      const pods = subscribe('kube.resources', { context: 'berth-a-readonly', kind: 'pods' });
      const podStatus = subscribe('kube.kind.status', { context: 'berth-a-readonly', kind: 'pods' });
      const nodeStatus = subscribe('kube.kind.status', { context: 'berth-a-readonly', kind: 'nodes' });
      await podStatus.waitFor(() => lastStatus(podStatus)?.state === 'live', 15_000, 'readonly pods live');
      expect(lastStatus(podStatus)?.fallbackNamespace).toBe('team-a');
      await pods.waitFor(() => rowsOf(pods).some((r) => r.name === 'crashloop-demo'), 5000, 'team-a pods');
      expect(rowsOf(pods).every((r) => r.namespace === 'team-a')).toBe(true);
      await nodeStatus.waitFor(() => lastStatus(nodeStatus)?.state === 'forbidden', 15_000, 'nodes forbidden');
      expect(lastStatus(nodeStatus)?.message).toMatch(
        /^Not allowed for this user: listing nodes in “berth-a-readonly”/,
      );
    });

    it('says whether metrics.k8s.io serves a context: there on berth-a, refused beyond its namespace on berth-a-readonly', async () => {
      type Availability = { state: string; message?: string };
      const admin = subscribe('kube.metrics.availability', { context: 'berth-a' });
      const readonly = subscribe('kube.metrics.availability', { context: 'berth-a-readonly' });
      const last = (s: Subscription): Availability | undefined => s.events.at(-1) as Availability | undefined;
      await admin.waitFor(() => last(admin)?.state === 'ok', 30_000, 'metrics available on berth-a');
      await readonly.waitFor(
        () => last(readonly)?.state === 'forbidden',
        30_000,
        'metrics refused on berth-a-readonly',
      );
      expect(last(readonly)?.message).toMatch(/Pod usage is shown for namespace team-a only\.$/);
    });

    it('berth-unreachable fails fast with its reason while another context loads', async () => {
      const connections = subscribe('app.connections', {});
      const unreachable = subscribe('kube.resources', { context: 'berth-unreachable', kind: 'pods' });
      const other = subscribe('kube.resources', { context: 'berth-b', kind: 'pods' });
      const row = (id: string): ConnectionStatus | undefined =>
        connections.rows.get(id) as ConnectionStatus | undefined;
      const took = await connections.waitFor(() => row('kube:berth-unreachable')?.state === 'error', 5000, 'error');
      expect(took).toBeLessThan(5000);
      expect(row('kube:berth-unreachable')?.message).toMatch(/^Nothing answers at https:\/\/127\.0\.0\.1:\d+\.$/);
      await other.waitFor(() => other.rows.size > 0, 15_000, 'berth-b pods');
      expect(unreachable.rows.size).toBe(0);
    });

    it('says when the cluster rejects expired or invalid credentials', async () => {
      // The test kubeconfig's cluster with a user whose token the server does not know.
      type Named = { name: string; [key: string]: unknown };
      const config = load(readFileSync(TEST_KUBECONFIG, 'utf8')) as { clusters: Named[]; contexts: Named[] };
      const context = config.contexts.find((c) => c.name === 'berth-a')!.context as { cluster: string };
      const file = join(mkdtempSync(join(tmpdir(), 'berth-kc-')), 'config');
      writeFileSync(
        file,
        dump({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: config.clusters.filter((c) => c.name === context.cluster),
          users: [{ name: 'expired', user: { token: 'this-token-expired-long-ago' } }],
          contexts: [{ name: 'expired', context: { cluster: context.cluster, user: 'expired' } }],
          'current-context': 'expired',
        }),
      );
      const expired = backendWith(file);
      try {
        await expect.poll(() => expired.connections.get('kube:expired')?.state, { timeout: 15_000 }).toBe('error');
        const row = expired.connections.get('kube:expired')!;
        expect(row.message).toBe(
          'The cluster of “expired” rejected your credentials: they are missing, invalid or expired.',
        );
        expect(row.hint).toMatch(/Log in again/);
        expect(JSON.stringify(row)).not.toContain('this-token-expired-long-ago');
      } finally {
        await expired.dispose();
      }
    });
  },
);
