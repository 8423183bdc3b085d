import { app, dialog, Menu } from 'electron';
import type { Backend } from './core/backend';
import { buildMenuTemplate, type MenuHandlers, type MenuOptions } from './menuTemplate';

/** Keeps the application menu equal to the app state: contexts and engines change it. */
export function installApplicationMenu(backend: Backend, options: MenuOptions): () => void {
  const invoke = (method: Parameters<Backend['router']['invoke']>[0], input: unknown): void => {
    void backend.router.invoke(method, input).then((result) => {
      if (!result.ok) dialog.showErrorBox('Berth', result.error.message);
    });
  };
  const handlers: MenuHandlers = {
    navigate: (view) => backend.sendCommand({ type: 'navigate', view }),
    focusFilter: () => backend.sendCommand({ type: 'focus-filter' }),
    selectContext: (name) => invoke('kube.context.select', { name }),
    setDefaultContext: (name) => invoke('kube.context.setDefault', { name }),
    toggleEngine: (engineId) => {
      const selected = new Set(backend.state.value.docker.selectedEngineIds);
      if (selected.has(engineId)) selected.delete(engineId);
      else selected.add(engineId);
      invoke('docker.engine.select', { engineIds: [...selected] });
    },
    reloadKubeconfig: () => invoke('app.kubeconfig.reload', {}),
    showAbout: () => app.showAboutPanel(),
  };
  return backend.state.watch((state) => {
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(state, handlers, process.platform, options)));
  });
}
