import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeContextInfo, KubeconfigInfo } from '../../../shared/app';

export interface LoadedKubeconfig {
  info: KubeconfigInfo;
  contexts: KubeContextInfo[];
  currentContext: string | null;
  /** The merged config, for clients; contexts from earlier files win, as kubectl does. */
  config: KubeConfig;
}

/** The files kubectl would read: $KUBECONFIG (path list) or ~/.kube/config. */
export function kubeconfigPaths(env: NodeJS.ProcessEnv = process.env, home = homedir()): string[] {
  const fromEnv = (env.KUBECONFIG ?? '')
    .split(delimiter)
    .map((p) => p.trim())
    .filter(Boolean);
  const paths = fromEnv.length > 0 ? fromEnv : [join(home, '.kube', 'config')];
  return [...new Set(paths)];
}

/**
 * Reads and merges kubeconfig files. A file that cannot be parsed is reported in
 * `info.error` with its path, and the other files are still used.
 */
export function loadKubeconfig(paths: string[]): LoadedKubeconfig {
  const read: string[] = [];
  const missing: string[] = [];
  const errors: string[] = [];
  const clusters = new Map<string, KubeConfig['clusters'][number]>();
  const users = new Map<string, KubeConfig['users'][number]>();
  const contexts = new Map<string, KubeConfig['contexts'][number]>();
  let currentContext: string | null = null;

  for (const path of paths) {
    if (!existsSync(path)) {
      missing.push(path);
      continue;
    }
    const file = new KubeConfig();
    try {
      const text = readFileSync(path, 'utf8');
      if (text.trim() === '') {
        read.push(path);
        continue;
      }
      file.loadFromString(text);
    } catch (error) {
      errors.push(`${path}: ${describeParseError(error)}`);
      continue;
    }
    read.push(path);
    for (const c of file.clusters) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of file.users) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of file.contexts) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && file.currentContext) currentContext = file.currentContext;
  }

  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext: currentContext ?? '',
  });
  if (currentContext && !contexts.has(currentContext)) currentContext = null;

  const infos: KubeContextInfo[] = [...contexts.values()].map((c) => ({
    name: c.name,
    cluster: c.cluster,
    user: c.user,
    namespace: c.namespace,
    server: clusters.get(c.cluster)?.server,
  }));
  return {
    info: { paths: read, missing, ...(errors.length ? { error: errors.join('\n') } : {}) },
    contexts: infos,
    currentContext,
    config,
  };
}

function describeParseError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return `not a valid kubeconfig (${text.split('\n')[0]?.slice(0, 200)})`;
}
