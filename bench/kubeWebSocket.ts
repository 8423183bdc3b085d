import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { ClientFrame, ServerFrame } from '../shared/bridge';
import type { CollectionEvent } from '../shared/collection';
import type { KindStatus, KubeRow } from '../shared/kube/types';
import { wsProtocols, type WebModeServer } from '../e2e/support/webMode';

/**
 * A client of web mode's WebSocket subscribed to the pods of one context, as the renderer
 * is: it times the first screen and the full list, and tells who waits for a row's change.
 */
export interface PodsSubscription {
  rows: Map<string, KubeRow>;
  firstScreenMs: number;
  allListedMs: number;
  /** Calls `onUpsert(row, at)` for every row upserted from now on. */
  onUpsert(listener: ((row: KubeRow, at: number) => void) | undefined): void;
  close(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function subscribePods(
  server: WebModeServer,
  context: string,
  firstScreenRows = 500,
  timeoutMs = 300_000,
): Promise<PodsSubscription> {
  const ws = new WebSocket(`${server.baseUrl.replace('http', 'ws')}api/ws`, wsProtocols(server.token), {
    headers: { Origin: server.baseUrl.replace(/\/$/, '') },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const rows = new Map<string, KubeRow>();
  let firstScreenMs = NaN;
  let allListedMs = NaN;
  let status: KindStatus | undefined;
  let listener: ((row: KubeRow, at: number) => void) | undefined;
  const started = performance.now();
  ws.on('message', (data: Buffer) => {
    const at = performance.now();
    const frame = JSON.parse(data.toString('utf8')) as ServerFrame;
    if (frame.t !== 'event') return;
    if (frame.id === 1) {
      const event = frame.payload as CollectionEvent<KubeRow>;
      if (event.type === 'snapshot') for (const row of event.rows) rows.set(row.id, row);
      else {
        for (const row of event.upserts) {
          rows.set(row.id, row);
          listener?.(row, at);
        }
        for (const id of event.deletes) rows.delete(id);
      }
      if (Number.isNaN(firstScreenMs) && rows.size >= firstScreenRows) firstScreenMs = at - started;
    } else status = frame.payload as KindStatus;
    if (Number.isNaN(allListedMs) && status?.state === 'live' && rows.size > 0) allListedMs = at - started;
  });
  const send = (frame: ClientFrame) => ws.send(JSON.stringify(frame));
  send({ t: 'sub', id: 1, topic: 'kube.resources', params: { context, kind: 'pods' } });
  send({ t: 'sub', id: 2, topic: 'kube.kind.status', params: { context, kind: 'pods' } });
  for (let waited = 0; waited < timeoutMs && Number.isNaN(allListedMs); waited += 50) await sleep(50);
  if (Number.isNaN(allListedMs)) {
    ws.close();
    throw new Error(`the pods of ${context} were not all listed within ${timeoutMs / 1000} s (${rows.size} rows)`);
  }
  if (Number.isNaN(firstScreenMs)) firstScreenMs = allListedMs; // fewer rows than a first screen
  return {
    rows,
    firstScreenMs,
    allListedMs,
    onUpsert: (l) => (listener = l),
    close: () => ws.close(),
  };
}
