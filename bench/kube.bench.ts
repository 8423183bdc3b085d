/**
 * Kubernetes backend benchmark against the real test cluster's scale fixture
 * (npx tsx bench/kube.bench.ts; first `npm run cluster:scale -- --nodes 50 --pods 10000 --context berth-b`).
 *
 *  1. Time from subscribing to the pods of a context to the first 500 rows and to every row,
 *     through web mode's WebSocket (the renderer's view), against `kubectl get pods -A`.
 *  2. Resident memory of the web-mode server: idle, then with every pod watched; its CPU
 *     while nothing changes. Measured from outside (/proc), as for kubectl.
 *  3. Watch events absorbed per second: a recorded stream of real pod objects replayed into
 *     the pods cache as fast as it takes them, beside `JSON.parse` alone on the same lines.
 *
 * Figures and ratios only; no pass/fail. BERTH_BENCH_CONTEXT picks the context (berth-b).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { ClientFrame, ServerFrame } from '../shared/bridge';
import type { CollectionEvent } from '../shared/collection';
import { builtinKind } from '../shared/kube/kinds';
import type { KubeObject } from '../shared/kube/object';
import type { KindStatus, KubeRow } from '../shared/kube/types';
import { TEST_KUBECONFIG } from '../e2e/cluster/testKubeconfig';
import { startWebMode, wsProtocols } from '../e2e/support/webMode';
import { KindCache } from '../electron/core/kube/watch/kindCache';
import type { WatchClient } from '../electron/core/kube/watch/kindWatch';
import { fmt, mb, procUsage } from './figures';

const CONTEXT = process.env.BERTH_BENCH_CONTEXT ?? 'berth-b';
const IDLE_SECONDS = Number(process.env.BERTH_BENCH_IDLE_SECONDS ?? 20);
const REPLAY_EVENTS = Number(process.env.BERTH_BENCH_REPLAY_EVENTS ?? 50_000);
const env = { ...process.env, KUBECONFIG: TEST_KUBECONFIG };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `kubectl get pods -A` to the full list, with its peak RSS (/usr/bin/time, as for any process). */
function kubectlGetPods(): { seconds: number; count: number; peakRss: number } {
  const started = performance.now();
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', 'PEAK %M', 'kubectl', '--context', CONTEXT, 'get', 'pods', '-A', '--no-headers'],
    {
      env,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const peakKb = Number(/PEAK (\d+)/.exec(run.stderr)?.[1] ?? NaN);
  return { seconds, count: run.stdout.trim().split('\n').length, peakRss: peakKb * 1024 };
}

async function throughWebMode(): Promise<void> {
  const server = await startWebMode({ env: { KUBECONFIG: TEST_KUBECONFIG } });
  try {
    await sleep(2000);
    const idle = procUsage(server.pid)!;
    const ws = new WebSocket(`${server.baseUrl.replace('http', 'ws')}api/ws`, wsProtocols(server.token), {
      headers: { Origin: server.baseUrl.replace(/\/$/, '') },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const rows = new Map<string, KubeRow>();
    let firstScreen = NaN;
    let status: KindStatus | undefined;
    const started = performance.now();
    let allListed = NaN;
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString('utf8')) as ServerFrame;
      if (frame.t !== 'event') return;
      if (frame.id === 1) {
        const event = frame.payload as CollectionEvent<KubeRow>;
        if (event.type === 'snapshot') for (const row of event.rows) rows.set(row.id, row);
        else {
          for (const row of event.upserts) rows.set(row.id, row);
          for (const id of event.deletes) rows.delete(id);
        }
        if (Number.isNaN(firstScreen) && rows.size >= 500) firstScreen = performance.now() - started;
      } else status = frame.payload as KindStatus;
      if (Number.isNaN(allListed) && status?.state === 'live' && rows.size > 0) allListed = performance.now() - started;
    });
    const send = (frame: ClientFrame) => ws.send(JSON.stringify(frame));
    send({ t: 'sub', id: 1, topic: 'kube.resources', params: { context: CONTEXT, kind: 'pods' } });
    send({ t: 'sub', id: 2, topic: 'kube.kind.status', params: { context: CONTEXT, kind: 'pods' } });
    for (let i = 0; i < 600 && Number.isNaN(allListed); i++) await sleep(100);
    await sleep(1000);
    const watching = procUsage(server.pid)!;
    const cpuBefore = procUsage(server.pid)!.cpuSeconds;
    await sleep(IDLE_SECONDS * 1000);
    const cpuIdle = (procUsage(server.pid)!.cpuSeconds - cpuBefore) / IDLE_SECONDS;

    const kubectl = kubectlGetPods();
    console.log(`pods in ${CONTEXT}: ${rows.size} (kubectl lists ${kubectl.count})`);
    console.log(`subscribe → first 500 rows through web mode: ${fmt(firstScreen)} ms`);
    console.log(`subscribe → every row listed (status live): ${fmt(allListed)} ms`);
    console.log(
      `kubectl get pods -A: ${fmt(kubectl.seconds * 1000)} ms (Berth/kubectl: ${fmt(allListed / (kubectl.seconds * 1000), 2)}×)`,
    );
    console.log(
      `web-mode server RSS: idle ${mb(idle.rss)}, watching every pod ${mb(watching.rss)} (+${mb(watching.rss - idle.rss)})`,
    );
    console.log(
      `web-mode server CPU with nothing changing, over ${IDLE_SECONDS} s: ${fmt(cpuIdle * 100, 2)} % of a core`,
    );
    ws.close();
  } finally {
    await server.stop();
  }
}

