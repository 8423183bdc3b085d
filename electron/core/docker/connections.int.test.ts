import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/app';
import { startBackend, Subscription } from '../../../e2e/docker/dockerTestKit';

/** These need no engine at all: they are about engines that are not there. */
describe('an engine that cannot be used says why in app.connections', () => {
  let ctx: ReturnType<typeof startBackend> | undefined;
  afterEach(async () => {
    await ctx?.dispose();
    ctx = undefined;
  });

  async function statusFor(dockerHost: string): Promise<ConnectionStatus> {
    ctx = startBackend({ DOCKER_HOST: dockerHost });
    const connections = new Subscription(ctx.backend, 'app.connections', {});
    await connections.waitFor(() => connections.rows.get('docker:env')?.state === 'error', 8000, 'error state');
    connections.unsubscribe();
    return connections.rows.get('docker:env') as unknown as ConnectionStatus;
  }

  it('an unreachable tcp host (DOCKER_HOST=tcp://127.0.0.1:1)', async () => {
    const status = await statusFor('tcp://127.0.0.1:1');
    expect(status).toMatchObject({ kind: 'docker', state: 'error' });
    expect(status.message).toBe('Docker engine at tcp://127.0.0.1:1 is not running.');
    expect(status.hint).toMatch(/Start Docker Desktop \/ dockerd.*DOCKER_HOST/);
    expect(status.detail).toMatch(/ECONNREFUSED/);
    expect(status.nextRetryAt).toBeGreaterThan(Date.now() - 1000);
  });

  it('a socket path that does not exist', async () => {
    const status = await statusFor('unix:///tmp/berth-no-such-dir/docker.sock');
    expect(status.message).toBe('Docker engine at /tmp/berth-no-such-dir/docker.sock is not running.');
    expect(status.detail).toMatch(/ENOENT/);
  });

  it('methods on that engine fail with the same readable message', async () => {
    await statusFor('tcp://127.0.0.1:1');
    const result = await ctx!.backend.router.invoke('docker.container.action', {
      engineId: 'env',
      id: 'web',
      action: 'start',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: 'Docker engine at tcp://127.0.0.1:1 is not running.' },
    });
  });
});
