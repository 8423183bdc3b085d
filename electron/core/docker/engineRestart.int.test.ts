import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/app';
import type { ContainerRow } from '../../../shared/docker';
import { startBackend, Subscription } from '../../../e2e/docker/dockerTestKit';
import { PrivateDockerd } from '../../../e2e/docker/privateDockerd';
import { requireDocker, TEST_IMAGE } from '../../../e2e/docker/requireDocker';

const check = await requireDocker();
const engineId = 'env';

/**
 * The engine restarts under a running backend. This uses a private dockerd (see
 * PrivateDockerd) rather than the shared /var/run/docker.sock one, so restarting it cannot
 * break other suites running at the same time; the shared engine is never touched.
 */
describe.skipIf(!check.available)('a daemon restart under a running backend', () => {
  const daemon = new PrivateDockerd(mkdtempSync(join(tmpdir(), 'berth-dockerd-')));
  let client: Docker;
  let ctx: ReturnType<typeof startBackend>;

  beforeAll(async () => {
    await daemon.start();
    daemon.loadTestImage();
    client = new Docker({ socketPath: daemon.socket });
    ctx = startBackend({ DOCKER_HOST: daemon.endpoint });
  }, 60_000);

  afterAll(async () => {
    await ctx?.dispose();
    await daemon.dispose();
  }, 60_000);

  async function run(cmd: string[], restart?: 'always'): Promise<string> {
    const c = await client.createContainer({
      Image: TEST_IMAGE,
      Cmd: cmd,
      Labels: { 'berth.test': '1' },
      HostConfig: { NetworkMode: 'none', ...(restart ? { RestartPolicy: { Name: restart } } : {}) },
    });
    await c.start();
    return c.id;
  }

  it('reconnects and ends with exactly a fresh listing: nothing stale', async () => {
    const list = new Subscription(ctx.backend, 'docker.containers', { engineId });
    const connections = new Subscription(ctx.backend, 'app.connections', {});
    const status = (): ConnectionStatus | undefined =>
      connections.rows.get('docker:env') as ConnectionStatus | undefined;
    await connections.waitFor(() => status()?.state === 'live', 10_000, 'live');

    const plain = await run(['sleep', '3600']);
    const survivor = await run(['sleep', '3600'], 'always');
    const doomed = await run(['sleep', '3600']);
    await list.waitFor(() => [plain, survivor, doomed].every((id) => list.rows.has(id)), 3000, 'three rows');

    await daemon.stop();
    await connections.waitFor(() => status()?.state === 'reconnecting', 15_000, 'reconnecting');
    expect(status()!.message).toMatch(
      /^Lost the connection to the Docker engine: Docker engine at .* is not running\.$/,
    );
    expect(status()!.nextRetryAt).toBeGreaterThan(0);
    expect(status()!.staleSince).toBeGreaterThan(0);

    await daemon.start();
    // Changed while Berth was away (or just reconnecting): must not linger as a stale row.
    await client.getContainer(doomed).remove({ force: true });
    const recovered = await connections.waitFor(() => status()?.state === 'live', 20_000, 'live again');
    expect(recovered).toBeLessThan(20_000);

    const fresh = async (): Promise<string> =>
      JSON.stringify((await client.listContainers({ all: true })).map((c) => [c.Id, c.State]).sort());
    const shown = (): string =>
      JSON.stringify([...list.rows.values()].map((r) => [r.id, (r as unknown as ContainerRow).state]).sort());
    let expected = await fresh();
    await list
      .waitFor(() => shown() === expected, 3000, 'rows equal a fresh listing')
      .catch(async () => {
        expected = await fresh(); // the restart policy may still have been starting the survivor
        await list.waitFor(() => shown() === expected, 3000, 'rows equal a fresh listing');
      });
    expect(list.rows.has(doomed)).toBe(false);
    expect((list.rows.get(plain) as unknown as ContainerRow).state).toBe('exited');
    list.unsubscribe();
    connections.unsubscribe();
  }, 90_000);
});
