import type { MenuItemConstructorOptions } from 'electron';
import type { AppState, ViewId } from '../shared/app';

export interface MenuHandlers {
  navigate(view: ViewId): void;
  selectContext(name: string): void;
  /** Writes it as the kubeconfig's current-context (kubectl's default). */
  setDefaultContext(name: string): void;
  toggleEngine(engineId: string): void;
  reloadKubeconfig(): void;
  focusFilter(): void;
  showAbout(): void;
}

const VIEWS: Array<{ view: ViewId; label: string }> = [
  { view: 'overview', label: 'Overview' },
  { view: 'containers', label: 'Containers' },
  { view: 'kubernetes', label: 'Kubernetes' },
  { view: 'topology', label: 'Topology' },
  { view: 'dashboards', label: 'Dashboards' },
];

/** Menu labels treat `&` as a mnemonic marker: names from kubeconfig are data. */
export function menuLabel(text: string): string {
  return text.replace(/&/g, '&&');
}

export interface MenuOptions {
  /** Offer the developer tools: only when running from source, never in a packaged app. */
  devTools: boolean;
}

/** The application menu as a pure function of the app state (so it is unit-tested). */
export function buildMenuTemplate(
  state: AppState,
  handlers: MenuHandlers,
  platform: NodeJS.Platform,
  { devTools }: MenuOptions = { devTools: false },
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];

  if (mac) {
    template.push({
      label: 'Berth',
      submenu: [
        { label: 'About Berth', click: () => handlers.showAbout() },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }

  template.push({
    label: '&File',
    submenu: [
      { label: 'Reload Kubeconfig', accelerator: 'CmdOrCtrl+Shift+R', click: () => handlers.reloadKubeconfig() },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  });

  template.push({
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      { type: 'separator' },
      { label: 'Find', accelerator: 'CmdOrCtrl+F', click: () => handlers.focusFilter() },
    ],
  });

  template.push({
    label: '&View',
    submenu: [
      ...VIEWS.map(({ view, label }, index): MenuItemConstructorOptions => ({
        label,
        accelerator: `CmdOrCtrl+${index + 1}`,
        click: () => handlers.navigate(view),
      })),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(devTools ? [{ role: 'toggleDevTools' } as const] : []),
    ],
  });

  template.push({ label: '&Kubernetes', submenu: kubernetesMenu(state, handlers) });
  template.push({ label: '&Docker', submenu: dockerMenu(state, handlers) });
  template.push({ role: 'windowMenu' });
  template.push({
    role: 'help',
    submenu: [{ label: 'About Berth', click: () => handlers.showAbout() }],
  });
  return template;
}

function kubernetesMenu(state: AppState, handlers: MenuHandlers): MenuItemConstructorOptions[] {
  const { contexts, currentContext, kubeconfig } = state.kube;
  const items: MenuItemConstructorOptions[] = contexts.map((context) => ({
    id: `kube-context:${context.name}`,
    label: menuLabel(context.name),
    type: 'radio',
    checked: context.name === currentContext,
    click: () => handlers.selectContext(context.name),
  }));
  if (items.length === 0) {
    items.push({
      label: kubeconfig.error ? 'Kubeconfig could not be read' : 'No kubeconfig found',
      enabled: false,
    });
  }
  if (contexts.length > 0) {
    items.push(
      { type: 'separator' },
      {
        label: 'Set as Default Context',
        submenu: contexts.map((context) => ({
          id: `kube-default:${context.name}`,
          label: menuLabel(context.name),
          type: 'radio',
          checked: context.name === kubeconfig.defaultContext,
          click: () => handlers.setDefaultContext(context.name),
        })),
      },
    );
  }
  items.push({ type: 'separator' }, { label: 'Reload Kubeconfig', click: () => handlers.reloadKubeconfig() });
  return items;
}

function dockerMenu(state: AppState, handlers: MenuHandlers): MenuItemConstructorOptions[] {
  const { engines, selectedEngineIds } = state.docker;
  if (engines.length === 0) return [{ label: 'No Docker engine found', enabled: false }];
  return engines.map((engine) => ({
    id: `docker-engine:${engine.id}`,
    label: menuLabel(engine.name),
    sublabel: engine.endpoint,
    type: 'checkbox',
    checked: selectedEngineIds.includes(engine.id),
    click: () => handlers.toggleEngine(engine.id),
  }));
}
