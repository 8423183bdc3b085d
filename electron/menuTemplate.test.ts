import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { AppState } from '../shared/app';
import { buildMenuTemplate, menuLabel, type MenuHandlers } from './menuTemplate';

function state(overrides: Partial<AppState['kube']> = {}, docker: Partial<AppState['docker']> = {}): AppState {
  return {
    docker: {
      engines: [
        { id: 'local', name: 'Local', source: 'default socket', endpoint: 'unix:///var/run/docker.sock' },
        { id: 'podman', name: 'Podman', source: 'well-known socket', endpoint: 'unix:///run/podman/podman.sock' },
      ],
      searched: [],
      selectedEngineIds: ['local'],
      ...docker,
    },
    kube: {
      kubeconfig: { paths: ['/home/u/.kube/config'], missing: [] },
      contexts: [
        { name: 'prod', cluster: 'prod', user: 'admin' },
        { name: 'dev & test', cluster: 'dev', user: 'me' },
      ],
      currentContext: 'prod',
      pinned: [],
      readOnly: [],
      ...overrides,
    },
  };
}

function handlers(): MenuHandlers {
  return {
    navigate: vi.fn(),
    selectContext: vi.fn(),
    setDefaultContext: vi.fn(),
    toggleEngine: vi.fn(),
    reloadKubeconfig: vi.fn(),
    focusFilter: vi.fn(),
    showAbout: vi.fn(),
  };
}

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((m) => m.label === label);
  if (!menu || !Array.isArray(menu.submenu)) throw new Error(`no menu ${label}`);
  return menu.submenu;
}

function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as (() => void) | undefined)?.();
}

describe('application menu', () => {
  it('lists kube contexts as a radio group with the current one checked', () => {
    const h = handlers();
    const items = submenu(buildMenuTemplate(state(), h, 'linux'), '&Kubernetes');
    const radios = items.filter((i) => i.type === 'radio');
    expect(radios.map((i) => [i.label, i.checked])).toEqual([
      ['prod', true],
      ['dev && test', false],
    ]);
    click(radios[1]);
    expect(h.selectContext).toHaveBeenCalledWith('dev & test');
  });

  it('offers every context as the kubeconfig default, the current default checked', () => {
    const h = handlers();
    const items = submenu(
      buildMenuTemplate(state({ kubeconfig: { paths: [], missing: [], defaultContext: 'prod' } }), h, 'linux'),
      '&Kubernetes',
    );
    const defaults = items.find((i) => i.label === 'Set as Default Context');
    if (!defaults || !Array.isArray(defaults.submenu)) throw new Error('no Set as Default Context submenu');
    expect(defaults.submenu.map((i) => [i.label, i.checked])).toEqual([
      ['prod', true],
      ['dev && test', false],
    ]);
    click(defaults.submenu[1]);
    expect(h.setDefaultContext).toHaveBeenCalledWith('dev & test');
    expect(h.selectContext).not.toHaveBeenCalled();
  });

  it('says where there is no kubeconfig, and still offers a reload', () => {
    const h = handlers();
    const items = submenu(buildMenuTemplate(state({ contexts: [], currentContext: null }), h, 'linux'), '&Kubernetes');
    expect(items[0]).toMatchObject({ label: 'No kubeconfig found', enabled: false });
    click(items.find((i) => i.label === 'Reload Kubeconfig'));
    expect(h.reloadKubeconfig).toHaveBeenCalled();
  });

  it('lists Docker engines as checkboxes for the shown ones', () => {
    const h = handlers();
    const items = submenu(buildMenuTemplate(state(), h, 'linux'), '&Docker');
    expect(items.map((i) => [i.label, i.type, i.checked])).toEqual([
      ['Local', 'checkbox', true],
      ['Podman', 'checkbox', false],
    ]);
    click(items[1]);
    expect(h.toggleEngine).toHaveBeenCalledWith('podman');
    const none = submenu(buildMenuTemplate(state({}, { engines: [] }), h, 'linux'), '&Docker');
    expect(none).toEqual([{ label: 'No Docker engine found', enabled: false }]);
  });

  it('navigates between views with Ctrl/Cmd+1..4', () => {
    const h = handlers();
    const view = submenu(buildMenuTemplate(state(), h, 'linux'), '&View');
    const containers = view.find((i) => i.label === 'Containers');
    expect(containers?.accelerator).toBe('CmdOrCtrl+2');
    click(containers);
    expect(h.navigate).toHaveBeenCalledWith('containers');
  });

  it('has the platform conventions: an app menu on macOS, Quit in File elsewhere', () => {
    const mac = buildMenuTemplate(state(), handlers(), 'darwin');
    expect(mac[0]?.label).toBe('Berth');
    const linux = buildMenuTemplate(state(), handlers(), 'linux');
    expect(linux[0]?.label).toBe('&File');
    expect(submenu(linux, '&File').some((i) => i.role === 'quit')).toBe(true);
  });

  it('offers the developer tools only when running from source, not in a packaged app', () => {
    const roles = (devTools: boolean): unknown[] =>
      submenu(buildMenuTemplate(state(), handlers(), 'linux', { devTools }), '&View').map((i) => i.role);
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
    // Whoever forgets to say is given the packaged app's menu.
    expect(submenu(buildMenuTemplate(state(), handlers(), 'linux'), '&View').map((i) => i.role)).not.toContain(
      'toggleDevTools',
    );
  });

  it('escapes & in names so they are not mnemonics', () => {
    expect(menuLabel('a&b&&c')).toBe('a&&b&&&&c');
  });
});
