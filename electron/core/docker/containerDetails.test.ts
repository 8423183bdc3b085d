import type { ContainerInspectInfo } from 'dockerode';
import { describe, expect, it } from 'vitest';
import { isSecretLike, parseEnv, toContainerDetails } from './containerDetails';

describe('secret-like environment variables are marked for masking', () => {
  it.each([
    ['POSTGRES_PASSWORD', true],
    ['DB_PASS', true],
    ['GITHUB_TOKEN', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['API_KEY', true],
    ['STRIPE_APIKEY', true],
    ['SSH_PRIVATE_KEY', true],
    ['BASIC_AUTH', true],
    ['GOOGLE_APPLICATION_CREDENTIALS', true],
    ['SESSION_SECRET', true],
    ['PATH', false],
    ['HOME', false],
    ['KEYBOARD_LAYOUT', false],
    ['NODE_ENV', false],
  ])('%s → %s', (name, secret) => {
    expect(isSecretLike(name, 'x')).toBe(secret);
  });

  it('also marks a URL with a password in it, whatever its name', () => {
    expect(isSecretLike('DATABASE_URL', 'postgres://app:s3cret@db:5432/app')).toBe(true);
    expect(isSecretLike('HOMEPAGE', 'https://example.com/a:b')).toBe(false);
  });

  it('parses NAME=value with "=" in the value, and bare names', () => {
    expect(parseEnv(['A=b=c', 'EMPTY=', 'BARE'])).toEqual([
      { name: 'A', value: 'b=c', secretLike: false },
      { name: 'EMPTY', value: '', secretLike: false },
      { name: 'BARE', value: '', secretLike: false },
    ]);
  });
});

describe('container details', () => {
  const inspect = {
    Id: 'c'.repeat(64),
    Name: '/web',
    Created: '2024-05-01T12:00:00.123456789Z',
    Path: 'nginx',
    Args: ['-g', 'daemon off;'],
    Image: 'sha256:img',
    State: {
      Status: 'running',
      Running: true,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 42,
      ExitCode: 0,
      Error: '',
      StartedAt: '2024-05-01T12:00:01Z',
      FinishedAt: '0001-01-01T00:00:00Z',
      Health: {
        Status: 'healthy',
        FailingStreak: 0,
        Log: [{ Start: '2024-05-01T12:00:05Z', End: '2024-05-01T12:00:06Z', ExitCode: 0, Output: 'ok' }],
      },
    },
    Config: {
      Image: 'nginx:1.27',
      Env: ['PATH=/usr/bin', 'DB_PASSWORD=x'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      Entrypoint: ['/docker-entrypoint.sh'],
      WorkingDir: '/',
      User: '',
      Hostname: 'c1',
      Tty: false,
      Labels: { a: '<b>' },
    },
    HostConfig: {
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
      Memory: 536870912,
      NanoCpus: 1_500_000_000,
      CpuShares: 0,
      PidsLimit: 100,
    },
    Mounts: [{ Type: 'volume', Name: 'data', Source: '/v', Destination: '/data', Mode: 'z', RW: false }],
    NetworkSettings: {
      Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }], '443/tcp': null },
      Networks: { bridge: { IPAddress: '172.17.0.2', Gateway: '172.17.0.1', MacAddress: '02:42', Aliases: null } },
    },
  } as unknown as ContainerInspectInfo;

  it('are readable: command, state, limits, health, mounts, ports, networks', () => {
    const d = toContainerDetails(inspect, 'local');
    expect(d).toMatchObject({
      name: 'web',
      image: 'nginx:1.27',
      createdAt: Date.UTC(2024, 4, 1, 12) + 123,
      command: ['nginx', '-g', 'daemon off;'],
      entrypoint: ['/docker-entrypoint.sh'],
      restartPolicy: { name: 'unless-stopped', maximumRetryCount: 0 },
      resources: { memory: 536870912, cpus: 1.5, pidsLimit: 100 },
      health: { status: 'healthy', log: [{ exitCode: 0, output: 'ok' }] },
      mounts: [{ type: 'volume', name: 'data', destination: '/data', readOnly: true }],
      ports: [
        { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
        { containerPort: 443, protocol: 'tcp' },
      ],
      networks: [{ name: 'bridge', ipAddress: '172.17.0.2', aliases: [] }],
      labels: { a: '<b>' },
    });
    expect(d.state.finishedAt).toBeUndefined();
    expect(d.env.find((e) => e.name === 'DB_PASSWORD')!.secretLike).toBe(true);
  });
});
