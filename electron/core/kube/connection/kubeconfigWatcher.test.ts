import { mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKubeconfig, type LoadedKubeconfig } from './kubeconfigLoader';
import { watchKubeconfig, type KubeconfigWatcher } from './kubeconfigWatcher';

function kubeconfig(names: string[], current = names[0] ?? ''): string {
  return [
    `current-context: ${current}`,
    'clusters: [{ name: c, cluster: { server: "https://127.0.0.1:6443" } }]',
    'users: [{ name: u, user: { token: not-a-real-token } }]',
    'contexts:',
    ...names.map((name) => `- { name: ${name}, context: { cluster: c, user: u } }`),
  ].join('\n');
}

const watchers: KubeconfigWatcher[] = [];
afterEach(() => {
  for (const w of watchers.splice(0)) w.close();
});

/** Watches `paths` like the app does: every change reloads them. */
function follow(paths: string[]): { latest: () => LoadedKubeconfig; reloads: () => number } {
  let latest = loadKubeconfig(paths);
  let reloads = 0;
  watchers.push(
    watchKubeconfig(paths, () => {
      reloads += 1;
      latest = loadKubeconfig(paths);
    }),
  );
  return { latest: () => latest, reloads: () => reloads };
}

const names = (loaded: LoadedKubeconfig): string[] => loaded.contexts.map((c) => c.name);
const poll = { timeout: 10_000, interval: 50 };

describe('watching the kubeconfig files', () => {
  it('sees a file edited in place, and a context renamed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-watch-'));
    const file = join(dir, 'config');
    writeFileSync(file, kubeconfig(['dev']));
    const app = follow([file]);
    writeFileSync(file, kubeconfig(['dev', 'prod']));
    await expect.poll(() => names(app.latest()), poll).toEqual(['dev', 'prod']);
    writeFileSync(file, kubeconfig(['dev', 'production']));
    await expect.poll(() => names(app.latest()), poll).toEqual(['dev', 'production']);
  });

  it('sees a file replaced by a rename, as editors and kubectl save, again and again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-watch-'));
    const file = join(dir, 'config');
    writeFileSync(file, kubeconfig(['a']));
    const app = follow([file]);
    for (const next of [['a', 'b'], ['b'], ['b', 'c']]) {
      const temp = join(dir, `.config.${next.join('')}.tmp`);
      writeFileSync(temp, kubeconfig(next));
      renameSync(temp, file);
      await expect.poll(() => names(app.latest()), poll).toEqual(next);
    }
  });

  it('keeps the good file when the other turns malformed, and names the bad one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-watch-'));
    const good = join(dir, 'good.yaml');
    const other = join(dir, 'other.yaml');
    writeFileSync(good, kubeconfig(['good']));
    writeFileSync(other, kubeconfig(['other']));
    const app = follow([good, other]);
    expect(names(app.latest())).toEqual(['good', 'other']);
    writeFileSync(other, 'contexts: [ {name: broken\n  - : :');
    await expect.poll(() => app.latest().info.error ?? '', poll).toMatch(new RegExp(`^${other}: not valid YAML`));
    expect(names(app.latest())).toEqual(['good']);
    expect(app.latest().info.paths).toEqual([good]);
    writeFileSync(other, kubeconfig(['other', 'fixed']));
    await expect.poll(() => names(app.latest()), poll).toEqual(['good', 'other', 'fixed']);
    expect(app.latest().info.error).toBeUndefined();
  });

  it('sees a file deleted and created again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-watch-'));
    const file = join(dir, 'config');
    writeFileSync(file, kubeconfig(['dev']));
    const app = follow([file]);
    rmSync(file);
    await expect.poll(() => app.latest().info.missing, poll).toEqual([file]);
    expect(names(app.latest())).toEqual([]);
    writeFileSync(file, kubeconfig(['dev', 'new']));
    await expect.poll(() => names(app.latest()), poll).toEqual(['dev', 'new']);
  });

  it('sees a file appear in a directory that did not exist yet (a first cluster created)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'berth-watch-'));
    const file = join(home, '.kube', 'config');
    const app = follow([file]);
    expect(app.latest().info.missing).toEqual([file]);
    mkdirSync(join(home, '.kube'));
    writeFileSync(file, kubeconfig(['kind-dev']));
    await expect.poll(() => names(app.latest()), poll).toEqual(['kind-dev']);
  });

  it('does not reload for other files in the directory, a touch, or the same bytes written again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-watch-'));
    const file = join(dir, 'config');
    writeFileSync(file, kubeconfig(['dev']));
    const app = follow([file]);
    mkdirSync(join(dir, 'cache'));
    writeFileSync(join(dir, 'cache', 'discovery.json'), '{}');
    writeFileSync(join(dir, 'kubectl.lock'), '');
    utimesSync(file, new Date(), new Date());
    writeFileSync(file, kubeconfig(['dev']));
    // Then a real change, so the test knows every earlier event has been handled.
    writeFileSync(file, kubeconfig(['dev', 'last']));
    await expect.poll(() => names(app.latest()), poll).toEqual(['dev', 'last']);
    expect(app.reloads()).toBe(1);
  });

  it('stops calling once closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-watch-'));
    const file = join(dir, 'config');
    writeFileSync(file, kubeconfig(['dev']));
    let calls = 0;
    const watcher = watchKubeconfig([file], () => (calls += 1), { debounceMs: 20 });
    writeFileSync(file, kubeconfig(['dev', 'x']));
    await expect.poll(() => calls, poll).toBe(1);
    watcher.close();
    writeFileSync(file, kubeconfig(['dev', 'y']));
    // A second watcher on the same file proves the change was seen by the system.
    let seen = 0;
    watchers.push(watchKubeconfig([file], () => (seen += 1), { debounceMs: 20 }));
    writeFileSync(file, kubeconfig(['dev', 'z']));
    await expect.poll(() => seen, poll).toBeGreaterThan(0);
    expect(calls).toBe(1);
  });
});
