import { randomBytes } from 'node:crypto';
import { open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { AppState } from '../../../../shared/app';
import { BerthFailure } from '../../../../shared/errors';
import type { Router } from '../../router';
import { rewriteCurrentContext } from './currentContextRewrite';
import { parseKubeconfig } from './kubeconfigLoader';

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new BerthFailure({
      code: 'unavailable',
      message: `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
    });
  }
}

/**
 * Which of the kubeconfig files kubectl writes `current-context` to: the first existing
 * file that sets one, else the first file that exists (clientcmd's ModifyConfig and
 * GetDefaultFilename).
 */
export async function fileForCurrentContext(paths: string[]): Promise<{ path: string; text: string }> {
  let firstExisting: { path: string; text: string } | undefined;
  for (const path of paths) {
    const text = await readIfExists(path);
    if (text === null) continue;
    const parsed = parseKubeconfig(text, path);
    if (typeof parsed === 'string') {
      throw new BerthFailure({ code: 'invalid_input', message: `${path} cannot be read as a kubeconfig: ${parsed}` });
    }
    firstExisting ??= { path, text };
    if (parsed.currentContext) return { path, text };
  }
  if (!firstExisting) throw new BerthFailure({ code: 'not_found', message: 'No kubeconfig file exists to write to.' });
  return firstExisting;
}

/**
 * Replaces a file's content atomically: a temporary file in the same directory (same mode),
 * flushed to disk, then renamed over the target. A symlink is followed, so the link stays
 * and its target changes. Refuses when the file changed since `expected` was read.
 */
export async function replaceFileAtomically(path: string, expected: string, content: string): Promise<string> {
  const target = await realpath(path);
  const { mode } = await stat(target);
  const temp = join(dirname(target), `.${basename(target)}.berth-${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode & 0o7777);
  try {
    await handle.writeFile(content, 'utf8');
    // The process umask may have narrowed the mode given to open.
    await handle.chmod(mode & 0o7777);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  if ((await readFile(target, 'utf8')) !== expected) {
    await unlink(temp).catch(() => undefined);
    throw new BerthFailure({
      code: 'conflict',
      message: `${target} changed while Berth was writing it; nothing was written. Try again.`,
    });
  }
  await rename(temp, target);
  try {
    const dir = await open(dirname(target), 'r');
    await dir.sync().finally(() => dir.close());
  } catch {
    // Some systems cannot fsync a directory; the rename is already done.
  }
  return target;
}

/**
 * "Set as default context": the only place Berth writes the user's kubeconfig, and only
 * its `current-context` line, in the file kubectl would change. Returns the file written.
 */
export async function setDefaultContext(paths: string[], name: string): Promise<string> {
  const { path, text } = await fileForCurrentContext(paths);
  const result = rewriteCurrentContext(text, name);
  if (!result.ok) throw new BerthFailure({ code: 'invalid_input', message: `${path}: ${result.reason}` });
  if (result.text === text) return path;
  return replaceFileAtomically(path, text, result.text);
}

/**
 * `kube.context.setDefault`: `paths` are the kubeconfig files in use, `reload` rereads them
 * at once (the watcher would too, a moment later) and returns the app state.
 */
export function registerDefaultContext(router: Router, paths: () => string[], reload: () => AppState): void {
  router.method('kube.context.setDefault', async ({ name }) => {
    if (!reload().kube.contexts.some((c) => c.name === name)) {
      throw new BerthFailure({ code: 'not_found', message: `There is no context named “${name}” in your kubeconfig.` });
    }
    const path = await setDefaultContext(paths(), name);
    return { path, state: reload() };
  });
}
