import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionEvent } from '../../../shared/collection';
import type {
  EngineEventRow,
  ImageRow,
  NetworkRow,
  PrunePreview,
  PruneResult,
  VolumeRow,
} from '../../../shared/docker';
import {
  docker,
  removeTestContainers,
  startLiveBackend,
  Subscription,
  testLabels,
} from '../../../e2e/docker/dockerTestKit';
import { requireDocker, TEST_IMAGE } from '../../../e2e/docker/requireDocker';

const check = await requireDocker();
const SUITE = 'resources';
const engineId = 'env';
const LABEL = `berth.test.suite=${SUITE}`;
const unique = `berth-int-${Date.now().toString(36)}`;

async function removeOwnVolumesAndNetworks(): Promise<void> {
  const { Volumes } = await docker.listVolumes({ filters: { label: [LABEL] } });
  for (const v of Volumes ?? [])
    await docker
      .getVolume(v.Name)
      .remove({ force: true })
      .catch(() => undefined);
  for (const n of await docker.listNetworks({ filters: { label: [LABEL] } }))
    await docker
      .getNetwork(n.Id)
      .remove()
      .catch(() => undefined);
}

describe.skipIf(!check.available)('images, volumes, networks, events and prune (real dockerd)', () => {
  let ctx: Awaited<ReturnType<typeof startLiveBackend>>;

  beforeAll(async () => {
    await removeTestContainers(SUITE);
    await removeOwnVolumesAndNetworks();
    ctx = await startLiveBackend();
  });

  afterAll(async () => {
    await ctx?.dispose();
    await removeTestContainers(SUITE);
    await removeOwnVolumesAndNetworks();
  });

  it('lists volumes and networks with their users, follows engine events, and removes them', async () => {
    const volumes = new Subscription<CollectionEvent<VolumeRow>>(ctx.backend, 'docker.volumes', { engineId });
    const networks = new Subscription<CollectionEvent<NetworkRow>>(ctx.backend, 'docker.networks', { engineId });
    const events = new Subscription<CollectionEvent<EngineEventRow>>(ctx.backend, 'docker.events', { engineId });
    await volumes.waitFor(() => volumes.events.length > 0, 5000, 'volume snapshot');
    await networks.waitFor(() => networks.events.length > 0, 5000, 'network snapshot');
    expect(networks.events[0]).toMatchObject({ type: 'snapshot' });
    expect(networks.rows.size).toBeGreaterThan(0); // bridge, host, none at least
    const bridge = [...networks.rows.values()].find((n) => n.name === 'bridge') as unknown as NetworkRow;
    expect(bridge.builtIn).toBe(true);

    const volumeName = `${unique}-vol`;
    const netName = `${unique}-net`;
    await docker.createVolume({ Name: volumeName, Labels: testLabels(SUITE) });
    const net = await docker.createNetwork({
      Name: netName,
      Labels: testLabels(SUITE),
      IPAM: { Config: [{ Subnet: '10.213.7.0/24' }] },
    });
    await volumes.waitFor(() => volumes.rows.has(volumeName), 2000, 'volume row');
    await networks.waitFor(() => networks.rows.has(net.id), 2000, 'network row');
    expect(networks.rows.get(net.id)).toMatchObject({
      name: netName,
      subnets: ['10.213.7.0/24'],
      containers: [],
      builtIn: false,
    });

    const c = await docker.createContainer({
      Image: TEST_IMAGE,
      Cmd: ['sleep', '3600'],
      name: `${unique}-user`,
      Labels: testLabels(SUITE),
      HostConfig: { Binds: [`${volumeName}:/data`], NetworkMode: netName },
    });
    await c.start();
    await volumes.waitFor(
      () => (volumes.rows.get(volumeName) as unknown as VolumeRow).usedBy.includes(`${unique}-user`),
      3000,
      'usedBy',
    );
    await networks.waitFor(
      () => (networks.rows.get(net.id) as unknown as NetworkRow).containers.includes(`${unique}-user`),
      3000,
      'attached',
    );
    await events.waitFor(
      () => [...events.rows.values()].some((e) => e.actorId === c.id && e.action === 'start'),
      3000,
      'start event',
    );

    const inUse = await ctx.backend.router.invoke('docker.volume.remove', { engineId, id: volumeName });
    expect(inUse).toMatchObject({ ok: false, error: { code: 'conflict' } });

    await c.remove({ force: true });
    expect(await ctx.backend.router.invoke('docker.volume.remove', { engineId, id: volumeName })).toEqual({
      ok: true,
      value: { ok: true },
    });
    expect(await ctx.backend.router.invoke('docker.network.remove', { engineId, id: net.id })).toEqual({
      ok: true,
      value: { ok: true },
    });
    await volumes.waitFor(() => !volumes.rows.has(volumeName), 2000, 'volume gone');
    await networks.waitFor(() => !networks.rows.has(net.id), 2000, 'network gone');

    const raw = await ctx.backend.router.invoke('docker.network.inspect', { engineId, id: 'bridge' });
    expect(raw.ok && (raw.value as { Name: string }).Name).toBe('bridge');
    volumes.unsubscribe();
    networks.unsubscribe();
    events.unsubscribe();
  });

  it('lists images with the containers that use them', async () => {
    const id = (
      await docker.createContainer({
        Image: TEST_IMAGE,
        Cmd: ['true'],
        name: `${unique}-img`,
        Labels: testLabels(SUITE),
      })
    ).id;
    const images = new Subscription<CollectionEvent<ImageRow>>(ctx.backend, 'docker.images', { engineId });
    await images.waitFor(
      () => [...images.rows.values()].some((i) => (i as unknown as ImageRow).usedBy.includes(`${unique}-img`)),
      3000,
      'image usedBy',
    );
    const row = [...images.rows.values()].find((i) =>
      (i as unknown as ImageRow).repoTags.includes(TEST_IMAGE),
    ) as unknown as ImageRow;
    expect(row.containers).toBeGreaterThanOrEqual(1);
    const raw = await ctx.backend.router.invoke('docker.image.inspect', { engineId, id: TEST_IMAGE });
    expect(raw.ok && (raw.value as { Id: string }).Id).toBe(row.id);
    const busy = await ctx.backend.router.invoke('docker.image.remove', { engineId, id: TEST_IMAGE });
    expect(busy).toMatchObject({ ok: false, error: { code: 'conflict' } });
    images.unsubscribe();
    await docker.getContainer(id).remove({ force: true });
  });

  it('confirming a prune deletes exactly the previewed items: one freed since survives, one in use now is skipped', async () => {
    const stopped = await docker.createContainer({
      Image: TEST_IMAGE,
      Cmd: ['sleep', '3600'],
      name: `${unique}-prune`,
      Labels: testLabels(SUITE),
    });
    const restarted = await docker.createContainer({
      Image: TEST_IMAGE,
      Cmd: ['sleep', '3600'],
      name: `${unique}-prune-restarted`,
      Labels: testLabels(SUITE),
    });
    await docker.createVolume({ Name: `${unique}-orphan`, Labels: testLabels(SUITE) });
    await docker.createVolume({ Name: `${unique}-held`, Labels: testLabels(SUITE) });
    const holder = await docker.createContainer({
      Image: TEST_IMAGE,
      Cmd: ['true'],
      name: `${unique}-holder`,
      Labels: testLabels(SUITE),
      HostConfig: { Binds: [`${unique}-held:/data`] },
    });

    const preview = await ctx.backend.router.invoke('docker.prune.preview', {
      engineId,
      kind: 'containers',
      label: LABEL,
    });
    const containers = (preview as { value: PrunePreview }).value.items;
    expect(containers.map((i) => i.name).sort()).toEqual(
      [`${unique}-holder`, `${unique}-prune`, `${unique}-prune-restarted`].sort(),
    );
    const volumePreview = await ctx.backend.router.invoke('docker.prune.preview', {
      engineId,
      kind: 'volumes',
      label: LABEL,
    });
    const volumes = (volumePreview as { value: PrunePreview }).value.items;
    expect(volumes.map((i) => i.name)).toEqual([`${unique}-orphan`]);

    // Between preview and confirm: a previewed container starts (in use now), the holder is
    // removed by someone else (gone), which frees the held volume (never previewed).
    await restarted.start();
    await holder.remove();
    expect((await docker.getVolume(`${unique}-held`).inspect()).Name).toBe(`${unique}-held`);

    const run = await ctx.backend.router.invoke('docker.prune.run', {
      engineId,
      kind: 'containers',
      ids: containers.map((i) => i.id),
    });
    const result = (run as { value: PruneResult }).value;
    expect(result.deleted).toEqual([stopped.id]);
    expect(result.skipped).toEqual(
      expect.arrayContaining([
        { id: restarted.id, reason: expect.stringMatching(/^in use now: .*running/i) },
        { id: holder.id, reason: 'already gone' },
      ]),
    );
    expect((await docker.getContainer(restarted.id).inspect()).State.Running).toBe(true);

    const runVolumes = await ctx.backend.router.invoke('docker.prune.run', {
      engineId,
      kind: 'volumes',
      ids: volumes.map((i) => i.id),
    });
    expect((runVolumes as { value: PruneResult }).value).toEqual({
      kind: 'volumes',
      deleted: [`${unique}-orphan`],
      skipped: [],
    });
    // Unused now, but the user never saw it in the preview: it must still be there.
    expect((await docker.getVolume(`${unique}-held`).inspect()).Name).toBe(`${unique}-held`);
  });

  it('refuses a prune request without the previewed ids', async () => {
    const run = await ctx.backend.router.invoke('docker.prune.run', { engineId, kind: 'volumes', ids: [] });
    expect(run).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const legacy = await ctx.backend.router.invoke('docker.prune.run', {
      engineId,
      kind: 'volumes',
      label: LABEL,
    } as never);
    expect(legacy).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
