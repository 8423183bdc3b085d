import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineInfo } from '../../../shared/app';

/** TLS material for a tcp engine: file paths (read when connecting) and whether to verify. */
export interface EngineTls {
  caPath?: string;
  certPath?: string;
  keyPath?: string;
  /** false = encrypt but do not verify the server (DOCKER_TLS without VERIFY, SkipTLSVerify). */
  verify: boolean;
}

/** What discovery knows about an engine; `EngineInfo` is the part the UI sees. */
export interface DiscoveredEngine extends EngineInfo {
  tls?: EngineTls;
}

/** The only file-system questions discovery asks, so tests can answer them from a temp HOME. */
export interface DiscoveryFs {
  readFile(path: string): string | undefined;
  exists(path: string): boolean;
  /** Resolves symlinks; returns the path unchanged when it cannot. */
  realpath(path: string): string;
  listDir(path: string): string[];
}

export interface DiscoveryInput {
  env: Record<string, string | undefined>;
  home: string;
  platform: NodeJS.Platform;
  uid?: number;
  fs: DiscoveryFs;
}

export interface DiscoveryResult {
  engines: DiscoveredEngine[];
  /** Every place looked at, so an empty state can say where we searched. */
  searched: string[];
}

interface WellKnownSocket {
  id: string;
  name: string;
  path: string;
}

/**
 * Finds Docker-compatible engines the way the docker CLI would, then adds the
 * well-known sockets of the popular engines. Order: DOCKER_HOST, the current docker
 * context, the other contexts, well-known sockets. An endpoint reached twice (also
 * through a symlink) is listed once, under its first source. Env and context endpoints
 * are listed even when unreachable: the user asked for them, so they get a clear error.
 */
export function discoverEngines(input: DiscoveryInput): DiscoveryResult {
  const { env, fs } = input;
  const engines: DiscoveredEngine[] = [];
  const searched: string[] = [];
  const seen = new Set<string>();
  const add = (engine: DiscoveredEngine): void => {
    const key = endpointKey(engine.endpoint, fs);
    if (seen.has(key)) return;
    seen.add(key);
    engines.push(engine);
  };

  const configDir = env.DOCKER_CONFIG?.trim() || join(input.home, '.docker');

  const dockerHost = env.DOCKER_HOST?.trim();
  searched.push(dockerHost ? `DOCKER_HOST=${dockerHost}` : 'DOCKER_HOST (not set)');
  if (dockerHost) {
    const endpoint = normalizeEndpoint(dockerHost);
    add({
      id: 'env',
      name: 'Docker (DOCKER_HOST)',
      source: 'DOCKER_HOST',
      endpoint,
      ...envTls(endpoint, env, configDir),
    });
  }

  const contexts = readContexts(configDir, fs);
  searched.push(join(configDir, 'contexts', 'meta'));
  const current = currentContextName(env, configDir, fs);
  const ordered = [...contexts].sort((a, b) => Number(b.name === current) - Number(a.name === current));
  for (const context of ordered) {
    const isCurrent = context.name === current;
    add({
      id: `context-${context.name}`,
      name: context.name,
      source: `docker context “${context.name}”${isCurrent ? ' (current)' : ''}`,
      endpoint: context.endpoint,
      ...(context.tls ? { tls: context.tls } : {}),
    });
  }

  for (const socket of wellKnownSockets(input)) {
    searched.push(socket.path);
    if (!fs.exists(socket.path)) continue;
    const endpoint = socket.path.startsWith('//./pipe/') ? `npipe://${socket.path}` : `unix://${socket.path}`;
    add({ id: socket.id, name: socket.name, source: socket.path, endpoint });
  }
  return { engines, searched };
}

/** The well-known engine sockets for this platform, most common first. */
export function wellKnownSockets(input: Pick<DiscoveryInput, 'env' | 'home' | 'platform' | 'uid'>): WellKnownSocket[] {
  const { home, env } = input;
  if (input.platform === 'win32') {
    return [
      { id: 'docker-desktop', name: 'Docker Desktop', path: '//./pipe/docker_engine' },
      { id: 'docker-desktop-linux', name: 'Docker Desktop (Linux engine)', path: '//./pipe/dockerDesktopLinuxEngine' },
      { id: 'podman', name: 'Podman', path: '//./pipe/podman-machine-default' },
    ];
  }
  const runtimeDir = env.XDG_RUNTIME_DIR?.trim() || (input.uid !== undefined ? `/run/user/${input.uid}` : undefined);
  const sockets: WellKnownSocket[] = [
    { id: 'local', name: 'Docker', path: '/var/run/docker.sock' },
    { id: 'docker-desktop', name: 'Docker Desktop', path: join(home, '.docker', 'run', 'docker.sock') },
    { id: 'docker-desktop-legacy', name: 'Docker Desktop', path: join(home, '.docker', 'desktop', 'docker.sock') },
  ];
  if (runtimeDir) {
    sockets.push({ id: 'rootless', name: 'Docker (rootless)', path: join(runtimeDir, 'docker.sock') });
    sockets.push({ id: 'podman', name: 'Podman', path: join(runtimeDir, 'podman', 'podman.sock') });
  }
  sockets.push(
    { id: 'podman-root', name: 'Podman (root)', path: '/run/podman/podman.sock' },
    { id: 'colima', name: 'Colima', path: join(home, '.colima', 'default', 'docker.sock') },
    { id: 'colima-legacy', name: 'Colima', path: join(home, '.colima', 'docker.sock') },
    { id: 'rancher-desktop', name: 'Rancher Desktop', path: join(home, '.rd', 'docker.sock') },
    { id: 'orbstack', name: 'OrbStack', path: join(home, '.orbstack', 'run', 'docker.sock') },
  );
  return sockets;
}

