import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  contextDirName,
  discoverEngines,
  nodeDiscoveryFs,
  normalizeEndpoint,
  type DiscoveryFs,
  type DiscoveryInput,
} from './engineDiscovery';

let home: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'berth-discovery-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

/** The real fs, but confined to the temp HOME (this machine's /var/run/docker.sock must not leak in). */
function confinedFs(extraExisting: string[] = []): DiscoveryFs {
  const inside = (p: string): boolean => p.startsWith(home) || extraExisting.includes(p);
  return {
    readFile: (p) => (inside(p) ? nodeDiscoveryFs.readFile(p) : undefined),
    exists: (p) => extraExisting.includes(p) || (inside(p) && nodeDiscoveryFs.exists(p)),
    realpath: (p) => (p.startsWith(home) ? nodeDiscoveryFs.realpath(p) : p),
    listDir: (p) => (inside(p) ? nodeDiscoveryFs.listDir(p) : []),
  };
}

function input(env: DiscoveryInput['env'], fs = confinedFs()): DiscoveryInput {
  return { env, home, platform: 'linux', fs };
}

function touch(path: string, text = ''): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

function writeContext(name: string, host: string, opts: { tls?: boolean; skip?: boolean } = {}): void {
  const dir = contextDirName(name);
  const meta = { Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: opts.skip ?? false } } };
  touch(join(home, '.docker', 'contexts', 'meta', dir, 'meta.json'), JSON.stringify(meta));
  if (opts.tls) {
    for (const f of ['ca.pem', 'cert.pem', 'key.pem'])
      touch(join(home, '.docker', 'contexts', 'tls', dir, 'docker', f));
  }
}

