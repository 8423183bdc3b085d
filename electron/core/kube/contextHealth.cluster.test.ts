import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterSkipReason, TEST_KUBECONFIG } from '../../../e2e/cluster/testKubeconfig';
import { Backend } from '../backend';

const skip = clusterSkipReason();
const backends: Backend[] = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.dispose()));
});

function backendWith(kubeconfig: string): Backend {
  const backend = new Backend({
    mode: 'web',
    version: 't',
    env: { KUBECONFIG: kubeconfig, DOCKER_HOST: 'unix:///nonexistent.sock' },
  });
  backends.push(backend);
  return backend;
}

describe.skipIf(skip !== null)(
  `status of the current kube context, against the real test clusters${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    it('is live for a reachable cluster and follows a switch to an unreachable one', async () => {
      const backend = backendWith(TEST_KUBECONFIG);
      expect(backend.state.value.kube.currentContext).toBe('berth-a');
      await expect.poll(() => backend.connections.get('kube:berth-a')?.state, { timeout: 15_000 }).toBe('live');

      await backend.router.invoke('kube.context.select', { name: 'berth-unreachable' });
      expect(backend.connections.get('kube:berth-a')).toBeUndefined();
      await expect
        .poll(() => backend.connections.get('kube:berth-unreachable')?.state, { timeout: 15_000 })
        .toBe('reconnecting');
      expect(backend.connections.get('kube:berth-unreachable')?.message).toMatch(
        /^Nothing answers at https:\/\/127\.0\.0\.1:\d+\.$/,
      );
    });

    it('says when the cluster rejects expired or invalid credentials', async () => {
      const config = new KubeConfig();
      config.loadFromFile(TEST_KUBECONFIG);
      const context = config.getContextObject('berth-a')!;
      config.loadFromOptions({
        clusters: config.clusters,
        users: [{ name: 'expired', token: 'this-token-expired-long-ago' }],
        contexts: [{ name: 'expired', cluster: context.cluster, user: 'expired' }],
        currentContext: 'expired',
      });
      const file = join(mkdtempSync(join(tmpdir(), 'berth-kc-')), 'config');
      writeFileSync(file, config.exportConfig());
      const backend = backendWith(file);
      await expect.poll(() => backend.connections.get('kube:expired')?.state, { timeout: 15_000 }).toBe('reconnecting');
      const row = backend.connections.get('kube:expired')!;
      expect(row.message).toBe(
        'The cluster of “expired” rejected your credentials: they are missing, invalid or expired.',
      );
      expect(row.hint).toMatch(/Log in again/);
    });
  },
);
