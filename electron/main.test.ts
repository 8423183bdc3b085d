import { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * Loads the real electron/main.ts against a recording stand-in for Electron's API, to
 * check the security wiring: permissions, navigation, window.open, and window options.
 */
const recorded = vi.hoisted(() => ({
  permissionRequest: undefined as undefined | ((...a: unknown[]) => void),
  permissionCheck: undefined as undefined | ((...a: unknown[]) => boolean),
  webPreferences: undefined as undefined | Record<string, unknown>,
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
    loadFile = async () => {};
    loadURL = async () => {};
    maximize() {}
    show() {}
    isDestroyed = () => false;
    getNormalBounds = () => ({ x: 0, y: 0, width: 100, height: 100 });
    isMaximized = () => false;
    static getAllWindows = () => [];
  }
  return {
    app: {
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
    Menu: { setApplicationMenu: () => {}, buildFromTemplate: (t: unknown) => t },
    dialog: { showErrorBox: () => {} },
    powerMonitor: { on: () => {} },
    ipcMain: { handle: () => {}, on: () => {} },
  };
});

beforeAll(async () => {
  process.env.KUBECONFIG = '/nonexistent';
  process.env.DOCKER_HOST = 'unix:///nonexistent.sock';
  await import('./main');
  await vi.waitFor(() => expect(recorded.permissionRequest).toBeDefined());
});

describe('Electron shell wiring', () => {
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
    // main.ts loads ../renderer/index.html relative to its own folder.
    const ours = new URL('../renderer/index.html', import.meta.url).href;
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
