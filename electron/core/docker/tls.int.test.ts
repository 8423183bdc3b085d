import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/app';
import type { ContainerRow } from '../../../shared/docker';
import { startBackend, Subscription } from '../../../e2e/docker/dockerTestKit';
import { PrivateDockerd } from '../../../e2e/docker/privateDockerd';
import { requireDocker, TEST_IMAGE, type DockerCheck } from '../../../e2e/docker/requireDocker';

/** dockerd's TLS port inside its own network namespace. */
const DAEMON_PORT = 2376;
const TOOLS = ['dockerd', 'unshare', 'nsenter', 'openssl', 'ip'];

/** requireDocker() (for the test image) plus what a private TLS dockerd needs; same skip/fail rule. */
async function requireTlsDocker(): Promise<DockerCheck> {
  const docker = await requireDocker();
  if (!docker.available) return docker;
  const missing = TOOLS.filter((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  let reason: string | undefined;
  if (process.getuid?.() !== 0) reason = 'a private dockerd (unshare --net) needs root';
  else if (missing.length > 0) reason = `missing tools: ${missing.join(', ')}`;
  if (!reason) return { available: true };
  if (process.env.CI === 'true') throw new Error(`The TLS engine tests need a private dockerd in CI: ${reason}`);
  console.warn(`[skipped] TLS engine tests: ${reason}`);
  return { available: false, reason };
}

const check = await requireTlsDocker();

interface Certs {
  /** Server key pair and the CA that verifies clients, for dockerd. */
  server: { ca: string; cert: string; key: string };
  /** DOCKER_CERT_PATH directories (ca.pem, cert.pem, key.pem). */
  good: string;
  untrustedServer: string;
  refusedClient: string;
}

/**
 * Real certificates, made now: CA "trusted" signs the server (SAN IP:127.0.0.1) and a
 * client; an unrelated CA "other" signs a second client. EC keys keep it fast.
 */
function makeCerts(dir: string): Certs {
  // Arguments are split on spaces: no value below contains one.
  const openssl = (args: string): void => void execFileSync('openssl', args.split(' '), { cwd: dir, stdio: 'pipe' });
  const newKey = '-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes';
  const ca = (name: string): void =>
    openssl(`req -x509 ${newKey} -keyout ${name}-key.pem -out ${name}.pem -days 1 -subj /CN=berth-test-ca-${name}`);
  const leaf = (name: string, signer: string, ext: string): void => {
    openssl(`req -new ${newKey} -keyout ${name}-key.pem -out ${name}.csr -subj /CN=berth-${name}`);
    writeFileSync(join(dir, `${name}.ext`), `basicConstraints=CA:FALSE\n${ext}\n`);
    openssl(
      `x509 -req -in ${name}.csr -CA ${signer}.pem -CAkey ${signer}-key.pem -CAcreateserial -days 1 -extfile ${name}.ext -out ${name}.pem`,
    );
  };
  ca('trusted');
  ca('other');
  leaf('server', 'trusted', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth');
  leaf('client', 'trusted', 'extendedKeyUsage=clientAuth');
  leaf('stranger', 'other', 'extendedKeyUsage=clientAuth');

  const certPath = (name: string, caName: string, client: string): string => {
    const out = join(dir, name);
    mkdirSync(out);
    copyFileSync(join(dir, `${caName}.pem`), join(out, 'ca.pem'));
    copyFileSync(join(dir, `${client}.pem`), join(out, 'cert.pem'));
    copyFileSync(join(dir, `${client}-key.pem`), join(out, 'key.pem'));
    return out;
  };
  return {
    server: { ca: join(dir, 'trusted.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server-key.pem') },
    good: certPath('good', 'trusted', 'client'),
    // The client does not trust the server: its ca.pem is the unrelated CA.
    untrustedServer: certPath('untrusted-server', 'other', 'client'),
    // The client trusts the server, but the daemon does not trust the client's cert.
    refusedClient: certPath('refused-client', 'trusted', 'stranger'),
  };
}

function pipeBoth(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.on('close', () => b.destroy());
  b.on('close', () => a.destroy());
}

/** Runs inside dockerd's namespace: a unix socket (a file, so reachable from the host) → 127.0.0.1:port. */
const RELAY = `
const net = require('node:net');
const [path, port] = process.argv.slice(1);
const pipe = (a, b) => { a.pipe(b); b.pipe(a); for (const [x, y] of [[a, b], [b, a]]) { x.on('error', () => y.destroy()); x.on('close', () => y.destroy()); } };
net.createServer((c) => pipe(c, net.connect(Number(port), '127.0.0.1'))).listen(path, () => console.log('ready'));
`;

/**
 * A host loopback port that moves bytes to dockerd's tcp listener inside its network
 * namespace: host 127.0.0.1:<port> → unix socket → relay (nsenter'd into the namespace) →
 * 127.0.0.1:2376. Only bytes move; the TLS handshake is between Berth and dockerd.
 */
async function forwardIntoNamespace(pid: number, dir: string): Promise<{ port: number; close: () => Promise<void> }> {
  const relayPath = join(dir, 'relay.sock');
  const relay: ChildProcess = spawn(
    'nsenter',
    [`--net=/proc/${pid}/ns/net`, process.execPath, '-e', RELAY, relayPath, String(DAEMON_PORT)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  relay.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      relay.kill('SIGKILL');
      reject(new Error(`the namespace relay did not start: ${stderr}`));
    }, 10_000);
    relay.stdout!.once('data', () => {
      clearTimeout(timer);
      resolve();
    });
    relay.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the namespace relay exited (${code}): ${stderr}`));
    });
  });

  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(relayPath);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    pipeBoth(client, upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (relay.exitCode === null) {
        const exited = new Promise<void>((resolve) => relay.once('exit', () => resolve()));
        relay.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/**
 * Berth against a real dockerd that serves TLS and verifies client certificates
 * (--tlsverify), configured the way the docker CLI is: DOCKER_HOST=tcp://…,
 * DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH. The dockerd is a private one (see PrivateDockerd);
 * the shared engine is only read from (the test image is copied out of it).
 */
describe.skipIf(!check.available)('an engine over TCP with TLS (real dockerd, --tlsverify)', () => {
  let dir: string | undefined;
  let certs: Certs;
  let daemon: PrivateDockerd | undefined;
  let forwarder: Awaited<ReturnType<typeof forwardIntoNamespace>> | undefined;
  let ctx: ReturnType<typeof startBackend> | undefined;
  let endpoint: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-tls-'));
    certs = makeCerts(dir);
    daemon = new PrivateDockerd(join(dir, 'dockerd'), {
      extraArgs: [
        '--tlsverify',
        '--tlscacert',
        certs.server.ca,
        '--tlscert',
        certs.server.cert,
        '--tlskey',
        certs.server.key,
        '--host',
        `tcp://127.0.0.1:${DAEMON_PORT}`,
      ],
    });
    await daemon.start();
    const pid = daemon.pid;
    if (pid === undefined) throw new Error('the private dockerd has no pid');
    forwarder = await forwardIntoNamespace(pid, dir);
    endpoint = `tcp://127.0.0.1:${forwarder.port}`;
  }, 40_000);

  afterEach(async () => {
    await ctx?.dispose();
    ctx = undefined;
  });

  afterAll(async () => {
    await forwarder?.close();
    await daemon?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 40_000);

  function backendWith(certPath: string): {
    connections: Subscription;
    status: () => ConnectionStatus | undefined;
  } {
    ctx = startBackend({ DOCKER_HOST: endpoint, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath });
    const connections = new Subscription(ctx.backend, 'app.connections', {});
    return {
      connections,
      status: () => connections.rows.get('docker:env') as ConnectionStatus | undefined,
    };
  }

  it('connects with the right certificates: live, and the container list comes from that engine', async () => {
    // Made through the private engine's unix socket, so only that engine has it.
    daemon!.loadTestImage();
    const local = new Docker({ socketPath: daemon!.socket });
    const create = async (name: string): Promise<string> =>
      (await local.createContainer({ Image: TEST_IMAGE, Cmd: ['true'], name, HostConfig: { NetworkMode: 'none' } })).id;
    const before = await create('berth-tls-before');

    const { connections, status } = backendWith(certs.good);
    expect(ctx!.backend.state.value.docker.engines).toContainEqual(
      expect.objectContaining({ id: 'env', source: 'DOCKER_HOST', endpoint }),
    );
    await connections.waitFor(() => status()?.state === 'live', 15_000, 'live over TLS');

    const list = new Subscription(ctx!.backend, 'docker.containers', { engineId: 'env' });
    await list.waitFor(() => list.rows.has(before), 5000, 'the listing');
    expect(list.rows.get(before) as unknown as ContainerRow).toMatchObject({
      engineId: 'env',
      name: 'berth-tls-before',
      image: TEST_IMAGE,
    });
    // One made now arrives through the events stream, which also runs over TLS.
    const after = await create('berth-tls-after');
    await list.waitFor(() => list.rows.has(after), 5000, 'the new container, from events');
    expect(status()?.state).toBe('live');
    list.unsubscribe();
    connections.unsubscribe();
  }, 30_000);

  const TLS_MESSAGE = (reason: string): string => `The TLS connection to ${endpoint} failed: ${reason}.`;

  /** Waits for the error state, then for the next attempt to fail the same way (the retry loop survives). */
  async function failsTwice(certPath: string, message: string, hint: RegExp): Promise<ConnectionStatus> {
    const { connections, status } = backendWith(certPath);
    await connections.waitFor(() => status()?.state === 'error', 10_000, 'error state');
    const first = status()!;
    expect(first).toMatchObject({ kind: 'docker', state: 'error', message });
    expect(first.hint).toMatch(hint);
    await connections.waitFor(
      () => status()?.state === 'error' && status()?.nextRetryAt !== first.nextRetryAt,
      10_000,
      'a second failed attempt',
    );
    expect(status()).toMatchObject({ state: 'error', message: first.message, hint: first.hint });
    connections.unsubscribe();
    return first;
  }

  it('a server certificate the client’s CA did not sign: error with the TLS message; nothing crashes', async () => {
    const message = TLS_MESSAGE('Berth does not trust the engine’s certificate');
    const status = await failsTwice(certs.untrustedServer, message, /ca\.pem/);
    // Berth refused the server (not the other way round).
    expect(status.detail).toMatch(/^UNABLE_TO_VERIFY_LEAF_SIGNATURE\b/);
    // Still serving: a method on that engine fails with the same words instead of throwing.
    const result = await ctx!.backend.router.invoke('docker.container.action', {
      engineId: 'env',
      id: 'web',
      action: 'start',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message },
    });
    expect(await daemon!.ping()).toBe(true);
  }, 20_000);

  it('a client certificate the daemon’s CA did not sign: error with the TLS message', async () => {
    const message = TLS_MESSAGE('the engine refused Berth’s client certificate');
    const status = await failsTwice(certs.refusedClient, message, /cert\.pem, key\.pem/);
    // The daemon refused Berth's certificate: a TLS alert from the server, not a reset or refusal.
    expect(status.detail).toMatch(/^ERR_SSL_\w*ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_REQUIRED)\b/);
    expect(await daemon!.ping()).toBe(true);
  }, 20_000);
});
