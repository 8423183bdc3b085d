import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../../backend';

const backends: Backend[] = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.dispose()));
});

/** Contexts whose server nothing answers at: a refusal must come from Berth itself, before any request. */
function kubeconfigWith(names: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'berth-kc-')), 'config');
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: ${names[0]}`, 'clusters:'];
  for (const n of names) lines.push(`- {name: ${n}, cluster: {server: "https://127.0.0.1:1"}}`);
  lines.push('users:', '- {name: u, user: {token: t}}', 'contexts:');
  for (const n of names) lines.push(`- {name: ${n}, context: {cluster: ${n}, user: u}}`);
  writeFileSync(file, lines.join('\n'));
  return file;
}

function backend(kubeconfig: string, settingsDir: string): Backend {
  const b = new Backend({ mode: 'web', version: 't', env: { KUBECONFIG: kubeconfig }, settingsDir });
  backends.push(b);
  return b;
}

const target = {
  context: 'prod',
  kind: 'deployments.apps',
  namespace: 'shop',
  name: 'frontend',
  uid: '0b1c-22',
  resourceVersion: '41',
};

describe('contexts marked read-only in Berth', () => {
  it('are remembered across restarts and refuse every write before any request is made', async () => {
    const settingsDir = mkdtempSync(join(tmpdir(), 'berth-settings-'));
    const kubeconfig = kubeconfigWith(['prod', 'dev']);
    const first = backend(kubeconfig, settingsDir);
    expect(await first.router.invoke('kube.context.readOnly', { name: 'prod', readOnly: true })).toMatchObject({
      ok: true,
      value: { kube: { readOnly: ['prod'] } },
    });

    const next = backend(kubeconfig, settingsDir);
    expect(next.state.value.kube.readOnly).toEqual(['prod']);
    const refusal = {
      ok: false,
      error: { code: 'permission_denied', message: expect.stringMatching(/^“prod” is read-only in Berth: cannot /) },
    };
    expect(await next.router.invoke('kube.object.delete', target)).toMatchObject(refusal);
    expect(await next.router.invoke('kube.object.scale', { ...target, replicas: 0 })).toMatchObject(refusal);
    expect(await next.router.invoke('kube.object.restart', target)).toMatchObject(refusal);
    expect(
      await next.router.invoke('kube.node.drain', { ...target, kind: 'nodes', namespace: undefined }),
    ).toMatchObject(refusal);
    expect(await next.router.invoke('kube.cronjob.trigger', { ...target, kind: 'cronjobs.batch' })).toMatchObject(
      refusal,
    );
    // The other context is not affected: it fails only because nothing answers there.
    const dev = await next.router.invoke('kube.object.delete', { ...target, context: 'dev' });
    expect(dev).toMatchObject({ ok: false });
    expect(dev.ok === false && dev.error.code).not.toBe('permission_denied');

    await next.router.invoke('kube.context.readOnly', { name: 'prod', readOnly: false });
    expect(backend(kubeconfig, settingsDir).state.value.kube.readOnly).toEqual([]);
  });

  it('cannot be set on a context the kubeconfig does not have', async () => {
    const b = backend(kubeconfigWith(['prod']), mkdtempSync(join(tmpdir(), 'berth-settings-')));
    expect(await b.router.invoke('kube.context.readOnly', { name: 'nope', readOnly: true })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'There is no context named “nope” in your kubeconfig.' },
    });
  });
});
