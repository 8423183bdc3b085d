import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/app';
import { Subscription } from '../../../e2e/docker/dockerTestKit';
import { Backend } from '../backend';

/**
 * Contexts that fail in hostile ways, on this machine only: a server that accepts TCP and
 * never answers TLS (a half-dead load balancer, a VPN that swallows packets), and a
 * credential plugin that prints markup. The app keeps working, says what is wrong in words,
 * never shows the markup as anything but text, and gives back every socket it opened.
 */
describe('Kubernetes contexts that fail in hostile ways', () => {
  let silent: Server;
  const held: Socket[] = [];
  let dir: string;
  let backend: Backend;
  let connections: Subscription;
  const row = (id: string): ConnectionStatus | undefined => connections.rows.get(id) as ConnectionStatus | undefined;
  const fds = (): number => readdirSync('/proc/self/fd').length;
  let fdsBefore = 0;

  beforeAll(async () => {
    fdsBefore = fds();
    silent = createServer((socket) => {
      held.push(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    dir = mkdtempSync(join(tmpdir(), 'berth-hostile-'));
    const plugin = join(dir, 'markup-plugin');
    writeFileSync(plugin, '#!/bin/sh\necho \'<img src=x onerror="alert(1)"><b>not json</b>\'\n');
    chmodSync(plugin, 0o755);
    const kubeconfig = join(dir, 'config');
    writeFileSync(
      kubeconfig,
      dump({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          { name: 'silent', cluster: { server: `https://127.0.0.1:${port}` } },
          { name: 'closed', cluster: { server: 'https://127.0.0.1:1' } },
        ],
        users: [
          { name: 'token', user: { token: 'abc' } },
          {
            name: 'markup',
            user: {
              exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' },
            },
          },
        ],
        contexts: [
          { name: 'silent-tls', context: { cluster: 'silent', user: 'token' } },
          { name: 'markup-plugin', context: { cluster: 'closed', user: 'markup' } },
        ],
        'current-context': 'silent-tls',
      }),
    );
    backend = new Backend({
      mode: 'web',
      version: 't',
      env: { KUBECONFIG: kubeconfig, DOCKER_HOST: 'unix:///nonexistent.sock', SHELL: '/bin/false' },
    });
    connections = new Subscription(backend, 'app.connections', {});
  });

  let disposed = false;
  afterAll(async () => {
    connections?.unsubscribe();
    if (!disposed) await backend?.dispose();
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('a server that accepts TCP and never answers TLS is reported as not answering, and retried', async () => {
    await connections.waitFor(() => row('kube:silent-tls')?.state === 'error', 20_000, 'silent-tls error');
    expect(row('kube:silent-tls')?.message).toMatch(/does not answer|has not answered/);
    expect(row('kube:silent-tls')?.nextRetryAt).toBeGreaterThan(Date.now() - 1000);
    // The backend still answers everything else at once.
    const started = Date.now();
    const info = await backend.router.invoke('app.info', {});
    expect(info.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('a credential plugin that prints markup is refused in words, without quoting it', async () => {
    await backend.router.invoke('kube.context.pin', { name: 'markup-plugin', pinned: true });
    await connections.waitFor(() => row('kube:markup-plugin')?.state === 'error', 20_000, 'markup-plugin error');
    const status = row('kube:markup-plugin')!;
    expect(JSON.stringify(status)).not.toContain('<img');
    expect(JSON.stringify(status)).not.toContain('onerror');
    expect(status.message).toMatch(/plugin/i);
  });

  it('gives back the sockets and files it opened once disposed', async () => {
    connections.unsubscribe();
    await backend.dispose();
    disposed = true;
    for (const socket of held.splice(0)) socket.destroy();
    await expect.poll(fds, { timeout: 10_000 }).toBeLessThanOrEqual(fdsBefore + 3);
  });
});
