import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/app';
import { LiveCollection } from '../streams/liveCollection';
import { resolveContext } from './connection/contextResolver';
import type { ResolvedContext } from './connection/resolvedContext';
import { ContextHealth } from './contextHealth';
import { describeKubeError } from './kubeErrors';

describe('kube connection problems, in words', () => {
  it('tells expired credentials, refused connections, DNS and TLS apart', () => {
    const server = 'https://k8s.example:6443';
    expect(describeKubeError({ code: 401, message: 'HTTP-Code: 401' }, 'prod', server).message).toMatch(
      /rejected your credentials/,
    );
    expect(describeKubeError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 'prod', server).message).toBe(
      `Nothing answers at ${server}.`,
    );
    expect(describeKubeError({ message: 'x', cause: { code: 'ENOTFOUND' } }, 'prod', server).hint).toMatch(/VPN/);
    expect(describeKubeError({ code: 'CERT_HAS_EXPIRED', message: 'x' }, 'prod', server).message).toMatch(
      /TLS certificate/,
    );
  });
});

/** A context whose server is a loopback port where nothing listens. */
function unreachableConfig(): ResolvedContext {
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

describe('ContextHealth', () => {
  it('shows an unreachable context as reconnecting, with the reason and the next retry', async () => {
    const config = unreachableConfig();
    const connections = new LiveCollection<ConnectionStatus>();
    const health = new ContextHealth(connections);
    health.follow(config);
    expect(connections.get('kube:gone')?.state).toBe('connecting');
    await expect.poll(() => connections.get('kube:gone')?.state).toBe('reconnecting');
    const row = connections.get('kube:gone')!;
    expect(row.message).toBe('Nothing answers at https://127.0.0.1:1.');
    expect(row.nextRetryAt).toBeGreaterThan(Date.now() - 1000);
    health.follow(null);
    expect(connections.get('kube:gone')).toBeUndefined();
    health.stop();
  });

  it('probes now when asked, instead of at the end of a long backoff', async () => {
    const config = unreachableConfig();
    const connections = new LiveCollection<ConnectionStatus>();
    const health = new ContextHealth(connections);
    health.follow(config);
    const nextRetry = (): number => connections.get('kube:gone')?.nextRetryAt ?? 0;
    await expect.poll(() => nextRetry() - Date.now(), { timeout: 15_000, interval: 100 }).toBeGreaterThan(3000);
    const scheduled = nextRetry();
    health.probeNow();
    // A new attempt failed right away, and the backoff started over.
    await expect.poll(nextRetry, { timeout: 1000, interval: 20 }).toBeLessThan(scheduled - 2000);
    health.stop();
  });

  it('shows a context the kubeconfig cannot describe as an error with the reason, without retrying', () => {
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
    const health = new ContextHealth(connections);
    health.follow(broken);
    expect(connections.get('kube:orphan')).toMatchObject({
      state: 'error',
      message: 'The context “orphan” uses the cluster “deleted-cluster”, which is not in your kubeconfig.',
    });
    expect(connections.get('kube:orphan')?.nextRetryAt).toBeUndefined();
    health.dispose();
  });
});
