import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { basename, delimiter, isAbsolute, join } from 'node:path';
import { staticCredentials } from './contextResolver';
import { killGroup, loginShellPath } from './loginShellPath';
import { redactSecrets } from './redactSecrets';
import type { Credential, CredentialSource, ExecConfig, ResolvedContext } from './resolvedContext';

/** A plugin that waits for a browser login longer than this is stopped; the next request tries again. */
export const EXEC_TIMEOUT_MS = 30_000;
/**
 * A credential is renewed this long before it expires (at most half its lifetime), so a
 * request in flight does not carry a dead token.
 */
const EXPIRY_SKEW_MS = 5_000;
const MAX_STDOUT = 1024 * 1024;
const MAX_STDERR = 64 * 1024;
const API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];

export type CredentialProblem =
  | 'plugin-not-found'
  | 'plugin-failed'
  | 'plugin-output'
  | 'plugin-timeout'
  | 'plugin-interactive'
  | 'auth-provider'
  | 'kubeconfig';

/** Why a context's credentials could not be had, in words; never contains the credential itself. */
export class CredentialError extends Error {
  readonly code = 'CREDENTIALS';
  constructor(
    readonly problem: CredentialProblem,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'CredentialError';
  }
}

export interface CredentialDeps {
  /** The PATH plugins are looked up in and run with: the login shell's (see loginShellPath). */
  path?: () => Promise<string>;
  /** The environment plugins inherit (before `exec.env` and KUBERNETES_EXEC_INFO). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  now?: () => number;
}

/** What authenticates requests to `context`: its exec plugin, or what the kubeconfig holds. */
export function credentialsFor(context: ResolvedContext, deps: CredentialDeps = {}): CredentialSource {
  if (context.problem) return refused(new CredentialError('kubeconfig', context.problem, 'Fix the kubeconfig.'));
  const provider = context.auth.authProvider;
  if (provider) return refused(authProviderRefusal(context, provider.name));
  if (context.auth.exec) return new ExecCredentialSource(context, context.auth.exec, deps);
  return staticCredentials;
}

function refused(error: CredentialError): CredentialSource {
  return { get: () => Promise.reject(error), invalidate: () => {} };
}

/**
 * client-node runs the legacy gcp and azure providers' commands synchronously, which would
 * freeze the whole backend; kubectl itself dropped them for exec plugins.
 */
function authProviderRefusal(context: ResolvedContext, provider: string): CredentialError {
  const replacement: Record<string, { plugin: string; how: string }> = {
    gcp: {
      plugin: 'gke-gcloud-auth-plugin',
      how: 'Install gke-gcloud-auth-plugin (gcloud components install gke-gcloud-auth-plugin), then run gcloud container clusters get-credentials again.',
    },
    azure: {
      plugin: 'kubelogin',
      how: 'Install kubelogin (Azure), then run kubelogin convert-kubeconfig -l azurecli.',
    },
    oidc: {
      plugin: 'kubelogin (kubectl oidc-login)',
      how: 'Install kubelogin (kubectl oidc-login) and use it as an exec credential plugin for this user.',
    },
  };
  const known = replacement[provider];
  return new CredentialError(
    'auth-provider',
    known
      ? `The user “${context.user}” of context “${context.name}” logs in with the old “${provider}” auth-provider, which Berth does not run: use ${known.plugin} instead.`
      : `The user “${context.user}” of context “${context.name}” logs in with the “${provider}” auth-provider, which Berth does not support: use an exec credential plugin instead.`,
    known?.how ?? 'Configure an exec credential plugin for this user (users[].user.exec).',
  );
}

/**
 * Credentials from a client-go exec plugin (client.authentication.k8s.io v1 or v1beta1):
 * run once, then reused until they expire (or, without an expiry, until `invalidate()`
 * after the server rejected them). Concurrent requests share one run.
 */
export class ExecCredentialSource implements CredentialSource {
  private cached: Credential | undefined;
  /** Epoch ms after which `cached` is renewed; Infinity without an expiry. */
  private renewAt = Infinity;
  private running: Promise<Credential> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly context: ResolvedContext,
    private readonly exec: ExecConfig,
    private readonly deps: CredentialDeps = {},
  ) {
    this.now = deps.now ?? Date.now;
  }

