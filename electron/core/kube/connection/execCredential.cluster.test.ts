// Exec credential plugins against the real test cluster: a plugin of ours hands out a
// ServiceAccount token the API server accepts; Berth runs it once per credential lifetime.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeExecPlugin, type ExecPlugin } from '../../../../e2e/cluster/execPluginKit';
import { clusterSkipReason, TEST_KUBECONFIG } from '../../../../e2e/cluster/testKubeconfig';
import { Backend } from '../../backend';
import { describeKubeError } from '../kubeErrors';
import { ClusterClient } from './clusterClient';
import { staticCredentials } from './contextResolver';
import { credentialsFor, type CredentialDeps } from './execCredential';
import { loadKubeconfig } from './kubeconfigLoader';
import type { ResolvedContext } from './resolvedContext';

const skip = clusterSkipReason();
const NAMESPACE = `berth-exec-${randomBytes(3).toString('hex')}`;
const ACCOUNT = 'berth-exec-plugin';
/** The plugin is found through this PATH, as through the login shell's. */
const deps: CredentialDeps = { path: () => Promise.resolve(process.env.PATH ?? '/usr/bin:/bin') };

interface List {
  items: Array<{ metadata: { name: string } }>;
}

describe.skipIf(skip !== null)(
  `exec credential plugins against the real test cluster${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let realKubeconfig: Buffer;
    let admin: ClusterClient;
    let token: string;
    const clients: ClusterClient[] = [];
    const kubeconfigs = new Map<string, string>();

    beforeAll(async () => {
      realKubeconfig = readFileSync(TEST_KUBECONFIG);
      admin = new ClusterClient(loadKubeconfig([TEST_KUBECONFIG]).resolve('berth-a')!, staticCredentials);
      // A namespace of our own, a ServiceAccount that may read it, and a token for it (kubectl create token).
      await admin.json({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: NAMESPACE } } });
      await admin.json({
        method: 'POST',
        path: `/api/v1/namespaces/${NAMESPACE}/serviceaccounts`,
        body: { metadata: { name: ACCOUNT } },
      });
      await admin.json({
        method: 'POST',
        path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${NAMESPACE}/rolebindings`,
        body: {
          metadata: { name: ACCOUNT },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
          subjects: [{ kind: 'ServiceAccount', name: ACCOUNT, namespace: NAMESPACE }],
        },
      });
      const request = await admin.json<{ status: { token: string } }>({
        method: 'POST',
        path: `/api/v1/namespaces/${NAMESPACE}/serviceaccounts/${ACCOUNT}/token`,
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
      });
      token = request.status.token;
    });

    afterAll(async () => {
      for (const client of clients) client.dispose();
      await admin?.json({ method: 'DELETE', path: `/api/v1/namespaces/${NAMESPACE}` }).catch(() => {});
      admin?.dispose();
      // Berth only reads kubeconfig files: the real one and every copy are as they were.
      expect(readFileSync(TEST_KUBECONFIG).equals(realKubeconfig)).toBe(true);
      for (const [path, text] of kubeconfigs) expect(readFileSync(path, 'utf8')).toBe(text);
    });

    /**
     * A kubeconfig next to the plugin, naming it by a relative path (resolved against the
     * file), for cluster A, with `env` for the plugin; loaded and resolved as the app does.
     */
    function contextFor(
      plugin: ExecPlugin,
      env: Record<string, string> = {},
      command = `./${plugin.name}`,
    ): ResolvedContext {
      const a = loadKubeconfig([TEST_KUBECONFIG]).resolve('berth-a')!;
      const path = join(plugin.dir, 'kubeconfig');
      const text = dump({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'exec',
        clusters: [
          {
            name: 'a',
            cluster: { server: a.server, 'certificate-authority-data': Buffer.from(a.tls.caData!).toString('base64') },
          },
        ],
        users: [
          {
            name: 'plugin-user',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1',
                command,
                interactiveMode: 'Never',
                provideClusterInfo: true,
                env: Object.entries(env).map(([name, value]) => ({ name, value })),
                installHint: 'Build it with e2e/cluster/execPluginKit.ts.',
              },
            },
          },
        ],
        contexts: [{ name: 'exec', context: { cluster: 'a', user: 'plugin-user', namespace: NAMESPACE } }],
      });
      writeFileSync(path, text);
      kubeconfigs.set(path, text);
      const loaded = loadKubeconfig([path]);
      expect(loaded.info.error).toBeUndefined();
      return loaded.resolve('exec')!;
    }

    function clientFor(context: ResolvedContext, options: CredentialDeps = {}): ClusterClient {
      const client = new ClusterClient(context, credentialsFor(context, { ...deps, ...options }));
      clients.push(client);
      return client;
    }

    const accounts = (client: ClusterClient): Promise<string[]> =>
      client
        .json<List>({ path: `/api/v1/namespaces/${NAMESPACE}/serviceaccounts` })
        .then((list) => list.items.map((i) => i.metadata.name));

    async function problem(
      promise: Promise<unknown>,
      context: ResolvedContext,
    ): Promise<ReturnType<typeof describeKubeError>> {
      const error: unknown = await promise.then(
        () => new Error('expected a failure'),
        (e: unknown) => e,
      );
      return describeKubeError(error, context.name, context.server);
    }

    it('authenticates with the token a plugin prints, and runs it once for many requests', async () => {
      const plugin = makeExecPlugin(token);
      const context = contextFor(plugin);
      expect(context.auth.exec?.command).toBe(plugin.path);
      const client = clientFor(context);
      const concurrent = await Promise.all(Array.from({ length: 10 }, () => accounts(client)));
      for (let i = 0; i < 20; i++) expect(await accounts(client)).toContain(ACCOUNT);
      expect(concurrent.every((names) => names.includes(ACCOUNT))).toBe(true);
      expect(plugin.runs()).toBe(1);

      // The requests really are the ServiceAccount's: it may read its namespace and nothing else.
      const review = await client.json<{ status: { userInfo: { username: string } } }>({
        method: 'POST',
        path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      });
      expect(review.status.userInfo.username).toBe(`system:serviceaccount:${NAMESPACE}:${ACCOUNT}`);
      const outside = await problem(client.json({ path: '/api/v1/namespaces/kube-system/secrets' }), context);
      expect(outside.message).toBe('You are not allowed to read from “exec”.');
      expect(plugin.runs()).toBe(1);
      // What kubectl tells a plugin that asks for the cluster.
      expect(plugin.lastRun()!.info).toMatchObject({
        apiVersion: 'client.authentication.k8s.io/v1',
        kind: 'ExecCredential',
        spec: { interactive: false, cluster: { server: context.server } },
      });
    });

    it('runs the plugin again once its credential expires', async () => {
      const plugin = makeExecPlugin(token);
      // Renewed 5 s before expiry: valid for about 10 s.
      const client = clientFor(contextFor(plugin, { TTL_SECONDS: '15' }));
      const started = Date.now();
      expect(await accounts(client)).toContain(ACCOUNT);
      // The plugin ran before this moment, so its credential is renewed at most 10 s after it.
      const firstAnswered = Date.now();
      for (let i = 0; i < 5; i++) expect(await accounts(client)).toContain(ACCOUNT);
      expect(Date.now() - started).toBeLessThan(9_000);
      expect(plugin.runs()).toBe(1);
      await expect.poll(() => Date.now() - firstAnswered, { timeout: 20_000, interval: 250 }).toBeGreaterThan(10_500);
      expect(await accounts(client)).toContain(ACCOUNT);
      expect(plugin.runs()).toBe(2);
      expect(await accounts(client)).toContain(ACCOUNT);
      expect(plugin.runs()).toBe(2);
    });

    it('asks the plugin again when the server rejects its credential, and says so without the token', async () => {
      const plugin = makeExecPlugin('an-expired-session-token');
      const context = contextFor(plugin);
      const client = clientFor(context);
      const rejected = await problem(accounts(client), context);
      expect(rejected.message).toBe(
        'The cluster of “exec” rejected your credentials: they are missing, invalid or expired.',
      );
      expect(JSON.stringify(rejected)).not.toContain('an-expired-session-token');
      // One fresh credential was fetched after the 401, then the request gave up.
      expect(plugin.runs()).toBe(2);
      // The user logs in again: the plugin now has a good token, and the next request gets it.
      writeFileSync(plugin.tokenFile, token);
      expect(await accounts(client)).toContain(ACCOUNT);
      expect(plugin.runs()).toBe(3);
    });

    it('names a missing plugin, with its install hint', async () => {
      const plugin = makeExecPlugin(token);
      const context = contextFor(plugin, {}, 'berth-no-such-credential-plugin');
      const missing = await problem(accounts(clientFor(context)), context);
      expect(missing).toMatchObject({
        message:
          'The credential plugin “berth-no-such-credential-plugin” of context “exec” is not installed: “berth-no-such-credential-plugin” is not in your PATH.',
        hint: 'Build it with e2e/cluster/execPluginKit.ts.',
      });
      expect(plugin.runs()).toBe(0);
    });

    it('shows a context that logs in through a plugin as live in the status bar', async () => {
      const plugin = makeExecPlugin(token);
      contextFor(plugin);
      const backend = new Backend({
        mode: 'web',
        version: 't',
        env: { KUBECONFIG: join(plugin.dir, 'kubeconfig'), DOCKER_HOST: 'unix:///nonexistent.sock' },
      });
      try {
        expect(backend.state.value.kube.currentContext).toBe('exec');
        await expect.poll(() => backend.connections.get('kube:exec')?.state, { timeout: 20_000 }).toBe('live');
        expect(plugin.runs()).toBe(1);
      } finally {
        await backend.dispose();
      }
    });
  },
);
