import { readFileSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import type Docker from 'dockerode';
import { Dockerode } from './dockerode';
import type { DiscoveredEngine } from './engineDiscovery';

type ReadFile = (path: string) => Buffer;

/** docker-modem accepts an http(s) agent; the published types do not list it. */
export type EngineClientOptions = Docker.DockerOptions & { agent?: HttpsAgent };

/**
 * Client options for one engine endpoint. Every connection field is set explicitly:
 * docker-modem merges process.env (DOCKER_HOST, DOCKER_CERT_PATH, DOCKER_CLIENT_TIMEOUT)
 * into its defaults, and an unrelated env var must not redirect or time out our streams.
 */
export function dockerOptionsFor(
  engine: DiscoveredEngine,
  env: Record<string, string | undefined>,
  readFile: ReadFile = readFileSync,
): EngineClientOptions {
  const neutral: EngineClientOptions = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
    timeout: undefined,
  };
  const { endpoint } = engine;
  if (endpoint.startsWith('unix://')) return { ...neutral, socketPath: endpoint.slice('unix://'.length) };
  if (endpoint.startsWith('npipe://')) return { ...neutral, socketPath: endpoint.slice('npipe://'.length) };
  const url = new URL(endpoint.replace(/^tcp:/, 'http:'));
  if (endpoint.startsWith('ssh://')) {
    return {
      ...neutral,
      protocol: 'ssh',
      host: url.hostname,
      port: url.port || 22,
      username: decodeURIComponent(url.username) || undefined,
      sshOptions: { agent: env.SSH_AUTH_SOCK },
    };
  }
  const base: EngineClientOptions = {
    ...neutral,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port || 2375,
    protocol: 'http',
  };
  const tls = engine.tls;
  if (!tls) return base;
  const ca = tls.caPath ? readFile(tls.caPath) : undefined;
  const cert = tls.certPath ? readFile(tls.certPath) : undefined;
  const key = tls.keyPath ? readFile(tls.keyPath) : undefined;
  if (!tls.verify) {
    // docker-modem passes no rejectUnauthorized; an agent is how "encrypt, don't verify" gets through.
    return { ...base, protocol: 'https', agent: new HttpsAgent({ ca, cert, key, rejectUnauthorized: false }) };
  }
  return { ...base, protocol: 'https', ca, cert, key };
}

export function createDockerClient(engine: DiscoveredEngine, env: Record<string, string | undefined>): Docker {
  return new Dockerode(dockerOptionsFor(engine, env));
}

/** dockerode accepts an abort signal on ping/version; its published types do not say so. */
type WithSignal<T> = (options: { abortSignal: AbortSignal }) => Promise<T>;

export function pingEngine(client: Docker, signal: AbortSignal): Promise<unknown> {
  return (client.ping as unknown as WithSignal<unknown>).call(client, { abortSignal: signal });
}

export async function engineApiVersion(client: Docker, signal: AbortSignal): Promise<string | undefined> {
  const version = await (client.version as unknown as WithSignal<{ ApiVersion?: string }>).call(client, {
    abortSignal: signal,
  });
  return typeof version.ApiVersion === 'string' ? version.ApiVersion : undefined;
}