  async get(signal?: AbortSignal): Promise<Credential> {
    const cached = this.cached;
    if (cached && this.now() < this.renewAt) return cached;
    if (!this.running) {
      this.running = this.run().finally(() => (this.running = undefined));
      // Callers that gave up do not wait for it; its failure is theirs to report, not an unhandled one.
      this.running.catch(() => {});
    }
    return abortable(this.running, signal, () => this.stillRunning());
  }

  invalidate(): void {
    this.cached = undefined;
  }

  /** The caller's deadline came first: the run goes on, and its credential is kept for the next request. */
  private stillRunning(): CredentialError {
    return new CredentialError(
      'plugin-timeout',
      `${this.label} has not answered yet.`,
      `It may be waiting for you to log in: run kubectl --context ${this.context.name} get namespaces in a terminal once, then retry.`,
    );
  }

  private get label(): string {
    return `The credential plugin “${basename(this.exec.command)}” of context “${this.context.name}”`;
  }

  private async run(): Promise<Credential> {
    const apiVersion = this.exec.apiVersion ?? API_VERSIONS[0]!;
    if (!API_VERSIONS.includes(apiVersion)) {
      throw new CredentialError(
        'plugin-output',
        `${this.label} uses ${apiVersion}, which Berth does not support.`,
        `Use ${API_VERSIONS[0]} in the kubeconfig (users “${this.context.user}”.exec.apiVersion), if the plugin supports it.`,
      );
    }
    if (this.exec.interactiveMode === 'Always') {
      throw new CredentialError(
        'plugin-interactive',
        `${this.label} needs a terminal to ask you something (interactiveMode: Always), which Berth cannot provide.`,
        'Use the plugin in a terminal, or configure it not to ask (interactiveMode: IfAvailable or Never).',
      );
    }
    const path = await (this.deps.path ?? loginShellPath)();
    const command = await this.findCommand(path);
    const execInfo = {
      apiVersion,
      kind: 'ExecCredential',
      spec: { interactive: false, ...(this.exec.provideClusterInfo ? { cluster: await this.clusterInfo() } : {}) },
    };
    const env: NodeJS.ProcessEnv = { ...(this.deps.env ?? process.env), PATH: path };
    for (const { name, value } of this.exec.env ?? []) env[name] = value;
    env.KUBERNETES_EXEC_INFO = JSON.stringify(execInfo);
    const { code, stdout, stderr, timedOut } = await runProcess(
      command,
      this.exec.args ?? [],
      env,
      this.deps.timeoutMs ?? EXEC_TIMEOUT_MS,
    ).catch((error: unknown) => {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new CredentialError(
        'plugin-failed',
        `${this.label} could not be started (${reason}).`,
        `Check that ${command} is a program for this machine.`,
      );
    });
    if (timedOut) {
      throw new CredentialError(
        'plugin-timeout',
        `${this.label} did not answer within ${Math.round((this.deps.timeoutMs ?? EXEC_TIMEOUT_MS) / 1000)} s and was stopped.`,
        `It may be waiting for you to log in: run kubectl --context ${this.context.name} get namespaces in a terminal once, then retry.`,
      );
    }
    if (code !== 0) {
      const firstLine = stderr
        .split('\n')
        .map((l) => l.trim())
        .find(Boolean);
      const why = firstLine ? `: ${redactSecrets(firstLine).slice(0, 300)}` : '';
      throw new CredentialError(
        'plugin-failed',
        `${this.label} failed (exit code ${code ?? 'signal'})${why}`,
        'Run the plugin in a terminal to see why; you may need to log in again.',
      );
    }
    const credential = this.parse(stdout, apiVersion);
    const { expiresAt } = credential;
    const now = this.now();
    this.renewAt =
      expiresAt === undefined ? Infinity : expiresAt - Math.min(EXPIRY_SKEW_MS, Math.max(0, (expiresAt - now) / 2));
    this.cached = credential;
    return credential;
  }

