import type { ContainerInfo } from 'dockerode';
import { describe, expect, it } from 'vitest';
import {
  exitCodeFromStatus,
  healthFromStatus,
  portMappings,
  toContainerRelations,
  toContainerRow,
} from './containerRows';

const item = {
  Id: 'f'.repeat(64),
  Names: ['/shop-web-1'],
  Image: 'nginx:1.27',
  ImageID: 'sha256:abc',
  Command: 'nginx -g daemon off;',
  Created: 1_700_000_000,
  State: 'running',
  Status: 'Up 3 minutes (healthy)',
  Ports: [
    { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { PrivatePort: 443, Type: 'tcp' },
  ],
  Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' },
  Mounts: [
    {
      Type: 'volume',
      Name: 'shop_data',
      Source: '/var/lib/docker/volumes/shop_data/_data',
      Destination: '/data',
      Driver: 'local',
      Mode: 'z',
      RW: true,
      Propagation: '',
    },
    { Type: 'bind', Source: '/etc/hosts', Destination: '/etc/hosts', Mode: '', RW: false, Propagation: 'rprivate' },
  ],
  NetworkSettings: { Networks: { shop_default: { NetworkID: 'net1' } } },
  HostConfig: { NetworkMode: 'shop_default' },
} as unknown as ContainerInfo;

describe('container rows', () => {
  it('carry what the list shows, compose project and service included', () => {
    expect(toContainerRow(item, 'local')).toEqual({
      id: 'f'.repeat(64),
      engineId: 'local',
      name: 'shop-web-1',
      image: 'nginx:1.27',
      command: 'nginx -g daemon off;',
      state: 'running',
      status: 'Up 3 minutes (healthy)',
      health: 'healthy',
      ports: [
        { ip: '0.0.0.0', privatePort: 80, publicPort: 8080, type: 'tcp' },
        { privatePort: 443, type: 'tcp' },
      ],
      createdAt: 1_700_000_000_000,
      composeProject: 'shop',
      composeService: 'web',
      labels: item.Labels,
    });
  });

  it('read health and exit codes out of the status text', () => {
    expect(healthFromStatus('Up 1 second (health: starting)')).toBe('starting');
    expect(healthFromStatus('Up 2 hours (unhealthy)')).toBe('unhealthy');
    expect(healthFromStatus('Up 2 hours')).toBeUndefined();
    expect(exitCodeFromStatus('Exited (137) 5 seconds ago')).toBe(137);
    expect(exitCodeFromStatus('Up 5 seconds')).toBeUndefined();
    expect(toContainerRow({ ...item, State: 'exited', Status: 'Exited (2) 1 minute ago' }, 'e').exitCode).toBe(2);
  });

  it('show one binding per port even when Docker lists IPv4 and IPv6', () => {
    expect(
      portMappings([
        { IP: '::', PrivatePort: 53, PublicPort: 53, Type: 'udp' },
        { IP: '0.0.0.0', PrivatePort: 53, PublicPort: 53, Type: 'udp' },
      ]),
    ).toEqual([{ ip: '0.0.0.0', privatePort: 53, publicPort: 53, type: 'udp' }]);
  });

  it('know which image, volumes and networks a container uses', () => {
    expect(toContainerRelations(item)).toEqual({
      id: 'f'.repeat(64),
      name: 'shop-web-1',
      imageId: 'sha256:abc',
      volumes: ['shop_data'],
      networkIds: ['net1'],
    });
  });
});
