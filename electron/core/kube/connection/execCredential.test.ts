import { describe, expect, it } from 'vitest';
import { makeExecPlugin, type ExecPlugin } from '../../../../e2e/cluster/execPluginKit';
import { describeKubeError } from '../kubeErrors';
import { resolveContext, staticCredentials } from './contextResolver';
import { CredentialError, credentialsFor, ExecCredentialSource } from './execCredential';
import type { ExecConfig, ResolvedContext } from './resolvedContext';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiZXJ0aC10ZXN0In0.c2lnbmF0dXJlLW5vdC1yZWFs';

function contextWith(
  exec: Partial<ExecConfig> & { command: string },
  extra: Partial<ResolvedContext> = {},
): ResolvedContext {
  const context = resolveContext(
    {
      clusters: [
        {
          name: 'c',
          server: 'https://127.0.0.1:6443',
          certificateAuthorityData: Buffer.from(
            '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
          ).toString('base64'),
          execExtension: { audience: 'berth' },
        },
      ],
      users: [{ name: 'u', exec: { apiVersion: 'client.authentication.k8s.io/v1', ...exec } }],
      contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
      currentContext: 'ctx',
    },
    'ctx',
  )!;
  return { ...context, ...extra };
}

function source(
  plugin: ExecPlugin,
  exec: Partial<ExecConfig> = {},
  deps: ConstructorParameters<typeof ExecCredentialSource>[2] = {},
) {
  const context = contextWith({ command: plugin.path, ...exec });
  return new ExecCredentialSource(context, context.auth.exec!, {
    path: () => Promise.resolve('/usr/bin:/bin'),
    ...deps,
  });
}

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<CredentialError> {
  const error: unknown = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CredentialError);
  return error as CredentialError;
}

