import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const STATE_DIR = process.env.BERTH_CLUSTER_DIR ?? '/tmp/berth-cluster';
const UP_SH = join(import.meta.dirname, 'up.sh');

/** The pid of one component of a test cluster ('a' or 'b'), from the pid file up.sh wrote. */
export function componentPid(cluster: 'a' | 'b', component: string): number {
  const pid = Number(readFileSync(join(STATE_DIR, cluster, 'pids', `${component}.pid`), 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid for ${component} of cluster ${cluster}`);
  return pid;
}

/** SIGSTOP: the process keeps its sockets open and answers nothing (a half-open connection). */
export function freeze(cluster: 'a' | 'b', component = 'kube-apiserver'): void {
  process.kill(componentPid(cluster, component), 'SIGSTOP');
}

export function thaw(cluster: 'a' | 'b', component = 'kube-apiserver'): void {
  process.kill(componentPid(cluster, component), 'SIGCONT');
}

/** SIGKILL, then waits until the process is gone. */
export async function kill(cluster: 'a' | 'b', component = 'kube-apiserver'): Promise<void> {
  const pid = componentPid(cluster, component);
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${component} of cluster ${cluster} (pid ${pid}) did not die`);
}

/** Starts whatever component is down again (up.sh is idempotent) and waits until the clusters are ready. */
export async function restartClusters(): Promise<void> {
  await run('bash', [UP_SH], { timeout: 180_000 });
}

/** The etcd client port of a cluster (up.sh: 16479 for a, +100 for b, unless moved). */
function etcdUrl(cluster: 'a' | 'b'): string {
  const base = Number(process.env[`BERTH_PORT_BASE_${cluster.toUpperCase()}`] ?? (cluster === 'a' ? 16400 : 16500));
  return `http://127.0.0.1:${base + 79}`;
}

/** Compacts etcd's history up to its current revision: watches from an older resourceVersion get 410 Gone. */
export async function compactEtcd(cluster: 'a' | 'b'): Promise<number> {
  const url = etcdUrl(cluster);
  // One write of our own first, so the compaction passes every revision a client has seen.
  await fetch(`${url}/v3/kv/put`, {
    method: 'POST',
    body: JSON.stringify({
      key: Buffer.from('/berth-test/compaction').toString('base64'),
      value: Buffer.from(String(Date.now())).toString('base64'),
    }),
  });
  const range = await fetch(`${url}/v3/kv/range`, {
    method: 'POST',
    body: JSON.stringify({ key: Buffer.from('/').toString('base64') }),
  });
  const header = ((await range.json()) as { header?: { revision?: string } }).header;
  const revision = Number(header?.revision);
  if (!Number.isFinite(revision)) throw new Error(`etcd of cluster ${cluster} gave no revision`);
  const compact = await fetch(`${url}/v3/kv/compaction`, {
    method: 'POST',
    body: JSON.stringify({ revision: String(revision), physical: true }),
  });
  if (!compact.ok) throw new Error(`etcd compaction failed: HTTP ${compact.status} ${await compact.text()}`);
  return revision;
}
