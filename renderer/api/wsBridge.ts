import {
  WS_PROTOCOL,
  WS_TOKEN_PROTOCOL_PREFIX,
  type BerthBridge,
  type ClientFrame,
  type ServerFrame,
} from '../../shared/bridge';
import type { BerthError, Result } from '../../shared/errors';

/** `refused`: the server is up and does not take our token; retrying would not help. */
export type LinkState = 'connecting' | 'open' | 'closed' | 'refused';

interface Subscription {
  topic: string;
  params: unknown;
  onEvent: (payload: unknown) => void;
  onError?: (error: BerthError) => void;
}

const LOST: BerthError = {
  code: 'unavailable',
  message: 'Lost the connection to the Berth backend. Reconnecting…',
};

/**
 * Asks the server whether it still takes this token: a refused WebSocket handshake looks the
 * same to a page as a server that is down. Null when the server could not be asked.
 */
async function tokenAccepted(url: string, token: string): Promise<boolean | null> {
  try {
    const response = await fetch(url.replace(/^ws/, 'http'), {
      headers: { Authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
    return response.status !== 401;
  } catch {
    return null;
  }
}

/**
 * Web mode's transport: the same `invoke`/`subscribe` as the preload, over one WebSocket whose
 * handshake carries the token (as a subprotocol: the one header a page may set). It reconnects
 * by itself and resubscribes, so every subscriber starts again from a snapshot.
 */
export function createWsBridge(url: string, token: string, onState: (state: LinkState) => void): BerthBridge {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const subscriptions = new Map<number, Subscription>();
  const queue: ClientFrame[] = [];

  const send = (frame: ClientFrame): void => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
    else queue.push(frame);
  };

  const connect = (): void => {
    onState('connecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${token}`]);
    } catch {
      // Characters no subprotocol may carry: no token the server makes or accepts looks like this.
      onState('refused');
      return;
    }
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      attempt = 0;
      onState('open');
      for (const [id, sub] of subscriptions)
        ws.send(JSON.stringify({ t: 'sub', id, topic: sub.topic, params: sub.params }));
      for (const frame of queue.splice(0)) {
        if (frame.t !== 'sub') ws.send(JSON.stringify(frame));
      }
    };
    ws.onmessage = (message) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(message.data)) as ServerFrame;
      } catch {
        return;
      }
      if (frame.t === 'result') {
        pending.get(frame.id)?.(frame.result);
        pending.delete(frame.id);
      } else if (frame.t === 'event') {
        subscriptions.get(frame.id)?.onEvent(frame.payload);
      } else if (frame.t === 'sub-error') {
        const sub = subscriptions.get(frame.id);
        subscriptions.delete(frame.id);
        sub?.onError?.(frame.error);
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      onState('closed');
      for (const resolve of pending.values()) resolve({ ok: false, error: LOST });
      pending.clear();
      queue.length = 0;
      const delay = Math.min(10_000, 250 * 2 ** attempt) * (0.8 + Math.random() * 0.4);
      attempt += 1;
      if (opened) {
        setTimeout(connect, delay);
        return;
      }
      void tokenAccepted(url, token).then((accepted) => {
        if (accepted === false) onState('refused');
        else setTimeout(connect, delay);
      });
    };
  };
  connect();

  return {
    invoke(method, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        send({ t: 'invoke', id, method, input });
      });
    },
    subscribe(topic, params, onEvent, onError) {
      const id = nextId++;
      subscriptions.set(id, { topic, params, onEvent, ...(onError ? { onError } : {}) });
      send({ t: 'sub', id, topic, params });
      return () => {
        if (!subscriptions.delete(id)) return;
        if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ t: 'unsub', id }));
      };
    },
  };
}
