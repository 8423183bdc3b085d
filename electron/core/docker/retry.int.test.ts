import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/app';
import { startBackend, Subscription } from '../../../e2e/docker/dockerTestKit';
import { DOCKER_SOCKET, requireDocker } from '../../../e2e/docker/requireDocker';

const check = await requireDocker();

describe.skipIf(!check.available)('retrying a connection now instead of after the backoff (real dockerd)', () => {
  let ctx: ReturnType<typeof startBackend> | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await ctx?.dispose();
    ctx = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('an engine that comes back is live right after app.connections.retry, without waiting for the backoff', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-retry-'));
    dirs.push(dir);
    const socket = join(dir, 'docker.sock');
    ctx = startBackend({ DOCKER_HOST: `unix://${socket}` });
    const connections = new Subscription(ctx.backend, 'app.connections', {});
    const status = (): ConnectionStatus | undefined =>
      connections.rows.get('docker:env') as ConnectionStatus | undefined;
    // Let the backoff grow until the next attempt is more than 3 s away.
    await connections.waitFor(() => (status()?.nextRetryAt ?? 0) - Date.now() > 3000, 15_000, 'long backoff');

    symlinkSync(DOCKER_SOCKET, socket); // the engine is back (Docker Desktop started, say)
    const result = await ctx.backend.router.invoke('app.connections.retry', { id: 'docker:env' });
    expect(result).toEqual({ ok: true, value: { ok: true } });
    await connections.waitFor(() => status()?.state === 'live', 1500, 'live right after retry');
    connections.unsubscribe();
  });
});
