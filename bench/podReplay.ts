/**
 * Pods at scale without a scale cluster: real pod objects (as the API server sends them on a
 * watch, managedFields included) replayed through the backend's own path (KindWatch's stream
 * reader → KindCache → LiveCollection rows). Given a protobuf list of the same cluster, its
 * pods are replayed in both encodings (the app watches pods in protobuf; JSON is what a server
 * that cannot gives); given only JSON, pods made from its pods are replayed as JSON.
 *
 * Figures: watch events absorbed per second (MODIFIED events, as fast as the cache takes
 * them) beside JSON.parse alone on the same JSON lines, and the heap and RSS the cache holds
 * per pod after GC. Runs in a child process of its own (`node --expose-gc`), so nothing else the
 * benchmark holds (a browser, other servers' buffers) blurs the memory figures, and on this
 * file bundled as the app ships its main process: tsx keeps functions' names by wrapping each
 * closure as it is made, which costs this path a few per cent that users never pay. By hand:
 *
 *   node --expose-gc --import tsx bench/podReplay.ts <pods.json> [pods] [events] [rounds] [pods.pb]
 *
 * where pods.json is a list body (`kubectl get --raw /api/v1/pods`) or a JSON array of pods,
 * and pods.pb the same list in protobuf (`Accept: application/vnd.kubernetes.protobuf`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { performance } from 'node:perf_hooks';
import { builtinKind } from '../shared/kube/kinds';
import type { KubeObject } from '../shared/kube/object';
import { median } from './report';
import { KindCache } from '../electron/core/kube/watch/kindCache';
import type { WatchClient } from '../electron/core/kube/watch/kindWatch';
import { protobufPods, watchFrame } from './protobufFrames';

const USAGE = 'node --expose-gc --import tsx bench/podReplay.ts <pods.json> [pods] [events] [rounds] [pods.pb]';

export interface PodReplayResult {
  pods: number;
  events: number;
  rounds: number;
  /** Medians over the rounds. */
  parsePerSecond: number;
  cachePerSecond: number;
  /** Mean size of a replayed watch line, bytes (managedFields included, as the server sends it). */
  bytesPerEvent: number;
  /** With a protobuf list: the same events in protobuf (as the app watches pods), and their mean size. */
  protobufPerSecond?: number;
  protobufBytesPerEvent?: number;
  heapPerPodBytes: number;
  rssPerPodBytes: number;
  heapGrowthMB: number;
  rssGrowthMB: number;
}