describe('engine discovery', () => {
  it('finds nothing in an empty home, but says where it looked', () => {
    const result = discoverEngines(input({}));
    expect(result.engines).toEqual([]);
    expect(result.searched).toContain('DOCKER_HOST (not set)');
    expect(result.searched).toContain('/var/run/docker.sock');
    expect(result.searched).toContain(join(home, '.colima', 'default', 'docker.sock'));
  });

  it('uses DOCKER_HOST first, even when nothing listens there', () => {
    const result = discoverEngines(input({ DOCKER_HOST: 'tcp://127.0.0.1:1' }));
    expect(result.engines).toEqual([
      { id: 'env', name: 'Docker (DOCKER_HOST)', source: 'DOCKER_HOST', endpoint: 'tcp://127.0.0.1:1' },
    ]);
  });

  it('reads TLS settings for DOCKER_HOST from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', () => {
    const result = discoverEngines(
      input({ DOCKER_HOST: 'tcp://build.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }),
    );
    expect(result.engines[0]!.tls).toEqual({
      verify: true,
      caPath: '/certs/ca.pem',
      certPath: '/certs/cert.pem',
      keyPath: '/certs/key.pem',
    });
  });

  it('lists docker contexts with their TLS files, the current one first', () => {
    writeContext('alpha', 'tcp://alpha.example:2376', { tls: true });
    writeContext('remote', 'ssh://me@remote.example');
    touch(join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'remote' }));
    const { engines } = discoverEngines(input({}));
    expect(engines.map((e) => e.id)).toEqual(['context-remote', 'context-alpha']);
    expect(engines[0]!.source).toContain('(current)');
    const tlsDir = join(home, '.docker', 'contexts', 'tls', contextDirName('alpha'), 'docker');
    expect(engines[1]!.tls).toEqual({
      verify: true,
      caPath: join(tlsDir, 'ca.pem'),
      certPath: join(tlsDir, 'cert.pem'),
      keyPath: join(tlsDir, 'key.pem'),
    });
  });

  it('honours DOCKER_CONFIG and DOCKER_CONTEXT', () => {
    const configDir = join(home, 'elsewhere');
    const dir = contextDirName('work');
    touch(
      join(configDir, 'contexts', 'meta', dir, 'meta.json'),
      JSON.stringify({ Name: 'work', Endpoints: { docker: { Host: 'unix:///tmp/work.sock' } } }),
    );
    const { engines } = discoverEngines(input({ DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'work' }));
    expect(engines).toHaveLength(1);
    expect(engines[0]).toMatchObject({ id: 'context-work', endpoint: 'unix:///tmp/work.sock' });
    expect(engines[0]!.source).toContain('(current)');
  });

  it('skips broken context files instead of failing', () => {
    touch(join(home, '.docker', 'contexts', 'meta', 'x', 'meta.json'), '{not json');
    touch(join(home, '.docker', 'contexts', 'meta', 'y', 'meta.json'), JSON.stringify({ Name: 'y' }));
    touch(join(home, '.docker', 'config.json'), '{broken');
    expect(discoverEngines(input({})).engines).toEqual([]);
  });

  it('finds the well-known sockets of Docker Desktop, Colima, Rancher Desktop, OrbStack, rootless and Podman', () => {
    const runtime = join(home, 'run');
    for (const p of [
      join(home, '.docker', 'run', 'docker.sock'),
      join(home, '.colima', 'default', 'docker.sock'),
      join(home, '.rd', 'docker.sock'),
      join(home, '.orbstack', 'run', 'docker.sock'),
      join(runtime, 'docker.sock'),
      join(runtime, 'podman', 'podman.sock'),
    ]) {
      touch(p);
    }
    const { engines } = discoverEngines(input({ XDG_RUNTIME_DIR: runtime }));
    expect(engines.map((e) => e.id)).toEqual([
      'docker-desktop',
      'rootless',
      'podman',
      'colima',
      'rancher-desktop',
      'orbstack',
    ]);
    expect(engines.find((e) => e.id === 'podman')!.endpoint).toBe(`unix://${join(runtime, 'podman', 'podman.sock')}`);
  });

  it('lists the system socket when it exists', () => {
    const { engines } = discoverEngines(input({}, confinedFs(['/var/run/docker.sock'])));
    expect(engines).toEqual([
      { id: 'local', name: 'Docker', source: '/var/run/docker.sock', endpoint: 'unix:///var/run/docker.sock' },
    ]);
  });

  it('lists an engine reached twice (DOCKER_HOST and a symlinked socket) only once, under its first source', () => {
    const target = join(home, '.colima', 'default', 'docker.sock');
    touch(target);
    mkdirSync(join(home, '.docker', 'run'), { recursive: true });
    symlinkSync(target, join(home, '.docker', 'run', 'docker.sock'));
    const { engines } = discoverEngines(input({ DOCKER_HOST: `unix://${target}` }));
    expect(engines.map((e) => e.id)).toEqual(['env']);
  });

  it('dedupes a context that points at DOCKER_HOST', () => {
    writeContext('same', 'tcp://Example.com:2375');
    const { engines } = discoverEngines(input({ DOCKER_HOST: 'example.com' }));
    expect(engines.map((e) => e.id)).toEqual(['env']);
  });

  it('looks for named pipes on Windows', () => {
    const fs = confinedFs(['//./pipe/docker_engine']);
    const { engines } = discoverEngines({ env: {}, home, platform: 'win32', fs });
    expect(engines).toEqual([
      {
        id: 'docker-desktop',
        name: 'Docker Desktop',
        source: '//./pipe/docker_engine',
        endpoint: 'npipe:////./pipe/docker_engine',
      },
    ]);
  });
});

describe('normalizeEndpoint', () => {
  it('adds the scheme and default port the CLI would', () => {
    expect(normalizeEndpoint('localhost')).toBe('tcp://localhost:2375');
    expect(normalizeEndpoint('tcp://host:2376')).toBe('tcp://host:2376');
    expect(normalizeEndpoint('https://host')).toBe('tcp://host:2376');
    expect(normalizeEndpoint('unix:///var/run/docker.sock')).toBe('unix:///var/run/docker.sock');
    expect(normalizeEndpoint('ssh://me@host')).toBe('ssh://me@host');
  });
});
