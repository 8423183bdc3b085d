import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from './connection/clusterClient';
import { resolveContext, staticCredentials } from './connection/contextResolver';
import type { KubeconfigUser } from './connection/kubeconfigLoader';
import type { Credential, ResolvedContext } from './connection/resolvedContext';
import { describeKubeError, type ProblemDescription } from './kubeErrors';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtdXNlciJ9.bm90LWEtcmVhbC1zaWduYXR1cmU';

/** Real certificates made with openssl: a server CA, a client CA, and a CA nobody trusts. */
function makePki(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-pki-'));
  const ssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  for (const ca of ['server-ca', 'client-ca', 'rogue-ca']) {
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${ca}.key`,
      '-out',
      `${ca}.crt`,
      '-days',
      '2',
      '-subj',
      `/CN=${ca}`,
    );
  }
  const issue = (name: string, ca: string, subject: string, ext?: string): void => {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    if (ext) writeFileSync(join(dir, `${name}.ext`), ext);
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.crt`,
      '-CAkey',
      `${ca}.key`,
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      ...(ext ? ['-extfile', `${name}.ext`] : []),
    );
  };
  issue('server', 'server-ca', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\n');
  issue('client', 'client-ca', '/CN=berth-user');
  issue('rogue-client', 'rogue-ca', '/CN=berth-user');
  const files: Record<string, string> = {};
  for (const name of ['server-ca', 'server', 'client', 'rogue-client']) {
    files[`${name}.crt`] = readFileSync(join(dir, `${name}.crt`), 'utf8');
    files[`${name}.key`] = readFileSync(join(dir, `${name}.key`), 'utf8');
  }
  files['client-ca.crt'] = readFileSync(join(dir, 'client-ca.crt'), 'utf8');
  files['rogue-ca.crt'] = readFileSync(join(dir, 'rogue-ca.crt'), 'utf8');
  files.dir = dir;
  return files;
}

let pki: Record<string, string>;
const servers: Array<Server | TcpServer> = [];
const children: ChildProcess[] = [];

async function listen<T extends Server | TcpServer>(server: T): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function context(server: string, user: Omit<KubeconfigUser, 'name'>, ca = pki['server-ca.crt']!): ResolvedContext {
  return resolveContext(
    {
      clusters: [{ name: 'c', server, certificateAuthorityData: Buffer.from(ca).toString('base64') }],
      users: [{ name: 'u', ...user }],
      contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
      currentContext: 'ctx',
    },
    'ctx',
  )!;
}

/** GET /version through a real ClusterClient; what the user reads about its failure. */
async function problemOf(resolved: ResolvedContext, timeoutMs = 10_000): Promise<ProblemDescription> {
  const client = new ClusterClient(resolved, staticCredentials);
  try {
    await client.json({ path: '/version', timeoutMs });
  } catch (error) {
    return describeKubeError(error, resolved.name, resolved.server);
  } finally {
    client.dispose();
  }
  throw new Error('the request succeeded');
}

beforeAll(() => {
  pki = makePki();
});
afterAll(() => {
  for (const server of servers) server.close();
  for (const child of children) child.kill();
});