/** This file bundled as electron-vite bundles the main process (modules from node_modules stay imports). */
function bundled(): string {
  const outfile = resolve('out/bench/podReplay.mjs');
  buildSync({
    entryPoints: ['bench/podReplay.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/** Runs the replay in a child process and returns its figures (`nodeArgs`: e.g. --cpu-prof). */
export function podReplay(
  podsFile: string,
  options: { pods: number; events: number; rounds: number; nodeArgs?: string[]; protobufFile?: string },
): PodReplayResult {
  const run = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      ...(options.nodeArgs ?? []),
      bundled(),
      podsFile,
      String(options.pods),
      String(options.events),
      String(options.rounds),
      ...(options.protobufFile ? [options.protobufFile] : []),
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (run.status !== 0) throw new Error(`bench/podReplay.ts (bundled) failed (exit ${run.status})`);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as PodReplayResult;
}

/** `count` distinct pods shaped like the templates: own name, uid, IP, one of 50 nodes. */
export function synthesizePods(templates: KubeObject[], count: number): KubeObject[] {
  const out: KubeObject[] = [];
  for (let i = 0; i < count; i++) {
    const pod = structuredClone(templates[i % templates.length]!) as KubeObject & {
      spec?: { nodeName?: string };
      status?: { podIP?: string; podIPs?: Array<{ ip: string }> };
    };
    pod.metadata.name = `${pod.metadata.name}-${i}`;
    pod.metadata.uid = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    pod.metadata.resourceVersion = String(1_000_000 + i);
    if (pod.spec) pod.spec.nodeName = `scale-node-${i % 50}`;
    if (pod.status?.podIP) {
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      pod.status.podIP = ip;
      pod.status.podIPs = [{ ip }];
    }
    out.push(pod);
  }
  return out;
}

/** Watch lines cut into chunks of 200 events, as a busy watch stream arrives. */
function chunked(lines: string[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < lines.length; i += 200) chunks.push(Buffer.from(lines.slice(i, i + 200).join('\n') + '\n'));
  return chunks;
}

/** Protobuf watch frames cut into chunks of 200 events. */
function chunkedFrames(frames: Buffer[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < frames.length; i += 200) chunks.push(Buffer.concat(frames.slice(i, i + 200)));
  return chunks;
}

/** A cache fed by one watch stream of `chunks`; resolves with how long the cache took to absorb them. */
async function feed(chunks: Buffer[]): Promise<{ cache: KindCache; ms: number; stop: () => void }> {
  let ms = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const client: WatchClient = {
    json: <T>() => Promise.resolve({ metadata: { resourceVersion: '1' }, items: [] } as T),
    stream: async (request, onChunk, signal) => {
      if (!request.query?.watch) {
        // The list before the watch: empty, so that every pod comes from the replayed events.
        onChunk(Buffer.from('{"metadata":{"resourceVersion":"1"},"items":[]}'));
        return;
      }
      const t = performance.now();
      for (const chunk of chunks) onChunk(chunk);
      ms = performance.now() - t;
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
    // A list, then the replayed stream as its watch (a streaming list would take them as its list).
    watch: { watchSeconds: 3600, streamingList: false },
  });
  // A view is open: rows go out in batches, as in the app.
  const unsubscribe = cache.rows.subscribe(() => {});
  cache.start();
  await finished;
  return {
    cache,
    ms,
    stop: () => {
      cache.dispose();
      unsubscribe();
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 250));

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
}

/**
 * The pods to replay: with a protobuf list of the same cluster, its real pods (each in both
 * encodings, matched by uid), so the two streams carry the same objects; else pods made from
 * the JSON list's.
 */
function replayedPods(file: string, protobufFile: string | undefined, podCount: number) {
  const body = JSON.parse(readFileSync(file, 'utf8')) as KubeObject[] | { items: KubeObject[] };
  const templates = Array.isArray(body) ? body : body.items;
  if (!templates.length) throw new Error(`no pods in ${file}`);
  if (!protobufFile) return { pods: synthesizePods(templates, podCount), protobuf: undefined };
  const byUid = new Map(protobufPods(readFileSync(protobufFile)).map((p) => [p.uid, p.bytes]));
  // A small cluster gives fewer: the events go round the pods it has (the result says how many).
  const pods = templates.filter((p) => byUid.has(p.metadata.uid)).slice(0, podCount);
  if (!pods.length) throw new Error(`no pod is in both ${file} and ${protobufFile}`);
  return { pods, protobuf: pods.map((p) => byUid.get(p.metadata.uid)!) };
}

async function main(
  file: string,
  podCount: number,
  eventCount: number,
  rounds: number,
  protobufFile?: string,
): Promise<PodReplayResult> {
  const { pods, protobuf } = replayedPods(file, protobufFile, podCount);
  const count = pods.length;

  // Throughput: MODIFIED events spread over every pod, each with a new resourceVersion.
  const lines: string[] = [];
  const frames: Buffer[] = [];
  for (let i = 0; i < eventCount; i++) {
    const pod = pods[i % pods.length]!;
    const object = { ...pod, metadata: { ...pod.metadata, resourceVersion: String(1e9 + i) } };
    lines.push(JSON.stringify({ type: 'MODIFIED', object }));
    if (protobuf) frames.push(watchFrame('MODIFIED', protobuf[i % protobuf.length]!, String(1e9 + i)));
  }
  const bytesPerEvent = lines.reduce((n, line) => n + Buffer.byteLength(line), 0) / lines.length;
  const protobufBytesPerEvent = frames.reduce((n, frame) => n + frame.length, 0) / frames.length;
  // Rounds alternate JSON.parse alone and the cache, so all see the same load on a shared machine.
  const parseRates: number[] = [];
  const cacheRates: number[] = [];
  const protobufRates: number[] = [];
  const chunks = chunked(lines);
  const frameChunks = chunkedFrames(frames);
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    for (const line of lines) JSON.parse(line);
    parseRates.push(eventCount / ((performance.now() - t0) / 1000));
    const modified = await feed(chunks);
    modified.stop();
    cacheRates.push(eventCount / (modified.ms / 1000));
    if (frames.length) {
      const decoded = await feed(frameChunks);
      decoded.stop();
      protobufRates.push(eventCount / (decoded.ms / 1000));
    }
  }
  lines.length = 0;
  frames.length = 0;

  // Memory: every pod ADDED once into a fresh cache (as the app watches it), measured after GC against the same process before.
  const added = protobuf
    ? chunkedFrames(protobuf.map((bytes, i) => watchFrame('ADDED', bytes, String(1e9 + i))))
    : chunked(pods.map((object) => JSON.stringify({ type: 'ADDED', object })));
  pods.length = 0;
  await settle();
  collect();
  const before = process.memoryUsage();
  const held = await feed(added);
  await settle();
  collect();
  const after = process.memoryUsage();
  if (held.cache.rows.size !== count) throw new Error(`the cache holds ${held.cache.rows.size} of ${count} pods`);
  held.stop();

  return {
    pods: count,
    events: eventCount,
    rounds,
    parsePerSecond: median(parseRates),
    cachePerSecond: median(cacheRates),
    bytesPerEvent,
    ...(protobufRates.length ? { protobufPerSecond: median(protobufRates), protobufBytesPerEvent } : {}),
    heapPerPodBytes: (after.heapUsed - before.heapUsed) / count,
    rssPerPodBytes: (after.rss - before.rss) / count,
    heapGrowthMB: (after.heapUsed - before.heapUsed) / 2 ** 20,
    rssGrowthMB: (after.rss - before.rss) / 2 ** 20,
  };
}

if (/podReplay\.(ts|mjs)$/.test(process.argv[1] ?? '')) {
  const [file, pods = '10000', events = '50000', rounds = '5', protobufFile] = process.argv.slice(2);
  if (!file) throw new Error(`usage: ${USAGE}`);
  void main(file, Number(pods), Number(events), Number(rounds), protobufFile).then((result) =>
    console.log(JSON.stringify(result)),
  );
}
