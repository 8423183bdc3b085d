import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../../shared/bridge';

/** The subprotocols a page offers on its WebSocket: ours and the token (see renderer/api/wsBridge.ts). */
export function wsProtocols(token: string): string[] {
  return [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${token}`];
}

export interface WebModeServer {
  /** The URL with its token, as printed for the user: opening it gives the tab the token. */
  loginUrl: string;
  /** The base URL without the token. */
  baseUrl: string;
  token: string;
  pid: number;
  output: () => string;
  /** SIGTERM, as a user's Ctrl+C or a supervisor does; resolves with how the process ended. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `npm run serve` as package.json spells it (Node's flags, then the entry), so tests and
 * benches start the server exactly as a user does.
 */
export function serveCommand(): { nodeArgs: string[]; entry: string } {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { serve: string } };
  const [node, ...args] = pkg.scripts.serve.split(/\s+/);
  const entry = args.pop();
  if (node !== 'node' || !entry || args.some((a) => !a.startsWith('--')))
    throw new Error(`package.json's serve script is not "node [--flags] entry": ${pkg.scripts.serve}`);
  return { nodeArgs: args, entry };
}

/** Starts `npm run serve` the way a user does and waits for the one line it prints with the URL. */
export async function startWebMode(
  options: {
    env?: NodeJS.ProcessEnv;
    args?: string[];
    /** Node's own flags (e.g. --cpu-prof, which NODE_OPTIONS does not take). */
    nodeArgs?: string[];
    user?: { uid: number; gid: number };
  } = {},
): Promise<WebModeServer> {
  // Each server remembers settings in its own folder, so tests do not leak choices into each other.
  const configHome = mkdtempSync(join(tmpdir(), 'berth-config-'));
  if (options.user) chownSync(configHome, options.user.uid, options.user.gid);
  const serve = serveCommand();
  const child: ChildProcess = spawn(
    process.execPath,
    [...serve.nodeArgs, ...(options.nodeArgs ?? []), serve.entry, '--port', '0', ...(options.args ?? [])],
    {
      env: { ...process.env, XDG_CONFIG_HOME: configHome, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
    },
  );
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const loginUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web mode did not start:\n${output}`)), 15_000);
    lines.on('line', (line) => {
      output += `${line}\n`;
      const match = /^Berth web mode: (http:\/\/\S+)$/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web mode exited with ${code}:\n${output}`));
    });
  });
  const url = new URL(loginUrl);
  const token = url.searchParams.get('token') ?? '';
  url.search = '';
  return {
    loginUrl,
    baseUrl: url.href,
    token,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      return { code: child.exitCode, signal: child.signalCode };
    },
  };
}