  /** The plugin's stdout → a credential. Nothing of the output is quoted back: it may hold a token. */
  private parse(stdout: string, apiVersion: string): Credential {
    const bad = (why: string): CredentialError =>
      new CredentialError(
        'plugin-output',
        `${this.label} printed something that is not an ExecCredential (${why}).`,
        'Run the plugin in a terminal to see what it prints; check its version and the apiVersion in the kubeconfig.',
      );
    let output: unknown;
    try {
      output = JSON.parse(stdout);
    } catch {
      throw bad(stdout.trim() ? 'not JSON' : 'nothing');
    }
    if (!output || typeof output !== 'object') throw bad('not a JSON object');
    const { kind, apiVersion: got, status } = output as { kind?: unknown; apiVersion?: unknown; status?: unknown };
    if (kind !== 'ExecCredential') throw bad(`kind is ${typeof kind === 'string' ? kind : 'missing'}`);
    if (got !== apiVersion)
      throw bad(`apiVersion ${typeof got === 'string' ? got : 'missing'}, expected ${apiVersion}`);
    if (!status || typeof status !== 'object') throw bad('no status');
    const s = status as Record<string, unknown>;
    const text = (key: string): string | undefined =>
      typeof s[key] === 'string' && s[key] !== '' ? (s[key] as string) : undefined;
    const token = text('token');
    const clientCertData = text('clientCertificateData');
    const clientKeyData = text('clientKeyData');
    if (!token && !(clientCertData && clientKeyData)) {
      throw bad('neither a token nor a client certificate and key');
    }
    if (!!clientCertData !== !!clientKeyData)
      throw bad('a client certificate without its key, or a key without its certificate');
    let expiresAt: number | undefined;
    const expiry = s.expirationTimestamp;
    if (expiry !== undefined && expiry !== null && expiry !== '') {
      expiresAt = typeof expiry === 'string' ? Date.parse(expiry) : NaN;
      if (Number.isNaN(expiresAt)) throw bad('expirationTimestamp is not a date');
    }
    return {
      ...(token ? { token } : {}),
      ...(clientCertData ? { clientCertData, clientKeyData } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    };
  }

  /** kubectl's lookup: a path as written (already resolved against the kubeconfig), else each PATH entry. */
  private async findCommand(path: string): Promise<string> {
    const { command, installHint } = this.exec;
    const hint =
      installHint?.trim() || `Install it, or fix users “${this.context.user}”.exec.command in your kubeconfig.`;
    const candidates = isAbsolute(command)
      ? [command]
      : path
          .split(delimiter)
          .filter(Boolean)
          .flatMap((dir) => executableNames(command).map((name) => join(dir, name)));
    for (const candidate of candidates) {
      if (await isExecutable(candidate)) return candidate;
    }
    throw new CredentialError(
      'plugin-not-found',
      isAbsolute(command)
        ? `${this.label} is not installed: ${command} does not exist or cannot be run.`
        : `${this.label} is not installed: “${command}” is not in your PATH.`,
      hint,
    );
  }

  /** KUBERNETES_EXEC_INFO's `spec.cluster`, as client-go fills it (certificate data in base64). */
  private async clusterInfo(): Promise<Record<string, unknown>> {
    const { server, tls, proxyUrl, execClusterConfig } = this.context;
    const ca = tls.caData ?? (tls.caFile ? await readFile(tls.caFile, 'utf8').catch(() => undefined) : undefined);
    return {
      server,
      ...(tls.serverName ? { 'tls-server-name': tls.serverName } : {}),
      ...(tls.insecureSkipVerify ? { 'insecure-skip-tls-verify': true } : {}),
      ...(ca ? { 'certificate-authority-data': Buffer.from(ca).toString('base64') } : {}),
      ...(proxyUrl ? { 'proxy-url': proxyUrl } : {}),
      ...(execClusterConfig !== undefined ? { config: execClusterConfig } : {}),
    };
  }
}

function executableNames(command: string): string[] {
  if (process.platform !== 'win32') return [command];
  const extensions = (process.env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
  return [command, ...extensions.map((ext) => command + ext)];
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a plugin without a terminal; after `timeoutMs` it is killed with everything it started. */
function runProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a plugin's helpers (a browser launcher, a token cache daemon) die with it.
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (stdout.length < MAX_STDOUT) stdout += chunk;
    });
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < MAX_STDERR) stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
      // A grandchild holding the pipes open must not hold the answer too.
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code: null, stdout, stderr, timedOut });
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** Waits for a shared run, but lets one caller give up without stopping it for the others. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, onTimeout: () => Error): Promise<T> {
  if (!signal) return promise;
  const reason = (): Error => {
    const r: unknown = signal.reason;
    if (r instanceof Error && r.name === 'TimeoutError') return onTimeout();
    return r instanceof Error ? r : Object.assign(new Error('aborted'), { code: 'ABORT_ERR' });
  };
  if (signal.aborted) return Promise.reject(reason());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(reason());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
