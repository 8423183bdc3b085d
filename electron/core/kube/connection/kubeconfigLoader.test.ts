import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubeconfigPaths, loadKubeconfig } from './kubeconfigLoader';

function kubeconfig(contexts: Array<{ name: string; server: string }>, current?: string): string {
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: ${current ?? ''}`, 'clusters:'];
  for (const c of contexts) lines.push(`- name: ${c.name}`, '  cluster:', `    server: ${c.server}`);
  lines.push('users:');
  for (const c of contexts) lines.push(`- name: ${c.name}`, '  user:', '    token: not-a-real-token');
  lines.push('contexts:');
  for (const c of contexts)
    lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.name}`, `    user: ${c.name}`);
  return lines.join('\n');
}

describe('kubeconfig discovery', () => {
  it('uses $KUBECONFIG as a path list, else ~/.kube/config', () => {
    expect(kubeconfigPaths({ KUBECONFIG: `/a${delimiter}/b${delimiter}/a` }, '/home/u')).toEqual(['/a', '/b']);
    expect(kubeconfigPaths({}, '/home/u')).toEqual(['/home/u/.kube/config']);
  });

  it('merges files like kubectl: the first file wins for a name and for current-context', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-kube-'));
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(a, kubeconfig([{ name: 'prod', server: 'https://prod.example:6443' }], 'prod'));
    writeFileSync(
      b,
      kubeconfig(
        [
          { name: 'prod', server: 'https://other.example:6443' },
          { name: 'dev', server: 'https://dev.example:6443' },
        ],
        'dev',
      ),
    );
    const loaded = loadKubeconfig([a, b, join(dir, 'missing.yaml')]);
    expect(loaded.currentContext).toBe('prod');
    expect(loaded.contexts.map((c) => [c.name, c.server])).toEqual([
      ['prod', 'https://prod.example:6443'],
      ['dev', 'https://dev.example:6443'],
    ]);
    expect(loaded.info.missing).toEqual([join(dir, 'missing.yaml')]);
    expect(loaded.info.error).toBeUndefined();
  });

  it('reports a malformed file by path and keeps the contexts of the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-kube-'));
    const good = join(dir, 'good.yaml');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(good, kubeconfig([{ name: 'dev', server: 'https://dev.example:6443' }], 'dev'));
    writeFileSync(bad, 'clusters: [ {name: broken\n  - : :');
    const loaded = loadKubeconfig([bad, good]);
    expect(loaded.contexts.map((c) => c.name)).toEqual(['dev']);
    expect(loaded.info.error).toContain(bad);
    expect(loaded.info.paths).toEqual([good]);
  });
});

