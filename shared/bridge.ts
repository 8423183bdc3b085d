import type { BerthError, Result } from './errors';

/**
 * What the preload exposes as `window.berth`, and what the web-mode client implements
 * over a WebSocket. Untyped at this layer on purpose: the renderer's API client adds
 * the contract's types, and the backend validates every input.
 */
export interface BerthBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  /** Returns its own unsubscribe. `onError` receives a subscription failure. */
  subscribe(
    topic: string,
    params: unknown,
    onEvent: (payload: unknown) => void,
    onError?: (error: BerthError) => void,
  ): () => void;
}

/** IPC channel names shared by preload and main. */
export const IPC = {
  invoke: 'berth:invoke',
  subscribe: 'berth:subscribe',
  unsubscribe: 'berth:unsubscribe',
  event: 'berth:event',
  subscriptionError: 'berth:subscription-error',
} as const;

/**
 * Web mode's WebSocket subprotocols: a client offers `berth` and `berth.token.<token>`; the
 * server answers `berth`. The handshake carries the secret, so no cookie is ever set.
 */
export const WS_PROTOCOL = 'berth';
export const WS_TOKEN_PROTOCOL_PREFIX = 'berth.token.';

/** WebSocket frames (web mode). Every frame is one JSON object. */
export type ClientFrame =
  | { t: 'invoke'; id: number; method: string; input: unknown }
  | { t: 'sub'; id: number; topic: string; params: unknown }
  | { t: 'unsub'; id: number };

export type ServerFrame =
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'event'; id: number; payload: unknown }
  | { t: 'sub-error'; id: number; error: BerthError };
