import { mkdtempSync, writeFileSync } from 'node:fs';
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
