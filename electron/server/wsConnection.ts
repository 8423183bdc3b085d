import type { WebSocket } from 'ws';
import type { ClientFrame, ServerFrame } from '../../shared/bridge';
import type { Router, Unsubscribe } from '../core/router';

/** A client that has this much unsent data is too slow: it is dropped and reconnects to a snapshot. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
const MAX_SUBSCRIPTIONS = 2_000;

/** Drives the router from one WebSocket: the web-mode twin of electron/ipc.ts. */
export function serveConnection(socket: WebSocket, router: Router): void {
  const subscriptions = new Map<number, Unsubscribe>();

  const send = (frame: ServerFrame): void => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1013, 'client too slow');
      return;
    }
    socket.send(JSON.stringify(frame));
  };

  socket.on('message', (data, isBinary) => {
    const frame = isBinary ? null : parseFrame(data.toString());
    if (!frame) {
      socket.close(1003, 'malformed frame');
      return;
    }
    switch (frame.t) {
      case 'invoke':
        void router.invoke(frame.method, frame.input).then((result) => send({ t: 'result', id: frame.id, result }));
        break;
      case 'sub': {
        if (subscriptions.has(frame.id) || subscriptions.size >= MAX_SUBSCRIPTIONS) {
          send({ t: 'sub-error', id: frame.id, error: { code: 'conflict', message: 'Subscription refused.' } });
          break;
        }
        const id = frame.id;
        subscriptions.set(id, () => {});
        const stop = router.subscribe(frame.topic, frame.params, {
          event: (payload) => send({ t: 'event', id, payload }),
          error: (error) => {
            subscriptions.delete(id);
            send({ t: 'sub-error', id, error });
          },
        });
        if (subscriptions.has(id)) subscriptions.set(id, stop);
        break;
      }
      case 'unsub':
        subscriptions.get(frame.id)?.();
        subscriptions.delete(frame.id);
        break;
    }
  });

  socket.on('close', () => {
    for (const stop of subscriptions.values()) stop();
    subscriptions.clear();
  });
}

/** Frames are checked for shape here; their contents are validated by the router. */
export function parseFrame(text: string): ClientFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const f = value as Record<string, unknown>;
  if (typeof f.id !== 'number' || !Number.isSafeInteger(f.id)) return null;
  if (f.t === 'invoke' && typeof f.method === 'string')
    return { t: 'invoke', id: f.id, method: f.method, input: f.input };
  if (f.t === 'sub' && typeof f.topic === 'string') return { t: 'sub', id: f.id, topic: f.topic, params: f.params };
  if (f.t === 'unsub') return { t: 'unsub', id: f.id };
  return null;
}
