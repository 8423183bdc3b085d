/**
 * The only bridge between the sandboxed renderer and the main process:
 * `window.berth = { invoke, subscribe }`, nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC, type BerthBridge } from '../shared/bridge';
import type { BerthError } from '../shared/errors';

interface Listener {
  onEvent: (payload: unknown) => void;
  onError?: (error: BerthError) => void;
}

const listeners = new Map<number, Listener>();
let nextId = 1;

ipcRenderer.on(IPC.event, (_event, id: number, payload: unknown) => {
  listeners.get(id)?.onEvent(payload);
});
ipcRenderer.on(IPC.subscriptionError, (_event, id: number, error: BerthError) => {
  const listener = listeners.get(id);
  listeners.delete(id);
  listener?.onError?.(error);
});

const berth: BerthBridge = {
  invoke: (method, input) => ipcRenderer.invoke(IPC.invoke, method, input),
  subscribe(topic, params, onEvent, onError) {
    const id = nextId++;
    listeners.set(id, { onEvent, ...(onError ? { onError } : {}) });
    ipcRenderer.send(IPC.subscribe, id, topic, params);
    return () => {
      if (listeners.delete(id)) ipcRenderer.send(IPC.unsubscribe, id);
    };
  },
};

contextBridge.exposeInMainWorld('berth', berth);
