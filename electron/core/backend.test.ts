import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from './backend';

const backends: Backend[] = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.dispose()));
});

function kubeconfigWith(names: string[], current: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-kc-'));
  const file = join(dir, 'config');
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: ${current}`, 'clusters:'];
  for (const n of names) lines.push(`- {name: ${n}, cluster: {server: "https://127.0.0.1:1"}}`);
  lines.push('users:', '- {name: u, user: {token: t}}', 'contexts:');
  for (const n of names) lines.push(`- {name: ${n}, context: {cluster: ${n}, user: u}}`);
  writeFileSync(file, lines.join('\n'));
  return file;
}

function backend(kubeconfig: string, settingsDir?: string): Backend {
  const b = new Backend({
    mode: 'web',
    version: 't',
    env: { KUBECONFIG: kubeconfig },
    ...(settingsDir ? { settingsDir } : {}),
    kubeRuntime: { closeIdleAfterMs: 50 },
  });
  backends.push(b);
  return b;
}

describe('Backend app state', () => {
  it('starts on the kubeconfig current-context and switches on request', async () => {
    const b = backend(kubeconfigWith(['a', 'b'], 'a'));
    expect(b.state.value.kube.currentContext).toBe('a');
    const result = await b.router.invoke('kube.context.select', { name: 'b' });
    expect(result).toMatchObject({ ok: true, value: { kube: { currentContext: 'b' } } });
    expect(await b.router.invoke('kube.context.select', { name: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'There is no context named “nope” in your kubeconfig.' },
    });
  });

  it('remembers the chosen context across restarts, while it still exists', async () => {
    const settingsDir = mkdtempSync(join(tmpdir(), 'berth-settings-'));
    const kubeconfig = kubeconfigWith(['a', 'b'], 'a');
    await backend(kubeconfig, settingsDir).router.invoke('kube.context.select', { name: 'b' });
    expect(backend(kubeconfig, settingsDir).state.value.kube.currentContext).toBe('b');
    expect(backend(kubeconfigWith(['a', 'c'], 'c'), settingsDir).state.value.kube.currentContext).toBe('c');
  });

  it('ignores a corrupt settings file', () => {
    const settingsDir = mkdtempSync(join(tmpdir(), 'berth-settings-'));
    writeFileSync(join(settingsDir, 'settings.json'), '{"kubeContext": ');
    expect(backend(kubeconfigWith(['a', 'b'], 'a'), settingsDir).state.value.kube.currentContext).toBe('a');
  });

  it('shows the current context in the connections, and follows a switch', async () => {
    const b = backend(kubeconfigWith(['a', 'b'], 'a'));
    expect(b.connections.get('kube:a')).toBeDefined();
    await b.router.invoke('kube.context.select', { name: 'b' });
    expect(b.connections.get('kube:b')?.kind).toBe('kube');
    // The previous context is closed once no view uses it (after a short grace).
    await expect.poll(() => b.connections.get('kube:a'), { timeout: 2000 }).toBeUndefined();
  });

  it('connects pinned contexts at start, besides the current one, and remembers them', async () => {
    const settingsDir = mkdtempSync(join(tmpdir(), 'berth-settings-'));
    const kubeconfig = kubeconfigWith(['a', 'b', 'c'], 'a');
    const first = backend(kubeconfig, settingsDir);
    expect(first.connections.get('kube:b')).toBeUndefined();
    await first.router.invoke('kube.context.pin', { name: 'b', pinned: true });
    expect(first.connections.get('kube:b')).toBeDefined();
    const next = backend(kubeconfig, settingsDir);
    expect(next.state.value.kube.pinned).toEqual(['b']);
    expect(next.connections.get('kube:b')).toBeDefined();
    expect(next.connections.get('kube:c')).toBeUndefined();
  });

  it('follows the kubeconfig files without a restart: a context added, renamed, and a malformed file beside a good one', async () => {
    const good = kubeconfigWith(['a', 'b'], 'b');
    const other = kubeconfigWith(['x'], 'x');
    const b = new Backend({ mode: 'web', version: 't', env: { KUBECONFIG: `${good}:${other}` } });
    backends.push(b);
    const names = (): string[] => b.state.value.kube.contexts.map((c) => c.name);
    expect(names()).toEqual(['a', 'b', 'x']);
    writeFileSync(other, readFileSync(kubeconfigWith(['x', 'y'], 'x')));
    await expect.poll(names, { timeout: 10_000 }).toEqual(['a', 'b', 'x', 'y']);
    // The current context is renamed in its file (kubectl config rename-context).
    writeFileSync(good, readFileSync(kubeconfigWith(['a', 'b2'], 'b2')));
    await expect.poll(names, { timeout: 10_000 }).toEqual(['a', 'b2', 'x', 'y']);
    expect(b.state.value.kube.currentContext).toBe('b2');
    expect(b.connections.get('kube:b')).toBeUndefined();
    expect(b.connections.get('kube:b2')).toBeDefined();
    writeFileSync(other, 'contexts: [ {name: broken');
    await expect
      .poll(() => b.state.value.kube.kubeconfig.error ?? '', { timeout: 10_000 })
      .toMatch(`${other}: not valid YAML`);
    expect(names()).toEqual(['a', 'b2']);
  });
});
