import { create } from 'zustand';
import type { AppInfo, AppState, ConnectionStatus } from '../../shared/app';
import { api } from '../api/client';
import { subscribeCollection } from '../api/useCollection';
import { emptyCollection, type CollectionState } from './collection';

interface AppStore {
  info: AppInfo | null;
  state: AppState | null;
  connections: CollectionState<ConnectionStatus>;
}

/** App-wide state mirrored from the backend: selection, contexts, engines, connection health. */
export const useAppStore = create<AppStore>(() => ({
  info: null,
  state: null,
  connections: emptyCollection<ConnectionStatus>(),
}));

let started = false;

/** Starts the app-wide subscriptions once (idempotent). */
export function startAppStore(): void {
  if (started) return;
  started = true;
  api.subscribe('app.state', {}, (state) => useAppStore.setState({ state }));
  subscribeCollection('app.connections', {}, (connections) => useAppStore.setState({ connections }));
  // The network is back (VPN reconnected, Wi-Fi joined): retry now rather than at the next backoff step.
  window.addEventListener('online', () => void api.invoke('app.connections.retry', {}).catch(() => {}));
  void api.invoke('app.info', {}).then(
    (info) => useAppStore.setState({ info }),
    () => {},
  );
}
