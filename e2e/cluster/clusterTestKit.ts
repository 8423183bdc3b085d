import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { TEST_KUBECONFIG } from './testKubeconfig';

/**
 * What tests do on the shared test clusters, written once: kubectl on the test kubeconfig, a
 * namespace of the test's own, and a copy of the kubeconfig to change. Tests write only in
 * namespaces (and Nodes) they create, and never change a byte of the shared kubeconfig
 * (`scripts/test.mjs` checks its SHA-256).
 */

/** kubectl on berth-a of the test clusters' kubeconfig (never the machine user's); its output as text. */
export function kubectl(...args: string[]): string {
  return run(args);
}

/** Creates or updates an object on berth-a from its manifest (an object, or JSON or YAML text). */
export function kubectlApply(manifest: object | string): void {
  run(['apply', '-f', '-'], typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
}

function run(args: string[], input?: string): string {
  return execFileSync('kubectl', ['--context', 'berth-a', ...args], {
    env: { ...process.env, KUBECONFIG: TEST_KUBECONFIG },
    encoding: 'utf8',
    ...(input !== undefined ? { input } : {}),
  });
}

/**
 * A namespace of the test's own, on berth-a, named `berth-test-<purpose>-<random>` so that runs
 * side by side (other engineers, a retry) never share one. Created by `create`, deleted by `remove`
 * without waiting (the API server finishes that on its own).
 */
export function testNamespace(purpose: string): { name: string; create: () => void; remove: () => void } {
  const name = `berth-test-${purpose}-${randomBytes(3).toString('hex')}`;
  return {
    name,
    create: () => void kubectl('create', 'namespace', name),
    remove: () => void kubectl('delete', 'namespace', name, '--ignore-not-found', '--wait=false'),
  };
}

interface KubeconfigFile {
  contexts: Array<{ name: string; context: Record<string, unknown> }>;
}

/**
 * A copy of the test kubeconfig in a folder of its own, for a test that changes its kubeconfig
 * or wants more contexts: `sameAsBerthA` names contexts added as copies of berth-a.
 */
export function kubeconfigCopy(options: { sameAsBerthA?: readonly string[] } = {}): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'berth-kubeconfig-'));
  const file = join(dir, 'kubeconfig');
  const original = readFileSync(TEST_KUBECONFIG, 'utf8');
  if (!options.sameAsBerthA?.length) {
    writeFileSync(file, original);
    return { dir, file };
  }
  const config = load(original) as KubeconfigFile;
  const a = config.contexts.find((c) => c.name === 'berth-a');
  if (!a) throw new Error(`${TEST_KUBECONFIG} has no context berth-a`);
  for (const name of options.sameAsBerthA) config.contexts.push({ name, context: { ...a.context } });
  writeFileSync(file, dump(config));
  return { dir, file };
}
