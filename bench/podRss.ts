/**
 * Web mode's resident memory, idle → watching N pods, without a scale cluster: the pods (real
 * ones multiplied, see podReplay.ts) come from a stand-in API server that serves them as the
 * real one writes them. The same steps as the cluster figure in kube.bench.ts: start, settle,
 * subscribe through the WebSocket, every row listed, settle, RSS again.
 *
 *   npx tsx bench/podRss.ts <pods.json> [pods]     (web mode from this tree's out/)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../shared/kube/object';
import { startWebMode } from '../e2e/support/webMode';
import { procUsage } from './figures';
import { subscribePods } from './kubeWebSocket';
import { synthesizePods } from './podReplay';
import { startRecordedApiServer } from './recordedApiServer';

export interface PodRssResult {
  pods: number;
  idleMB: number;
  watchingMB: number;
  growthMB: number;
  /** Every row at the WebSocket client. */
  allListedMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function templatesFrom(file: string): KubeObject[] {
  const body = JSON.parse(readFileSync(file, 'utf8')) as KubeObject[] | { items: KubeObject[] };
  return Array.isArray(body) ? body : body.items;
}

export async function webModePodRss(templates: KubeObject[], pods: number): Promise<PodRssResult> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-rss-'));
  const api = await startRecordedApiServer(synthesizePods(templates, pods), dir);
  try {
    const server = await startWebMode({ env: { KUBECONFIG: api.kubeconfig, HOME: dir } });
    try {
      await sleep(1500);
      const idle = procUsage(server.pid)!;
      const sub = await subscribePods(server, api.context);
      if (sub.rows.size !== pods) throw new Error(`listed ${sub.rows.size} of ${pods} pods`);
      await sleep(1000);
      const watching = procUsage(server.pid)!;
      sub.close();
      return {
        pods,
        idleMB: idle.rss / 2 ** 20,
        watchingMB: watching.rss / 2 ** 20,
        growthMB: (watching.rss - idle.rss) / 2 ** 20,
        allListedMs: sub.allListedMs,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await api.close();
  }
}

if (process.argv[1]?.endsWith('podRss.ts')) {
  const [file, pods = '10000'] = process.argv.slice(2);
  if (!file) throw new Error('usage: npx tsx bench/podRss.ts <pods.json> [pods]');
  void webModePodRss(templatesFrom(file), Number(pods)).then((result) => {
    console.log(JSON.stringify(result));
    // Keep-alive sockets would hold the process open.
    process.exit(0);
  });
}