/** Replays real pod objects as MODIFIED events into a pods cache, beside JSON.parse alone. */
async function replay(): Promise<void> {
  const list = JSON.parse(
    execFileSync('kubectl', ['--context', CONTEXT, 'get', 'pods', '-A', '-o', 'json'], {
      env,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    }),
  ) as { items: KubeObject[] };
  const lines: string[] = [];
  for (let i = 0; i < REPLAY_EVENTS; i++) {
    const pod = list.items[i % list.items.length]!;
    lines.push(
      JSON.stringify({
        type: 'MODIFIED',
        object: { ...pod, metadata: { ...pod.metadata, resourceVersion: String(1e9 + i) } },
      }),
    );
  }
  const bytes = lines.reduce((n, l) => n + l.length + 1, 0);
  const chunks: Buffer[] = [];
  for (let i = 0; i < lines.length; i += 200) chunks.push(Buffer.from(lines.slice(i, i + 200).join('\n') + '\n'));

  let t = performance.now();
  for (const line of lines) JSON.parse(line);
  const parseOnly = performance.now() - t;

  let streamed = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const client: WatchClient = {
    json: <T>() => Promise.resolve({ metadata: { resourceVersion: '1' }, items: [] } as T),
    stream: async (_request, onChunk, signal) => {
      t = performance.now();
      for (const chunk of chunks) onChunk(chunk);
      streamed = performance.now() - t;
      done();
      await new Promise<void>((_r, reject) => signal.addEventListener('abort', () => reject(new Error('stopped'))));
    },
  };
  const cache = new KindCache({
    context: 'replay',
    server: 'replay',
    client,
    declaration: builtinKind('pods')!,
    defaultNamespace: 'default',
    watch: { watchSeconds: 3600 },
  });
  const unsubscribe = cache.rows.subscribe(() => {});
  cache.start();
  await finished;
  cache.dispose();
  unsubscribe();
  console.log(
    `watch events absorbed: ${fmt(REPLAY_EVENTS / (streamed / 1000), 0)}/s (${REPLAY_EVENTS} real pod events, ${fmt(bytes / REPLAY_EVENTS / 1024, 2)} KB each); ` +
      `JSON.parse alone: ${fmt(REPLAY_EVENTS / (parseOnly / 1000), 0)}/s (Berth/parse: ${fmt(parseOnly / streamed, 2)})`,
  );
}

// BERTH_BENCH_ONLY=replay (or webmode) runs one part, e.g. under --cpu-prof.
const only = process.env.BERTH_BENCH_ONLY;
if (!only || only === 'webmode') await throughWebMode();
if (!only || only === 'replay') await replay();
