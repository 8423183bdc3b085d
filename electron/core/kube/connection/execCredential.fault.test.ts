// A credential plugin that hangs (waiting for a login nobody will type, a stuck network
// call): Berth kills it, with what it started, and says so; the next request tries again.
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, makeExecPlugin } from '../../../../e2e/cluster/execPluginKit';
import { clusterSkipReason, TEST_KUBECONFIG } from '../../../../e2e/cluster/testKubeconfig';
import { describeKubeError } from '../kubeErrors';
import { ClusterClient } from './clusterClient';
import { CredentialError, credentialsFor } from './execCredential';
import { loadKubeconfig } from './kubeconfigLoader';
import type { ResolvedContext } from './resolvedContext';

const HANG = [{ name: 'HANG', value: '1' }];
const clients: ClusterClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

/** `base` with its user replaced by the plugin at `command`. */
function withPlugin(base: ResolvedContext, command: string): ResolvedContext {
  return {
    ...base,
    name: 'exec',
    auth: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command, env: HANG, interactiveMode: 'Never' } },
  };
}

describe('a credential plugin that hangs', () => {
  it('is killed after the timeout, with the processes it started', async () => {
    const plugin = makeExecPlugin('unused');
    const context = withPlugin(
      { name: 'exec', cluster: 'c', user: 'u', server: 'https://127.0.0.1:1', tls: {}, auth: {} },
      plugin.path,
    );
    const source = credentialsFor(context, { path: () => Promise.resolve('/usr/bin:/bin'), timeoutMs: 1_000 });
    const started = Date.now();
    const error: unknown = await source.get().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(error).toBeInstanceOf(CredentialError);
    expect((error as CredentialError).problem).toBe('plugin-timeout');
    expect((error as CredentialError).message).toBe(
      `The credential plugin “${plugin.name}” of context “exec” did not answer within 1 s and was stopped.`,
    );
    const child = plugin.hangingChildPid();
    expect(child).not.toBeNull();
    await expect.poll(() => isAlive(child!), { timeout: 10_000 }).toBe(false);
  });

  const skip = clusterSkipReason();
  it.skipIf(skip !== null)(
    `fails a request to the real cluster with the reason, and is tried again on the next one${skip ? ` (skipped: ${skip})` : ''}`,
    async () => {
      const plugin = makeExecPlugin('unused');
      const context = withPlugin(loadKubeconfig([TEST_KUBECONFIG]).resolve('berth-a')!, plugin.path);
      const client = new ClusterClient(
        context,
        credentialsFor(context, { path: () => Promise.resolve(process.env.PATH ?? ''), timeoutMs: 1_000 }),
      );
      clients.push(client);
      const attempt = async (): Promise<ReturnType<typeof describeKubeError>> => {
        const error: unknown = await client.json({ path: '/api/v1/namespaces' }).catch((e: unknown) => e);
        return describeKubeError(error, context.name, context.server);
      };
      const first = await attempt();
      expect(first.message).toBe(
        `The credential plugin “${plugin.name}” of context “exec” did not answer within 1 s and was stopped.`,
      );
      expect(first.hint).toMatch(/log in/);
      await expect.poll(() => isAlive(plugin.hangingChildPid() ?? 0), { timeout: 10_000 }).toBe(false);
      // A failure is not cached: the next request runs the plugin again.
      expect((await attempt()).message).toBe(first.message);
      expect(plugin.runs()).toBe(2);
      await expect.poll(() => isAlive(plugin.hangingChildPid() ?? 0), { timeout: 10_000 }).toBe(false);
    },
  );
});
