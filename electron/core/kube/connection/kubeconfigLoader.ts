import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve as resolvePath, sep } from 'node:path';
import { load as parseYaml, YAMLException } from 'js-yaml';
import type { KubeContextInfo, KubeconfigInfo } from '../../../../shared/app';
import { resolveContext } from './contextResolver';
import type { ExecConfig, ResolvedContext } from './resolvedContext';

/**
 * The parts of a kubeconfig Berth uses, as written, except that file paths are already
 * absolute (resolved against the directory of the file that named them, as kubectl does).
 */
export interface KubeconfigCluster {
  name: string;
  server?: string;
  certificateAuthority?: string;
  /** Base64 of the PEM bundle, as in the file. */
  certificateAuthorityData?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
  /** The `client.authentication.k8s.io/exec` extension: handed to exec plugins that ask for cluster info. */
  execExtension?: unknown;
}

export interface KubeconfigUser {
  name: string;
  token?: string;
  tokenFile?: string;
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: string;
  username?: string;
  password?: string;
  exec?: ExecConfig;
  authProvider?: { name: string };
}

export interface KubeconfigContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

/** One file, or several merged: entries in file order, unique by name. */
export interface Kubeconfig {
  clusters: KubeconfigCluster[];
  users: KubeconfigUser[];
  contexts: KubeconfigContext[];
  currentContext: string | null;
}

export interface LoadedKubeconfig {
  info: KubeconfigInfo;
  contexts: KubeContextInfo[];
  currentContext: string | null;
  /** Everything a client of context `name` needs; null when there is no such context. */
  resolve(name: string): ResolvedContext | null;
}

/** The files kubectl would read: $KUBECONFIG (path list) or ~/.kube/config. */
export function kubeconfigPaths(env: NodeJS.ProcessEnv = process.env, home = homedir()): string[] {
  const fromEnv = (env.KUBECONFIG ?? '')
    .split(delimiter)
    .map((p) => p.trim())
    .filter(Boolean);
  const paths = fromEnv.length > 0 ? fromEnv : [join(home, '.kube', 'config')];
  return [...new Set(paths.map((p) => resolvePath(p)))];
}

/**
 * Reads and merges kubeconfig files as kubectl does. A file that cannot be read or parsed
 * is reported in `info.error` with its path and a one-line reason; the others are used.
 * The files are only read, never written.
 */
export function loadKubeconfig(paths: string[]): LoadedKubeconfig {
  const read: string[] = [];
  const missing: string[] = [];
  const errors: string[] = [];
  const files: Kubeconfig[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') missing.push(path);
      else errors.push(`${path}: cannot be read (${code ?? String(error)})`);
      continue;
    }
    const parsed = parseKubeconfig(text, path);
    if (typeof parsed === 'string') {
      errors.push(`${path}: ${parsed}`);
      continue;
    }
    read.push(path);
    files.push(parsed);
  }
  const merged = mergeKubeconfigs(files);
  const clusters = new Map(merged.clusters.map((c) => [c.name, c]));
  const currentContext =
    merged.currentContext && merged.contexts.some((c) => c.name === merged.currentContext)
      ? merged.currentContext
      : null;
  return {
    info: {
      paths: read,
      missing,
      ...(errors.length ? { error: errors.join('\n') } : {}),
      ...(currentContext ? { defaultContext: currentContext } : {}),
    },
    contexts: merged.contexts.map((c) => ({
      name: c.name,
      cluster: c.cluster,
      user: c.user,
      ...(c.namespace ? { namespace: c.namespace } : {}),
      server: clusters.get(c.cluster)?.server,
    })),
    currentContext,
    resolve: (name) => resolveContext(merged, name),
  };
}

/** kubectl's merge: the first file that names a cluster, user or context wins, and the first current-context. */
export function mergeKubeconfigs(files: Kubeconfig[]): Kubeconfig {
  const firstByName = <T extends { name: string }>(lists: T[][]): T[] => {
    const byName = new Map<string, T>();
    for (const list of lists) for (const item of list) if (!byName.has(item.name)) byName.set(item.name, item);
    return [...byName.values()];
  };
  return {
    clusters: firstByName(files.map((f) => f.clusters)),
    users: firstByName(files.map((f) => f.users)),
    contexts: firstByName(files.map((f) => f.contexts)),
    currentContext: files.find((f) => f.currentContext)?.currentContext ?? null,
  };
}

/** Thrown inside the parser with a reason the user can act on; caught at the file level. */
class Malformed extends Error {}

/**
 * One kubeconfig file's text → its model, or a one-line reason why it is not a kubeconfig.
 * Relative paths are resolved against the directory of `path`.
 */
