import type { WebSocket } from 'ws';
import type { ClientFrame, ServerFrame } from '../../shared/bridge';
import type { Result } from '../../shared/errors';
import type { Router, Unsubscribe } from '../core/router';

/**
 * Past this much unsent data the server stops reading the client's requests until it catches
 * up: a client that sends without reading makes the server do no more work and queue no more.
 */
const PAUSE_READING_BYTES = 1024 * 1024;
/**
 * A client with this much unsent data (events keep coming while its requests wait) is cut off,
 * and reconnects to a fresh snapshot: one stalled tab cannot make the server hold an unbounded
 * backlog for it.
 */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** A client that takes none of its backlog for this long is not reading at all: it is cut off. */
export const STALLED_MS = 15_000;
const BACKLOG_CHECK_MS = 100;
/** Far above what the UI uses; each subscription holds listeners and state in the backend. */
export const MAX_SUBSCRIPTIONS = 1_000;
/**
 * Topics whose every subscription opens a stream of its own to an engine (a descriptor here and
 * a connection there), unlike the shared watches behind the others: a connection gets a few.
 */
const OWN_STREAM_TOPICS: ReadonlySet<string> = new Set(['docker.container.logs']);
export const MAX_OWN_STREAMS = 16;
/** Calls answered later hold their input and a pending promise each; a client may not pile them up. */
export const MAX_CALLS_IN_FLIGHT = 64;

/** Drives the router from one WebSocket: the web-mode twin of electron/ipc.ts. */
export function serveConnection(socket: WebSocket, router: Router): void {
  const subscriptions = new Map<number, Unsubscribe>();
  /** The subscriptions among those that hold a stream of their own. */
  const ownStreams = new Set<number>();
  let callsInFlight = 0;
  let backlogWatch: NodeJS.Timeout | undefined;

  // Not close(): a client that does not read would never take the close frame either.
  const cutOff = (): void => socket.terminate();

  const watchBacklog = (): void => {
    socket.pause();
    let smallest = socket.bufferedAmount;
    let progressAt = Date.now();
    backlogWatch = setInterval(() => {
      const backlog = socket.bufferedAmount;
      if (backlog <= PAUSE_READING_BYTES) {
        clearInterval(backlogWatch);
        backlogWatch = undefined;
        socket.resume();
        return;
      }
      // A slow reader still makes the backlog shrink now and then; only one that never does is cut off.
      if (backlog < smallest) {
        smallest = backlog;
        progressAt = Date.now();
      } else if (Date.now() - progressAt > STALLED_MS) {
        cutOff();
      }
    }, BACKLOG_CHECK_MS);
  };

  /**
   * One frame can be bigger than the bound by itself (the snapshot of 10,000 pods for a tab
   * that reloads): the bound grows to twice the largest frame, or the client would be cut off,
   * reconnect, and be cut off again forever. The backlog stays bounded by the data it carries.
   */
  let largestFrame = 0;
  const send = (frame: ServerFrame): void => {
    if (socket.readyState !== socket.OPEN) return;
    const text = JSON.stringify(frame);
    if (text.length > largestFrame) largestFrame = Buffer.byteLength(text);
    socket.send(text);
    const backlog = socket.bufferedAmount;
    if (backlog > Math.max(MAX_BUFFERED_BYTES, 2 * largestFrame)) cutOff();
    else if (backlog > PAUSE_READING_BYTES && !backlogWatch) watchBacklog();
  };

  // ws closes the connection itself on a frame it cannot accept (too big 1009, invalid UTF-8
  // 1007, protocol error 1002) and then emits the error; without a listener the process would exit.
  socket.on('error', () => {});

  const handle = (frame: ClientFrame): void => {
    switch (frame.t) {
      case 'invoke': {
        if (callsInFlight >= MAX_CALLS_IN_FLIGHT) {
          const message = `Too many calls at once on this connection (${MAX_CALLS_IN_FLIGHT}); try again when some have answered.`;
          send({ t: 'result', id: frame.id, result: { ok: false, error: { code: 'unavailable', message } } });
          break;
        }
        callsInFlight += 1;
        const { id } = frame;
        void router
          .invoke(frame.method, frame.input)
          .catch((): Result<unknown> => ({ ok: false, error: { code: 'internal', message: 'The call failed.' } }))
          .then((result) => {
            callsInFlight -= 1;
            send({ t: 'result', id, result });
          });
        break;
      }
      case 'sub': {
        if (subscriptions.has(frame.id)) {
          const message = `Subscription ${frame.id} already exists on this connection.`;
          send({ t: 'sub-error', id: frame.id, error: { code: 'conflict', message } });
          break;
        }
        if (subscriptions.size >= MAX_SUBSCRIPTIONS) {
          const message = `Too many subscriptions on this connection (${MAX_SUBSCRIPTIONS}); end some first.`;
          send({ t: 'sub-error', id: frame.id, error: { code: 'unavailable', message } });
          break;
        }
        if (OWN_STREAM_TOPICS.has(frame.topic) && ownStreams.size >= MAX_OWN_STREAMS) {
          const message = `Too many ${frame.topic} streams on this connection (${MAX_OWN_STREAMS}); close some first.`;
          send({ t: 'sub-error', id: frame.id, error: { code: 'unavailable', message } });
          break;
        }
        const id = frame.id;
        subscriptions.set(id, () => {});
        if (OWN_STREAM_TOPICS.has(frame.topic)) ownStreams.add(id);
        const stop = router.subscribe(frame.topic, frame.params, {
          event: (payload) => send({ t: 'event', id, payload }),
          error: (error) => {
            subscriptions.delete(id);
            ownStreams.delete(id);
            send({ t: 'sub-error', id, error });
          },
        });
        if (subscriptions.has(id)) subscriptions.set(id, stop);
        break;
      }
      case 'unsub':
        subscriptions.get(frame.id)?.();
        subscriptions.delete(frame.id);
        ownStreams.delete(frame.id);
        break;
    }
  };

  // An exception here would surface in ws's socket handler and end the process: it ends only
  // this connection.
  socket.on('message', (data, isBinary) => {
    const frame = isBinary ? null : parseFrame(data.toString());
    if (!frame) {
      socket.close(1003, 'malformed frame');
      return;
    }
    try {
      handle(frame);
    } catch {
      socket.terminate();
    }
  });

  socket.on('close', () => {
    clearInterval(backlogWatch);
    for (const stop of subscriptions.values()) {
      try {
        stop();
      } catch {
        // one failing teardown must not keep the others from running
      }
    }
    subscriptions.clear();
    ownStreams.clear();
  });
}

/** Frames are checked for shape here; their contents are validated by the router. */
function parseFrame(text: string): ClientFrame | null {
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
