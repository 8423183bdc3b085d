import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A client-go exec credential plugin of our own, written to a temp dir: it counts its runs
 * in a file, records what it was started with, and prints an ExecCredential with the token
 * read from `tokenFile`. Its behaviour is steered by environment entries (the kubeconfig's
 * `exec.env`): TTL_SECONDS (expiry), DELAY_MS, HANG (start a child and wait forever),
 * EXIT_CODE with STDERR, STDOUT (print this instead).
 */
export interface ExecPlugin {
  dir: string;
  /** The plugin's file name (a bare command when `dir` is on PATH). */
  name: string;
  path: string;
  tokenFile: string;
  runs(): number;
  /** What the last run saw: KUBERNETES_EXEC_INFO, PATH, its args and env entries. */
  lastRun(): { info: unknown; path: string; args: string[]; region?: string } | null;
  /** The pid of the child a hanging run started, once written. */
  hangingChildPid(): number | null;
}

export function makeExecPlugin(token: string, name = 'berth-test-credential-plugin'): ExecPlugin {
  const dir = mkdtempSync(join(tmpdir(), 'berth-exec-plugin-'));
  const path = join(dir, name);
  const tokenFile = join(dir, 'token');
  const countFile = join(dir, 'runs');
  const lastFile = join(dir, 'last-run.json');
  const childFile = join(dir, 'child.pid');
  writeFileSync(tokenFile, token);
  writeFileSync(
    path,
    `#!${process.execPath}
const fs = require('node:fs');
const { spawn } = require('node:child_process');
fs.appendFileSync(${JSON.stringify(countFile)}, 'run\\n');
fs.writeFileSync(${JSON.stringify(lastFile)}, JSON.stringify({
  info: JSON.parse(process.env.KUBERNETES_EXEC_INFO || 'null'),
  path: process.env.PATH,
  args: process.argv.slice(2),
  region: process.env.REGION,
}));
const env = process.env;
if (env.HANG) {
  const child = spawn('sleep', ['300'], { stdio: 'ignore' });
  fs.writeFileSync(${JSON.stringify(childFile)}, String(child.pid));
  setInterval(() => {}, 1000);
} else if (env.EXIT_CODE) {
  process.stderr.write(env.STDERR || '');
  process.exitCode = Number(env.EXIT_CODE);
} else {
  setTimeout(() => {
    if (env.STDOUT !== undefined) return process.stdout.write(env.STDOUT);
    const ttl = Number(env.TTL_SECONDS || 0);
    const apiVersion = (JSON.parse(env.KUBERNETES_EXEC_INFO || '{}').apiVersion) || 'client.authentication.k8s.io/v1';
    process.stdout.write(JSON.stringify({
      apiVersion,
      kind: 'ExecCredential',
      status: {
        token: fs.readFileSync(${JSON.stringify(tokenFile)}, 'utf8').trim(),
        ...(ttl ? { expirationTimestamp: new Date(Date.now() + ttl * 1000).toISOString() } : {}),
      },
    }));
  }, Number(env.DELAY_MS || 0));
}
`,
  );
  chmodSync(path, 0o755);
  return {
    dir,
    name,
    path,
    tokenFile,
    runs: () => (existsSync(countFile) ? readFileSync(countFile, 'utf8').split('\n').filter(Boolean).length : 0),
    lastRun: () =>
      existsSync(lastFile) ? (JSON.parse(readFileSync(lastFile, 'utf8')) as ReturnType<ExecPlugin['lastRun']>) : null,
    hangingChildPid: () => (existsSync(childFile) ? Number(readFileSync(childFile, 'utf8')) : null),
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