export function parseKubeconfig(text: string, path: string): Kubeconfig | string {
  let doc: unknown;
  try {
    doc = parseYaml(text, { filename: path });
  } catch (error) {
    if (error instanceof YAMLException) {
      const line = error.mark ? ` at line ${error.mark.line + 1}, column ${error.mark.column + 1}` : '';
      return `not valid YAML: ${error.reason}${line}`;
    }
    return `not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
  const empty: Kubeconfig = { clusters: [], users: [], contexts: [], currentContext: null };
  if (doc === null || doc === undefined) return empty;
  try {
    const root = mapping(doc, 'the file');
    const base = dirname(path);
    const file = (value: unknown, where: string): string | undefined => {
      const p = str(value, where);
      return p ? resolvePath(base, p) : undefined;
    };
    return {
      clusters: named(root.clusters, 'clusters', 'cluster', (c, where) => ({
        server: str(c.server, `${where}.server`),
        certificateAuthority: file(c['certificate-authority'], `${where}.certificate-authority`),
        certificateAuthorityData: str(c['certificate-authority-data'], `${where}.certificate-authority-data`),
        insecureSkipTlsVerify: bool(c['insecure-skip-tls-verify'], `${where}.insecure-skip-tls-verify`),
        tlsServerName: str(c['tls-server-name'], `${where}.tls-server-name`),
        proxyUrl: str(c['proxy-url'], `${where}.proxy-url`),
        execExtension: execExtension(c.extensions, `${where}.extensions`),
      })),
      users: named(root.users, 'users', 'user', (u, where) => ({
        token: str(u.token, `${where}.token`),
        tokenFile: file(u.tokenFile, `${where}.tokenFile`),
        clientCertificate: file(u['client-certificate'], `${where}.client-certificate`),
        clientCertificateData: str(u['client-certificate-data'], `${where}.client-certificate-data`),
        clientKey: file(u['client-key'], `${where}.client-key`),
        clientKeyData: str(u['client-key-data'], `${where}.client-key-data`),
        username: str(u.username, `${where}.username`),
        password: str(u.password, `${where}.password`),
        exec: u.exec == null ? undefined : execConfig(mapping(u.exec, `${where}.exec`), `${where}.exec`, base),
        authProvider:
          u['auth-provider'] == null
            ? undefined
            : {
                name:
                  str(mapping(u['auth-provider'], `${where}.auth-provider`).name, `${where}.auth-provider.name`) ??
                  'unnamed',
              },
      })),
      contexts: named(root.contexts, 'contexts', 'context', (c, where) => ({
        cluster: str(c.cluster, `${where}.cluster`) ?? '',
        user: str(c.user, `${where}.user`) ?? '',
        namespace: str(c.namespace, `${where}.namespace`),
      })),
      currentContext: str(root['current-context'], 'current-context') || null,
    };
  } catch (error) {
    if (error instanceof Malformed) return error.message;
    throw error;
  }
}

type YamlMap = Record<string, unknown>;

function mapping(value: unknown, where: string): YamlMap {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Malformed(`${where} is not a mapping of keys to values`);
  }
  return value as YamlMap;
}

function str(value: unknown, where: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  // YAML reads `token: 12345` or `name: 2024` as a number; kubectl reads them as text.
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Malformed(`${where} should be text`);
}

function bool(value: unknown, where: string): boolean | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Malformed(`${where} should be true or false`);
}

/** A list of `{ name, <key>: {...} }` entries (clusters, users, contexts), each mapped by `read`. */
function named<T>(
  list: unknown,
  section: string,
  key: string,
  read: (body: YamlMap, where: string) => Omit<T, 'name'>,
): Array<T & { name: string }> {
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) throw new Malformed(`${section} is not a list`);
  return list.map((entry: unknown, index) => {
    const item = mapping(entry, `${section}[${index}]`);
    const name = str(item.name, `${section}[${index}].name`);
    if (!name) throw new Malformed(`${section}[${index}] has no name`);
    const where = `${section} “${name}”`;
    const body = item[key] == null ? {} : mapping(item[key], `${where}.${key}`);
    return { name, ...withoutUndefined(read(body, where)) } as T & { name: string };
  });
}

function execConfig(exec: YamlMap, where: string, base: string): ExecConfig {
  const command = str(exec.command, `${where}.command`);
  if (!command) throw new Malformed(`${where} has no command`);
  const args =
    exec.args == null ? undefined : list(exec.args, `${where}.args`).map((a, i) => str(a, `${where}.args[${i}]`) ?? '');
  const env =
    exec.env == null
      ? undefined
      : list(exec.env, `${where}.env`).map((entry, i) => {
          const e = mapping(entry, `${where}.env[${i}]`);
          const name = str(e.name, `${where}.env[${i}].name`);
          if (!name) throw new Malformed(`${where}.env[${i}] has no name`);
          return { name, value: str(e.value, `${where}.env[${i}].value`) ?? '' };
        });
  const interactiveMode = str(exec.interactiveMode, `${where}.interactiveMode`);
  if (interactiveMode !== undefined && !['Never', 'IfAvailable', 'Always'].includes(interactiveMode)) {
    throw new Malformed(`${where}.interactiveMode should be Never, IfAvailable or Always`);
  }
  return withoutUndefined({
    // kubectl: a command with a path separator is relative to the kubeconfig; a bare name is looked up in PATH.
    command:
      !isAbsolute(command) && (command.includes('/') || command.includes(sep)) ? resolvePath(base, command) : command,
    args,
    env,
    apiVersion: str(exec.apiVersion, `${where}.apiVersion`),
    provideClusterInfo: bool(exec.provideClusterInfo, `${where}.provideClusterInfo`),
    interactiveMode: interactiveMode as ExecConfig['interactiveMode'],
    installHint: str(exec.installHint, `${where}.installHint`),
  });
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Malformed(`${where} is not a list`);
  return value;
}

/** The value of the `client.authentication.k8s.io/exec` entry of a cluster's `extensions`. */
function execExtension(extensions: unknown, where: string): unknown {
  if (extensions == null) return undefined;
  const entry = list(extensions, where).find(
    (e) => e && typeof e === 'object' && (e as YamlMap).name === 'client.authentication.k8s.io/exec',
  );
  return entry ? (entry as YamlMap).extension : undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