describe('connection problems, each in plain words, against real servers', () => {
  it('a client certificate the server rejects, or none where one is required', async () => {
    // OpenSSL's own server, as a mutual-TLS proxy in front of a cluster would: it rejects with a TLS alert.
    const server = await openSslServer();
    const good = { clientCertificateData: b64(pki['client.crt']!), clientKeyData: b64(pki['client.key']!) };
    // The setup is right: the trusted client certificate gets in (the answer is a page, not JSON).
    const client = new ClusterClient(context(server, good), staticCredentials);
    await expect(client.json({ path: '/version' })).rejects.toThrow(SyntaxError);
    client.dispose();

    const rogue = await problemOf(
      context(server, {
        clientCertificateData: b64(pki['rogue-client.crt']!),
        clientKeyData: b64(pki['rogue-client.key']!),
      }),
    );
    expect(rogue.message).toBe(`${server} refused the client certificate of “ctx”.`);
    expect(rogue.detail).not.toContain('PRIVATE KEY');
    const none = await problemOf(context(server, { token: TOKEN }));
    expect(none.message).toBe(`${server} refused the client certificate of “ctx”.`);
    expect(JSON.stringify(none)).not.toContain(TOKEN);
  });

  it('a server certificate signed by a CA the kubeconfig does not trust', async () => {
    const server = await listen(
      createHttpsServer({ cert: pki['server.crt'], key: pki['server.key'] }, (_req, res) => res.end('{}')),
    );
    const problem = await problemOf(context(server, { token: TOKEN }, pki['client-ca.crt']));
    expect(problem.message).toMatch(new RegExp(`^The TLS certificate of ${server} is not trusted \\(\\w+\\)\\.$`));
  });

  it('a client key that does not belong to its certificate', async () => {
    const server = await listen(
      createHttpsServer({ cert: pki['server.crt'], key: pki['server.key'] }, (_req, res) => res.end('{}')),
    );
    const problem = await problemOf(
      context(server, { clientCertificateData: b64(pki['client.crt']!), clientKeyData: b64(pki['rogue-client.key']!) }),
    );
    expect(problem.message).toBe('The certificates or key in the kubeconfig of “ctx” cannot be used.');
    expect(problem.detail).not.toContain('PRIVATE KEY');
  });

  it('parses a context’s certificates once, and again for a client certificate an exec plugin renews', async () => {
    // A server that asks for a client certificate and answers with the name in it.
    const server = await listen(
      createHttpsServer(
        {
          cert: pki['server.crt'],
          key: pki['server.key'],
          ca: [pki['client-ca.crt']!, pki['rogue-ca.crt']!],
          requestCert: true,
        },
        (req, res) => {
          const peer = (req.socket as TLSSocket).getPeerCertificate();
          res.setHeader('Connection', 'close'); // every request on a new connection: each one does its handshake
          res.end(JSON.stringify({ subject: peer.subject?.CN, issuer: peer.issuer?.CN }));
        },
      ),
    );
    let credential: Credential = { clientCertData: pki['client.crt']!, clientKeyData: pki['client.key']! };
    const client = new ClusterClient(context(server, { token: TOKEN }), {
      get: () => Promise.resolve(credential),
      invalidate: () => {},
    });
    try {
      const contexts = new Set<unknown>();
      for (let i = 0; i < 3; i++) {
        expect(await client.json({ path: '/' })).toEqual({ subject: 'berth-user', issuer: 'client-ca' });
        contexts.add((await client.upgradeTarget('/', AbortSignal.timeout(5000))).tls.secureContext);
      }
      expect(contexts.size).toBe(1);
      // Renewed: the new certificate is the one presented, from a context of its own.
      credential = { clientCertData: pki['rogue-client.crt']!, clientKeyData: pki['rogue-client.key']! };
      expect(await client.json({ path: '/' })).toEqual({ subject: 'berth-user', issuer: 'rogue-ca' });
      contexts.add((await client.upgradeTarget('/', AbortSignal.timeout(5000))).tls.secureContext);
      expect(contexts.size).toBe(2);
    } finally {
      client.dispose();
    }
  });

  it('expired credentials (401), even from a proxy that echoes the token back', async () => {
    const server = await listen(
      createHttpsServer({ cert: pki['server.crt'], key: pki['server.key'] }, (req, res) => {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'Status',
            code: 401,
            reason: 'Unauthorized',
            message: `rejected ${req.headers.authorization}`,
          }),
        );
      }),
    );
    const problem = await problemOf(context(server, { token: TOKEN }));
    expect(problem.message).toBe(
      'The cluster of “ctx” rejected your credentials: they are missing, invalid or expired.',
    );
    expect(problem.detail).toContain('rejected Bearer [token]');
    expect(JSON.stringify(problem)).not.toContain(TOKEN);
  });

  it('nothing listening, an unknown host name, and a server that never answers', async () => {
    const closed = createTcpServer();
    const port = await listen(closed);
    closed.close();
    servers.pop();
    expect((await problemOf(context(port, { token: TOKEN }))).message).toBe(`Nothing answers at ${port}.`);

    const dns = await problemOf(context('https://berth-test-cluster.invalid:6443', { token: TOKEN }));
    expect(dns.message).toBe('Cannot resolve the address of https://berth-test-cluster.invalid:6443.');

    // Accepts the connection, then says nothing: a half-open VPN or a frozen API server.
    const silent = await listen(createTcpServer(() => {}));
    const problem = await problemOf(context(silent, { token: TOKEN }), 500);
    expect(problem.message).toBe(`${silent} does not answer.`);
  });
});

/** `openssl s_server` requiring a client certificate from client-ca; stopped after the suite. */
async function openSslServer(): Promise<string> {
  const probe = createTcpServer();
  const address = await listen(probe);
  servers.pop();
  await new Promise((resolve) => probe.close(resolve));
  const port = new URL(address).port;
  const child = spawn(
    'openssl',
    [
      's_server',
      '-accept',
      `127.0.0.1:${port}`,
      '-cert',
      pki.dir + '/server.crt',
      '-key',
      pki.dir + '/server.key',
      '-CAfile',
      pki.dir + '/client-ca.crt',
      '-Verify',
      '1',
      '-verify_return_error',
      '-www',
    ],
    { stdio: ['pipe', 'pipe', 'ignore'] },
  );
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ACCEPT')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`openssl s_server exited (${code})`)));
  });
  return address;
}

function b64(text: string): string {
  return Buffer.from(text).toString('base64');
}
