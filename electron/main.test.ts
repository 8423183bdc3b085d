import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * Loads the real electron/main.ts against a recording stand-in for Electron's API, to
 * check the security wiring: permissions, navigation, window.open, window options, and
 * which development switches a packaged app ignores.
 */
const recorded = vi.hoisted(() => ({
  isPackaged: true,
  permissionRequest: undefined as undefined | ((...a: unknown[]) => void),
  permissionCheck: undefined as undefined | ((...a: unknown[]) => boolean),
  webPreferences: undefined as undefined | Record<string, unknown>,
  loaded: [] as string[],
  menu: undefined as undefined | MenuItemConstructorOptions[],
  appEvents: new Map<string, (...a: unknown[]) => void>(),
  openedExternally: [] as string[],
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class FakeWindow extends EventEmitter {
    webContents = new EventEmitter();
    constructor(options: { webPreferences: Record<string, unknown> }) {
      super();
      recorded.webPreferences = options.webPreferences;
    }
    loadFile = async (file: string) => void recorded.loaded.push(`file:${file}`);
    loadURL = async (url: string) => void recorded.loaded.push(url);
    maximize() {}
    show() {}
    isDestroyed = () => false;
    getNormalBounds = () => ({ x: 0, y: 0, width: 100, height: 100 });
    isMaximized = () => false;
    static getAllWindows = () => [];
  }
  return {
    app: {
      get isPackaged() {
        return recorded.isPackaged;
      },
      requestSingleInstanceLock: () => true,
      quit: () => {},
      exit: () => {},
      enableSandbox: () => {},
      setAboutPanelOptions: () => {},
      showAboutPanel: () => {},
      getVersion: () => '0.0.0-test',
      getPath: () => '/tmp/berth-main-test',
      whenReady: () => Promise.resolve(),
      on: (event: string, fn: (...a: unknown[]) => void) => recorded.appEvents.set(event, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: (...a: unknown[]) => void) => (recorded.permissionRequest = fn),
        setPermissionCheckHandler: (fn: (...a: unknown[]) => boolean) => (recorded.permissionCheck = fn),
        webRequest: { onHeadersReceived: () => {} },
      },
    },
    shell: { openExternal: async (url: string) => void recorded.openedExternally.push(url) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    BrowserWindow: FakeWindow,
    Menu: {
      setApplicationMenu: (menu: MenuItemConstructorOptions[]) => (recorded.menu = menu),
      buildFromTemplate: (t: unknown) => t,
    },
    dialog: { showErrorBox: () => {} },
    powerMonitor: { on: () => {} },
    ipcMain: { handle: () => {}, on: () => {} },
  };
});

/** Starts main.ts afresh, packaged or run from source, with ELECTRON_RENDERER_URL set or not. */
async function startMain({ packaged, rendererUrl }: { packaged: boolean; rendererUrl?: string }): Promise<void> {
  recorded.appEvents.get('before-quit')?.(); // the previous start's backend
  vi.resetModules();
  Object.assign(recorded, {
    isPackaged: packaged,
    permissionRequest: undefined,
    webPreferences: undefined,
    loaded: [],
    menu: undefined,
  });
  recorded.appEvents.clear();
  process.env.KUBECONFIG = '/nonexistent';
  process.env.DOCKER_HOST = 'unix:///nonexistent.sock';
  if (rendererUrl) process.env.ELECTRON_RENDERER_URL = rendererUrl;
  else delete process.env.ELECTRON_RENDERER_URL;
  await import('./main');
  await vi.waitFor(() => expect(recorded.loaded).toHaveLength(1));
}

afterAll(() => {
  recorded.appEvents.get('before-quit')?.();
  delete process.env.ELECTRON_RENDERER_URL;
});

/** Whether our permission handler grants the clipboard to a page at `url`: only our own renderer gets it. */
function clipboardGrantedTo(url: string): boolean {
  let granted: boolean | undefined;
  recorded.permissionRequest!({ getURL: () => url }, 'clipboard-sanitized-write', (g: boolean) => (granted = g), {
    requestingUrl: url,
  });
  return granted!;
}

const devTools = (): boolean =>
  (recorded.menu ?? []).some(
    (menu) => Array.isArray(menu.submenu) && menu.submenu.some((item) => item.role === 'toggleDevTools'),
  );

// main.ts loads ../renderer/index.html relative to its own folder.
const indexHtml = new URL('../renderer/index.html', import.meta.url);

describe('Electron shell wiring', () => {
  beforeAll(() => startMain({ packaged: true }));

  it('creates the window isolated, sandboxed, without Node', () => {
    expect(recorded.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  });

  it('denies permission requests, except the clipboard for our own renderer', () => {
    const ask = (permission: string, url: string): boolean => {
      let granted: boolean | undefined;
      recorded.permissionRequest!({ getURL: () => url }, permission, (g: boolean) => (granted = g), {
        requestingUrl: url,
      });
      return granted!;
    };
    const ours = indexHtml.href;
    expect(ask('clipboard-sanitized-write', ours)).toBe(true);
    expect(ask('media', ours)).toBe(false);
    expect(ask('geolocation', ours)).toBe(false);
    expect(ask('clipboard-read', 'https://evil.example/')).toBe(false);
    expect(
      recorded.permissionCheck!({}, 'notifications', 'https://evil.example', {
        requestingUrl: 'https://evil.example/',
      }),
    ).toBe(false);
  });

  it('blocks navigation, redirects, webviews and window.open (allow-listed links go to the browser)', () => {
    const contents = Object.assign(new EventEmitter(), {
      openHandler: undefined as undefined | ((d: { url: string }) => { action: string }),
      setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
        this.openHandler = fn;
      },
    });
    recorded.appEvents.get('web-contents-created')!({}, contents);
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      contents.emit(event, e);
      expect(e.prevented, event).toBe(true);
    }
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'https://kubernetes.io/docs/concepts/' })).toEqual({ action: 'deny' });
    expect(recorded.openedExternally).toEqual(['https://kubernetes.io/docs/concepts/']);
  });
});

describe('development switches', () => {
  const devServer = 'http://localhost:5173/';

  it('are ignored by a packaged app: it loads its own page, not ELECTRON_RENDERER_URL, and has no DevTools', async () => {
    await startMain({ packaged: true, rendererUrl: devServer });
    expect(recorded.loaded).toEqual([`file:${fileURLToPath(indexHtml)}`]);
    expect(clipboardGrantedTo(devServer)).toBe(false);
    expect(recorded.webPreferences).toMatchObject({ devTools: false });
    expect(devTools()).toBe(false);
  });

  it('are honoured when running from source (npm run dev)', async () => {
    await startMain({ packaged: false, rendererUrl: devServer });
    expect(recorded.loaded).toEqual([devServer]);
    expect(clipboardGrantedTo(devServer)).toBe(true);
    expect(recorded.webPreferences).toMatchObject({ devTools: true });
    expect(devTools()).toBe(true);
  });
});
