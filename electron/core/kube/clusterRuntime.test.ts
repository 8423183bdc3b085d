import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/app';
import { BUILTIN_KINDS } from '../../../shared/kube/kinds';
import { LiveCollection } from '../streams/liveCollection';
import { resolveContext } from './connection/contextResolver';
import { credentialsFor } from './connection/execCredential';
import type { ResolvedContext } from './connection/resolvedContext';
import { ClusterRuntime } from './clusterRuntime';

const runtimes: ClusterRuntime[] = [];
afterEach(() => {
  for (const runtime of runtimes.splice(0)) runtime.dispose();
});

function runtimeFor(context: ResolvedContext, connections: LiveCollection<ConnectionStatus>): ClusterRuntime {
  const runtime = new ClusterRuntime({
    context,
    credentials: credentialsFor(context),
    connections,
    declared: BUILTIN_KINDS,
  });
  runtimes.push(runtime);
  runtime.start();
  return runtime;
}

/** A context whose server is a loopback port where nothing listens. */
function unreachable(): ResolvedContext {
  return resolveContext(
    {
      clusters: [{ name: 'gone', server: 'https://127.0.0.1:1' }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'gone', cluster: 'gone', user: 'u' }],
      currentContext: 'gone',
    },
    'gone',
  )!;
}

describe('ClusterRuntime connection state', () => {
  it('shows a context that never answered as an error, with the reason and the next retry', async () => {
    const connections = new LiveCollection<ConnectionStatus>();
    runtimeFor(unreachable(), connections);
    expect(connections.get('kube:gone')?.state).toBe('connecting');
    await expect.poll(() => connections.get('kube:gone')?.state).toBe('error');
    const row = connections.get('kube:gone')!;
    expect(row.message).toBe('Nothing answers at https://127.0.0.1:1.');
    expect(row.nextRetryAt).toBeGreaterThan(Date.now() - 1000);
    expect(row.staleSince).toBeUndefined();
  });

  it('retries now when asked, instead of at the end of a long backoff', async () => {
    const connections = new LiveCollection<ConnectionStatus>();
    const runtime = runtimeFor(unreachable(), connections);
    const nextRetry = (): number => connections.get('kube:gone')?.nextRetryAt ?? 0;
    // Far enough that a fresh first backoff (1 s ± 30 %) lands at least 0.7 s before it.
    await expect.poll(() => nextRetry() - Date.now(), { timeout: 15_000, interval: 100 }).toBeGreaterThan(4000);
    const scheduled = nextRetry();
    runtime.retryNow();
    // A new attempt failed right away, and the backoff started over.
    await expect.poll(nextRetry, { timeout: 1000, interval: 20 }).toBeLessThan(scheduled - 2000);
  });

  it('shows a context the kubeconfig cannot describe as an error with the reason, without retrying', async () => {
    const broken = resolveContext(
      {
        clusters: [],
        users: [{ name: 'u', token: 't' }],
        contexts: [{ name: 'orphan', cluster: 'deleted-cluster', user: 'u' }],
        currentContext: 'orphan',
      },
      'orphan',
    )!;
    const connections = new LiveCollection<ConnectionStatus>();
    const runtime = runtimeFor(broken, connections);
    expect(connections.get('kube:orphan')).toMatchObject({
      state: 'error',
      message: 'The context “orphan” uses the cluster “deleted-cluster”, which is not in your kubeconfig.',
    });
    expect(connections.get('kube:orphan')?.nextRetryAt).toBeUndefined();
    await expect(runtime.acquire('pods')).rejects.toThrow(/deleted-cluster/);
  });
});
