import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';

/**
 * A copy of the kubeconfig without a current context, for the web mode a bench measures. A
 * server watches its current context from the start: the bench pair's other cluster (maybe
 * scaled for another figure) would be listed too, sharing the CPU and memory measured, or the
 * measured one would be listed before a figure's start. The copy keeps the original's
 * credentials (inline), so it is deleted when the bench ends.
 */
export function kubeconfigWithoutCurrentContext(kubeconfig: string): string {
  const config = load(readFileSync(kubeconfig, 'utf8')) as Record<string, unknown>;
  delete config['current-context'];
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-kubeconfig-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'config');
  writeFileSync(file, dump(config), { mode: 0o600 });
  return file;
}
