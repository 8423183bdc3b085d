import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { delimiter } from 'node:path';

/** A login shell that reads a slow .zshrc still answers well within this; a stuck one is abandoned. */
const LOGIN_SHELL_TIMEOUT_MS = 10_000;

export interface LoginShellPathOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  timeoutMs?: number;
}

/**
 * The PATH the user's terminal has (their login shell's), merged with ours. An app started
 * from a dock or a desktop menu gets a minimal PATH, without the directories where
 * credential plugins (gke-gcloud-auth-plugin, aws, kubelogin) are usually installed.
 * On Windows, or when the shell cannot tell, our own PATH.
 */
export async function readLoginShellPath(options: LoginShellPathOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const own = env.PATH ?? '';
  const shell = env.SHELL;
  if ((options.platform ?? process.platform) === 'win32' || !shell) return own;
  const fromShell = await askShell(shell, env, options.timeoutMs ?? LOGIN_SHELL_TIMEOUT_MS);
  return fromShell ? mergePaths(fromShell, own) : own;
}

let memo: Promise<string> | undefined;

/** readLoginShellPath for this process's environment, asked once. */
export function loginShellPath(): Promise<string> {
  memo ??= readLoginShellPath();
  return memo;
}

/** The shell's entries first (the order the user chose), then ours that it lacks. */
export function mergePaths(first: string, second: string): string {
  const entries = [...first.split(delimiter), ...second.split(delimiter)].filter(Boolean);
  return [...new Set(entries)].join(delimiter);
}

/** Runs `$SHELL -ilc` printing PATH between markers, so greetings and prompts around it are ignored. */
function askShell(shell: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string | null> {
  const nonce = randomBytes(6).toString('hex');
  // The marker is assembled by printf, so a shell that echoes its command line cannot fake it.
  const marker = `__BERTH_${nonce}__`;
  const command = `printf '__BERTH_%s__%s__BERTH_%s__' '${nonce}' "$PATH" '${nonce}'`;
  return new Promise((resolve) => {
    let out = '';
    let settled = false;
    const finish = (value: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(shell, ['-ilc', command], {
        // Its own process group, so a shell stuck on a prompt is killed with what it started.
        detached: true,
        stdio: ['ignore', 'pipe', 'ignore'],
        env: { ...env, BERTH_RESOLVING_ENVIRONMENT: '1' },
      });
    } catch {
      return resolve(null);
    }
    const timer = setTimeout(() => {
      killGroup(child.pid);
      finish(null);
    }, timeoutMs);
    child.stdout?.setEncoding('utf8');
    const path = (): string | null => {
      const start = out.indexOf(marker);
      const end = out.indexOf(marker, start + marker.length);
      return start >= 0 && end > start ? out.slice(start + marker.length, end).trim() || null : null;
    };
    child.stdout?.on('data', (chunk: string) => {
      if (out.length < 1024 * 1024) out += chunk;
      // Answered: a daemon the shell started may keep the pipe open, so do not wait for it to close.
      if (path() !== null) finish(path());
    });
    child.once('error', () => finish(null));
    child.once('close', () => finish(path()));
  });
}

/** Kills a detached child and everything in its process group. */
export function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