describe('kubeconfig files as kubectl reads them', () => {
  it('resolves relative certificate, key, token file and plugin paths against the file that names them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-kube-'));
    const sub = join(dir, 'team');
    mkdirSync(sub);
    const file = join(sub, 'config');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: rel',
        'clusters:',
        '- name: c',
        '  cluster:',
        '    server: https://127.0.0.1:6443',
        '    certificate-authority: certs/ca.crt',
        '    tls-server-name: kubernetes',
        'users:',
        '- name: u',
        '  user:',
        '    client-certificate: ../client.crt',
        '    client-key: /abs/client.key',
        '    tokenFile: token',
        '- name: plugin-path',
        '  user:',
        '    exec:',
        '      apiVersion: client.authentication.k8s.io/v1',
        '      command: ./bin/get-token',
        '      args: [--cluster, c]',
        '      env: [{ name: REGION, value: eu }]',
        '      installHint: brew install get-token',
        '- name: plugin-name',
        '  user:',
        '    exec: { command: aws, args: [eks, get-token] }',
        'contexts:',
        '- name: rel',
        '  context: { cluster: c, user: u, namespace: team-a }',
        '- name: by-path',
        '  context: { cluster: c, user: plugin-path }',
        '- name: by-name',
        '  context: { cluster: c, user: plugin-name }',
      ].join('\n'),
    );
    const loaded = loadKubeconfig([file]);
    expect(loaded.info.error).toBeUndefined();
    const rel = loaded.resolve('rel')!;
    expect(rel).toMatchObject({
      name: 'rel',
      namespace: 'team-a',
      server: 'https://127.0.0.1:6443',
      tls: { caFile: join(sub, 'certs', 'ca.crt'), serverName: 'kubernetes', insecureSkipVerify: false },
      auth: {
        clientCertFile: join(dir, 'client.crt'),
        clientKeyFile: '/abs/client.key',
        tokenFile: join(sub, 'token'),
      },
    });
    expect(rel.problem).toBeUndefined();
    expect(loaded.resolve('by-path')!.auth.exec).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1',
      command: join(sub, 'bin', 'get-token'),
      args: ['--cluster', 'c'],
      env: [{ name: 'REGION', value: 'eu' }],
      installHint: 'brew install get-token',
    });
    // A bare name is looked up in PATH when the plugin runs, not next to the file.
    expect(loaded.resolve('by-name')!.auth.exec?.command).toBe('aws');
    expect(loaded.resolve('nope')).toBeNull();
  });

  it('decodes certificate data to PEM text and keeps legacy auth-providers for refusal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-kube-'));
    const file = join(dir, 'config');
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(
      file,
      [
        'clusters:',
        '- name: gke',
        '  cluster:',
        '    server: https://34.1.2.3',
        `    certificate-authority-data: ${Buffer.from(pem).toString('base64')}`,
        '    insecure-skip-tls-verify: false',
        'users:',
        '- name: gke-user',
        '  user:',
        '    auth-provider:',
        '      name: gcp',
        '      config: { cmd-path: /usr/bin/gcloud }',
        'contexts:',
        '- name: gke',
        '  context: { cluster: gke, user: gke-user }',
      ].join('\n'),
    );
    const gke = loadKubeconfig([file]).resolve('gke')!;
    expect(gke.tls.caData).toBe(pem);
    expect(gke.auth.authProvider).toEqual({ name: 'gcp' });
  });

  it('says what is wrong with a context whose cluster or user is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-kube-'));
    const file = join(dir, 'config');
    writeFileSync(
      file,
      [
        'clusters: [{ name: c, cluster: { server: "https://127.0.0.1:6443" } }, { name: noserver, cluster: {} }]',
        'users: [{ name: u, user: { token: t } }]',
        'contexts:',
        '- { name: no-cluster, context: { cluster: gone, user: u } }',
        '- { name: no-user, context: { cluster: c, user: gone } }',
        '- { name: no-server, context: { cluster: noserver, user: u } }',
      ].join('\n'),
    );
    const loaded = loadKubeconfig([file]);
    expect(loaded.contexts.map((c) => c.name)).toEqual(['no-cluster', 'no-user', 'no-server']);
    expect(loaded.resolve('no-cluster')!.problem).toBe(
      'The context “no-cluster” uses the cluster “gone”, which is not in your kubeconfig.',
    );
    expect(loaded.resolve('no-user')!.problem).toBe(
      'The context “no-user” uses the user “gone”, which is not in your kubeconfig.',
    );
    expect(loaded.resolve('no-server')!.problem).toBe(
      'The cluster “noserver” of context “no-server” has no server address.',
    );
  });

  it('gives a one-line reason for each kind of malformed file, and reads an empty file as empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-kube-'));
    const cases: Array<[string, string, RegExp]> = [
      ['yaml', 'clusters:\n  - name: a\n   bad: indent', /^not valid YAML: .* at line \d+, column \d+$/],
      ['list', 'clusters: {name: a}', /^clusters is not a list$/],
      ['scalar', 'just text', /^the file is not a mapping of keys to values$/],
      ['noname', 'contexts:\n- context: {cluster: a, user: b}', /^contexts\[0\] has no name$/],
      ['exec', 'users:\n- name: u\n  user:\n    exec: {args: [x]}', /^users “u”\.exec has no command$/],
      ['bool', 'clusters:\n- name: a\n  cluster: {insecure-skip-tls-verify: sometimes}', /should be true or false/],
    ];
    for (const [name, text, reason] of cases) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const loaded = loadKubeconfig([path]);
      const error = loaded.info.error ?? '';
      expect(error.startsWith(`${path}: `), error).toBe(true);
      expect(error.slice(path.length + 2)).toMatch(reason);
      expect(error).not.toContain('\n');
    }
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    expect(loadKubeconfig([empty])).toMatchObject({ info: { paths: [empty], missing: [] }, contexts: [] });
    // A directory where a file is expected is reported, not thrown.
    expect(loadKubeconfig([dir]).info.error).toBe(`${dir}: cannot be read (EISDIR)`);
  });
});
