import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, powerMonitor, session, shell } from 'electron';
import { Backend } from './core/backend';
import { CONTENT_SECURITY_POLICY } from './server/staticFiles';
import { connectIpc } from './ipc';
import { installApplicationMenu } from './menu';
import { isAllowedExternalUrl, isPermissionAllowed, isTrustedRendererUrl } from './trustedUrl';
import { createMainWindow } from './window';

const indexHtml = join(import.meta.dirname, '../renderer/index.html');
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
// Switches for working on Berth from source (`npm run dev`). A packaged app ignores them: an
// environment variable must not be able to point it at another page or open its internals.
const development = !app.isPackaged;
const devServerUrl = development ? process.env.ELECTRON_RENDERER_URL : undefined;

/** Local ports of the running port-forwards, whose links may open in the browser. */
let forwardPorts = (): ReadonlySet<number> => new Set();

if (!app.requestSingleInstanceLock()) app.quit();
app.enableSandbox();
app.setAboutPanelOptions({ applicationName: 'Berth', applicationVersion: app.getVersion() });

// Nothing the window loads may navigate, open windows or embed other pages.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url, forwardPorts())) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

app.whenReady().then(
  () => {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
      });
    });

    const backend = new Backend({ mode: 'electron', version: app.getVersion(), settingsDir: app.getPath('userData') });
    forwardPorts = () => backend.kube.streams.forwards.activeLocalPorts();
    const indexFileUrl = pathToFileURL(indexHtml).href;
    const isTrusted = (url: string): boolean =>
      isTrustedRendererUrl(url, { indexFileUrl, ...(devServerUrl ? { devServerUrl } : {}) });
    connectIpc(backend.router, isTrusted);
    // Every permission is denied, except the clipboard for our own renderer (copy/paste in logs and terminals).
    session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) =>
      callback(isPermissionAllowed(permission, details.requestingUrl || contents.getURL(), isTrusted)),
    );
    session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
      isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin, isTrusted),
    );
    installApplicationMenu(backend, { devTools: development });
    // After sleep, sockets and VPNs may be gone: do not wait for the backoff to notice.
    powerMonitor.on('resume', () => backend.retryConnections());

    const open = (): void => {
      const win = createMainWindow(preloadPath, { devTools: development });
      if (devServerUrl) void win.loadURL(devServerUrl);
      else void win.loadFile(indexHtml);
    };
    open();

    app.on('second-instance', () => {
      const [win] = BrowserWindow.getAllWindows();
      win?.restore();
      win?.focus();
    });
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
    app.on('window-all-closed', () => {
      if (process.platform !== 'darwin') app.quit();
    });
    app.on('before-quit', () => {
      void backend.dispose();
    });
  },
  (error: unknown) => {
    console.error('Berth could not start:', error);
    app.exit(1);
  },
);
