import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
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
