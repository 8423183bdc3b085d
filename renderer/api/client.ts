/**
 * The renderer's one API client. It uses `window.berth` (the preload bridge) inside
 * Electron and a WebSocket in web mode, and adds the contract's types to both.
 */
import { create } from 'zustand';
import type { BerthBridge } from '../../shared/bridge';
import type {
  MethodInput,
  MethodName,
  MethodResult,
  TopicName,
  TopicParams,
  TopicPayload,
} from '../../shared/contract';
import { BerthFailure, type BerthError } from '../../shared/errors';
import { sessionToken, tokenRefused } from './session';
import { createWsBridge, type LinkState } from './wsBridge';

declare global {
  interface Window {
    berth?: BerthBridge;
  }
}

/** The state of the link to the backend (always open inside Electron). */
export const useBackendLink = create<{ state: LinkState }>(() => ({ state: 'connecting' }));

export const isElectron = typeof window !== 'undefined' && !!window.berth;

function webSocketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/ws`;
}

let bridge: BerthBridge | undefined;
function getBridge(): BerthBridge {
  if (!bridge) {
    if (window.berth) {
      bridge = window.berth;
      useBackendLink.setState({ state: 'open' });
    } else {
      bridge = createWsBridge(webSocketUrl(), sessionToken(), (state) => {
        if (state === 'refused') tokenRefused();
        useBackendLink.setState({ state });
      });
    }
  }
  return bridge;
}

export const api = {
  async invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
    const result = await getBridge().invoke(method, input);
    if (!result.ok) throw new BerthFailure(result.error);
    return result.value as MethodResult<M>;
  },

  subscribe<T extends TopicName>(
    topic: T,
    params: TopicParams<T>,
    onEvent: (payload: TopicPayload<T>) => void,
    onError?: (error: BerthError) => void,
  ): () => void {
    return getBridge().subscribe(topic, params, (payload) => onEvent(payload as TopicPayload<T>), onError);
  },
};

/** A user-facing message for anything an API call threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof BerthFailure) return error.error.message;
  return error instanceof Error ? error.message : String(error);
}