describe('exec credential plugins', () => {
  it('runs once for many requests, concurrent or not, and passes what kubectl passes', async () => {
    const plugin = makeExecPlugin(TOKEN);
    const credentials = source(plugin, {
      args: ['--cluster', 'c'],
      env: [
        { name: 'REGION', value: 'eu-west-1' },
        { name: 'DELAY_MS', value: '300' },
      ],
      provideClusterInfo: true,
    });
    const first = await Promise.all(Array.from({ length: 20 }, () => credentials.get()));
    for (let i = 0; i < 20; i++) await credentials.get();
    expect(plugin.runs()).toBe(1);
    expect(first.every((c) => c.token === TOKEN && c.expiresAt === undefined)).toBe(true);
    const run = plugin.lastRun()!;
    expect(run.args).toEqual(['--cluster', 'c']);
    expect(run.region).toBe('eu-west-1');
    expect(run.path).toBe('/usr/bin:/bin');
    expect(run.info).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      spec: {
        interactive: false,
        cluster: {
          server: 'https://127.0.0.1:6443',
          'certificate-authority-data': Buffer.from(
            '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
          ).toString('base64'),
          config: { audience: 'berth' },
        },
      },
    });
  });

  it('keeps a credential until it expires, then runs again; without an expiry, until invalidated', async () => {
    const plugin = makeExecPlugin(TOKEN);
    let now = Date.now();
    const expiring = source(plugin, { env: [{ name: 'TTL_SECONDS', value: '600' }] }, { now: () => now });
    const credential = await expiring.get();
    expect(credential.expiresAt).toBeGreaterThan(Date.now() + 590_000);
    await expiring.get();
    expect(plugin.runs()).toBe(1);
    now += 599_000; // within the renewal margin
    await expiring.get();
    expect(plugin.runs()).toBe(2);

    // A short-lived credential is still reused for the first half of its life.
    const brief = makeExecPlugin(TOKEN);
    now = Date.now();
    const shortLived = source(brief, { env: [{ name: 'TTL_SECONDS', value: '4' }] }, { now: () => now });
    await shortLived.get();
    now += 1_000;
    await shortLived.get();
    expect(brief.runs()).toBe(1);
    now += 4_500; // past its expiry minus the margin, however long the plugin took to start
    await shortLived.get();
    expect(brief.runs()).toBe(2);

    const other = makeExecPlugin(TOKEN);
    const forever = source(other, { apiVersion: 'client.authentication.k8s.io/v1beta1' });
    await forever.get();
    await forever.get();
    expect(other.runs()).toBe(1);
    expect((other.lastRun()!.info as { apiVersion: string }).apiVersion).toBe('client.authentication.k8s.io/v1beta1');
    forever.invalidate();
    expect((await forever.get()).token).toBe(TOKEN);
    expect(other.runs()).toBe(2);
  });

  it('finds a plugin by name on the login-shell PATH, and names a missing one with its install hint', async () => {
    const plugin = makeExecPlugin(TOKEN);
    const byName = contextWith({ command: plugin.name });
    const found = credentialsFor(byName, { path: () => Promise.resolve(`/nonexistent:${plugin.dir}:/usr/bin`) });
    expect((await found.get()).token).toBe(TOKEN);
    expect(plugin.lastRun()!.path).toBe(`/nonexistent:${plugin.dir}:/usr/bin`);

    const missing = contextWith({
      command: 'berth-missing-auth-plugin',
      installHint: 'Install berth-missing-auth-plugin with: brew install berth-missing-auth-plugin',
    });
    const error = await failure(credentialsFor(missing, { path: () => Promise.resolve('/usr/bin:/bin') }).get());
    expect(error.problem).toBe('plugin-not-found');
    expect(error.message).toBe(
      'The credential plugin “berth-missing-auth-plugin” of context “ctx” is not installed: “berth-missing-auth-plugin” is not in your PATH.',
    );
    expect(error.hint).toBe('Install berth-missing-auth-plugin with: brew install berth-missing-auth-plugin');
    expect(describeKubeError(error, 'ctx', 'https://127.0.0.1:6443')).toMatchObject({
      message: error.message,
      hint: error.hint,
    });
  });

  it('reports a failing plugin with the first line of its error output, without a token in it', async () => {
    const plugin = makeExecPlugin(TOKEN);
    const error = await failure(
      source(plugin, {
        env: [
          { name: 'EXIT_CODE', value: '3' },
          { name: 'STDERR', value: `\nerror: the SSO session has expired (old token ${TOKEN})\nat line 2\n` },
        ],
      }).get(),
    );
    expect(error.problem).toBe('plugin-failed');
    expect(error.message).toBe(
      `The credential plugin “${plugin.name}” of context “ctx” failed (exit code 3): error: the SSO session has expired (old token [token])`,
    );
  });

  it('refuses output that is not an ExecCredential without quoting it', async () => {
    const plugin = makeExecPlugin(TOKEN);
    const outputs: Array<[string, string]> = [
      [`token: ${TOKEN}`, 'not JSON'],
      ['', 'nothing'],
      [JSON.stringify({ kind: 'Secret', apiVersion: 'v1', status: { token: TOKEN } }), 'kind is Secret'],
      [
        JSON.stringify({
          kind: 'ExecCredential',
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          status: { token: TOKEN },
        }),
        'apiVersion client.authentication.k8s.io/v1beta1, expected client.authentication.k8s.io/v1',
      ],
      [
        JSON.stringify({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1', status: {} }),
        'neither a token',
      ],
      [
        JSON.stringify({
          kind: 'ExecCredential',
          apiVersion: 'client.authentication.k8s.io/v1',
          status: { token: TOKEN, expirationTimestamp: 'soon' },
        }),
        'expirationTimestamp is not a date',
      ],
    ];
    for (const [stdout, why] of outputs) {
      const error = await failure(source(plugin, { env: [{ name: 'STDOUT', value: stdout }] }).get());
      expect(error.problem).toBe('plugin-output');
      expect(error.message).toContain(`printed something that is not an ExecCredential (${why}`);
      expect(error.message).not.toContain(TOKEN);
      expect(JSON.stringify(describeKubeError(error, 'ctx', undefined))).not.toContain(TOKEN);
    }
  });

  it('lets a caller give up waiting while the run goes on for the others', async () => {
    const plugin = makeExecPlugin(TOKEN);
    const credentials = source(plugin, { env: [{ name: 'DELAY_MS', value: '1500' }] });
    const impatient = credentials.get(AbortSignal.timeout(100));
    const patient = credentials.get();
    const error = await failure(impatient);
    expect(error.message).toBe(`The credential plugin “${plugin.name}” of context “ctx” has not answered yet.`);
    expect((await patient).token).toBe(TOKEN);
    expect(plugin.runs()).toBe(1);
  });

  it('refuses legacy auth-providers, naming the plugin that replaces each', async () => {
    const base = contextWith({ command: 'unused' });
    const refusal = (name: string): Promise<CredentialError> =>
      failure(credentialsFor({ ...base, auth: { authProvider: { name } } }).get());
    expect((await refusal('gcp')).message).toBe(
      'The user “u” of context “ctx” logs in with the old “gcp” auth-provider, which Berth does not run: use gke-gcloud-auth-plugin instead.',
    );
    expect((await refusal('azure')).message).toMatch(/use kubelogin instead\.$/);
    expect((await refusal('azure')).hint).toMatch(/kubelogin convert-kubeconfig/);
    expect((await refusal('oidc')).message).toMatch(/use kubelogin \(kubectl oidc-login\) instead\.$/);
    expect((await refusal('openstack')).message).toMatch(/use an exec credential plugin instead\.$/);
    expect(credentialsFor({ ...base, auth: { token: 't' } })).toBe(staticCredentials);
    const broken = await failure(credentialsFor({ ...base, problem: 'The context “ctx” names no cluster.' }).get());
    expect(broken.problem).toBe('kubeconfig');
  });
});