/** `host:port` and `tcp://host` get the defaults the CLI applies (tcp, port 2375/2376). */
export function normalizeEndpoint(raw: string): string {
  const value = raw.trim();
  if (/^(unix|npipe|ssh|fd):\/\//i.test(value)) return value;
  const withScheme = /^[a-z]+:\/\//i.test(value) ? value : `tcp://${value}`;
  const match = /^(tcp|http|https):\/\/([^/:]+|\[[^\]]+\])(?::(\d+))?(\/.*)?$/i.exec(withScheme);
  if (!match) return value;
  const scheme = match[1]!.toLowerCase();
  const port = match[3] ?? (scheme === 'https' ? '2376' : '2375');
  return `tcp://${match[2]!.toLowerCase()}:${port}${match[4] && match[4] !== '/' ? match[4] : ''}`;
}

/** Two endpoints are the same engine when their normalised form (and socket target) match. */
function endpointKey(endpoint: string, fs: DiscoveryFs): string {
  if (endpoint.startsWith('unix://')) {
    const path = endpoint.slice('unix://'.length);
    return `unix://${fs.exists(path) ? fs.realpath(path) : path}`;
  }
  if (endpoint.startsWith('npipe://')) return endpoint.toLowerCase().replace(/\\/g, '/');
  return endpoint.toLowerCase();
}

/** DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH, as the CLI reads them. */
function envTls(endpoint: string, env: DiscoveryInput['env'], configDir: string): { tls?: EngineTls } {
  if (!endpoint.startsWith('tcp://')) return {};
  const verify = Boolean(env.DOCKER_TLS_VERIFY);
  if (!verify && !env.DOCKER_TLS) return {};
  const certDir = env.DOCKER_CERT_PATH?.trim() || configDir;
  return {
    tls: {
      verify,
      caPath: join(certDir, 'ca.pem'),
      certPath: join(certDir, 'cert.pem'),
      keyPath: join(certDir, 'key.pem'),
    },
  };
}

interface ContextEntry {
  name: string;
  endpoint: string;
  tls?: EngineTls;
}

/** Reads contexts/meta/<sha256(name)>/meta.json; TLS files live in contexts/tls/<same dir>/docker/. */
function readContexts(configDir: string, fs: DiscoveryFs): ContextEntry[] {
  const metaDir = join(configDir, 'contexts', 'meta');
  const out: ContextEntry[] = [];
  for (const dir of fs.listDir(metaDir)) {
    const text = fs.readFile(join(metaDir, dir, 'meta.json'));
    if (!text) continue;
    const meta = parseContextMeta(text);
    if (!meta) continue;
    const tlsDir = join(configDir, 'contexts', 'tls', dir, 'docker');
    const files = {
      caPath: join(tlsDir, 'ca.pem'),
      certPath: join(tlsDir, 'cert.pem'),
      keyPath: join(tlsDir, 'key.pem'),
    };
    const hasTls = fs.exists(files.caPath) || fs.exists(files.certPath);
    const endpoint = normalizeEndpoint(meta.host);
    out.push({
      name: meta.name,
      endpoint,
      ...(hasTls && endpoint.startsWith('tcp://')
        ? {
            tls: {
              verify: !meta.skipTlsVerify,
              ...(fs.exists(files.caPath) ? { caPath: files.caPath } : {}),
              ...(fs.exists(files.certPath) ? { certPath: files.certPath } : {}),
              ...(fs.exists(files.keyPath) ? { keyPath: files.keyPath } : {}),
            },
          }
        : {}),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** meta.json is a file we did not write: read it defensively, skip what does not fit. */
export function parseContextMeta(text: string): { name: string; host: string; skipTlsVerify: boolean } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || typeof parsed.Name !== 'string' || parsed.Name.length === 0) return undefined;
  const endpoints = parsed.Endpoints;
  const docker = isRecord(endpoints) ? endpoints.docker : undefined;
  if (!isRecord(docker) || typeof docker.Host !== 'string' || docker.Host.length === 0) return undefined;
  return { name: parsed.Name.slice(0, 256), host: docker.Host, skipTlsVerify: docker.SkipTLSVerify === true };
}

function currentContextName(env: DiscoveryInput['env'], configDir: string, fs: DiscoveryFs): string | undefined {
  const fromEnv = env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return fromEnv;
  const text = fs.readFile(join(configDir, 'config.json'));
  if (!text) return undefined;
  try {
    const config: unknown = JSON.parse(text);
    if (isRecord(config) && typeof config.currentContext === 'string') return config.currentContext;
  } catch {
    // A broken config.json only costs us the "current" marker; the CLI would complain itself.
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The directory name docker uses for a context's metadata and TLS files. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** The real file system. */
export const nodeDiscoveryFs: DiscoveryFs = {
  readFile(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  exists: (path) => existsSync(path),
  realpath(path) {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  },
  listDir(path) {
    try {
      return readdirSync(path);
    } catch {
      return [];
    }
  },
};
