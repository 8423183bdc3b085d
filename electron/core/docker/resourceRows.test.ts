import type { ImageInfo, NetworkInspectInfo, VolumeInspectInfo } from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { ContainerRelations } from './containerRows';
import { toEventRow, toImageRows, toNetworkRows, toVolumeRows } from './resourceRows';

const relations: ContainerRelations[] = [
  { id: 'c1', name: 'web', imageId: 'sha256:app', volumes: ['data'], networkIds: ['n1'] },
  { id: 'c2', name: 'worker', imageId: 'sha256:app', volumes: ['data', 'cache'], networkIds: ['n1', 'n2'] },
];

describe('image, volume and network rows say who uses them', () => {
  it('images', () => {
    const images = [
      { Id: 'sha256:app', RepoTags: ['app:1', 'app:latest'], Size: 1000, Created: 1_700_000_000 },
      { Id: 'sha256:old', RepoTags: ['<none>:<none>'], Size: 10, Created: 1_600_000_000 },
    ] as ImageInfo[];
    expect(toImageRows(images, relations, 'local')).toEqual([
      {
        id: 'sha256:app',
        engineId: 'local',
        repoTags: ['app:1', 'app:latest'],
        size: 1000,
        createdAt: 1_700_000_000_000,
        containers: 2,
        usedBy: ['web', 'worker'],
        dangling: false,
      },
      {
        id: 'sha256:old',
        engineId: 'local',
        repoTags: [],
        size: 10,
        createdAt: 1_600_000_000_000,
        containers: 0,
        usedBy: [],
        dangling: true,
      },
    ]);
  });

  it('volumes', () => {
    const volumes = [
      { Name: 'data', Driver: 'local', Mountpoint: '/v/data', CreatedAt: '2024-05-01T12:00:00Z' },
    ] as unknown as VolumeInspectInfo[];
    expect(toVolumeRows(volumes, relations, 'local')).toEqual([
      {
        id: 'data',
        engineId: 'local',
        name: 'data',
        driver: 'local',
        mountpoint: '/v/data',
        createdAt: Date.UTC(2024, 4, 1, 12),
        usedBy: ['web', 'worker'],
      },
    ]);
  });

  it('networks', () => {
    const networks = [
      { Id: 'n0', Name: 'bridge', Driver: 'bridge', Scope: 'local', IPAM: { Config: [{ Subnet: '172.17.0.0/16' }] } },
      { Id: 'n2', Name: 'backend', Driver: 'bridge', Scope: 'local', IPAM: { Config: [] } },
    ] as unknown as NetworkInspectInfo[];
    expect(toNetworkRows(networks, relations, 'local')).toEqual([
      {
        id: 'n0',
        engineId: 'local',
        name: 'bridge',
        driver: 'bridge',
        scope: 'local',
        subnets: ['172.17.0.0/16'],
        containers: [],
        builtIn: true,
      },
      {
        id: 'n2',
        engineId: 'local',
        name: 'backend',
        driver: 'bridge',
        scope: 'local',
        subnets: [],
        containers: ['worker'],
        builtIn: false,
      },
    ]);
  });

  it('events keep the useful attributes as plain data', () => {
    const row = toEventRow(
      {
        Type: 'container',
        Action: 'die',
        Actor: { ID: 'c1', Attributes: { name: '<img src=x>', exitCode: '137', 'com.example': 'x' } },
        time: 1_700_000_000,
        timeNano: 1_700_000_000_123_000_000,
      },
      'local',
      7,
    );
    expect(row).toEqual({
      id: '1700000000123000000-7',
      engineId: 'local',
      t: 1_700_000_000_123,
      type: 'container',
      action: 'die',
      actorId: 'c1',
      actorName: '<img src=x>',
      attributes: { name: '<img src=x>', exitCode: '137' },
    });
  });
});
