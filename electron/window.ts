import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, screen } from 'electron';
import { parseWindowState, restoreBounds, type SavedWindowState } from './windowState';

function stateFile(): string {
  return join(app.getPath('userData'), 'window-state.json');
}

function readSaved(): SavedWindowState | null {
  try {
    return parseWindowState(readFileSync(stateFile(), 'utf8'));
  } catch {
    return null;
  }
}

/** The one main window, locked down, restored to where the user left it. */
export function createMainWindow(preloadPath: string, { devTools }: { devTools: boolean }): BrowserWindow {
  const saved = readSaved();
  const bounds = restoreBounds(
    saved,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Berth',
    backgroundColor: '#1e1f22',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools,
    },
  });
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (win.isDestroyed()) return;
      const state: SavedWindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
      try {
        writeFileSync(stateFile(), JSON.stringify(state));
      } catch {
        // losing the window position is not worth interrupting the user for
      }
    }, 300);
  };
  win.on('resize', save);
  win.on('move', save);
  win.on('maximize', save);
  win.on('unmaximize', save);
  win.on('close', () => {
    clearTimeout(timer);
    try {
      writeFileSync(stateFile(), JSON.stringify({ bounds: win.getNormalBounds(), maximized: win.isMaximized() }));
    } catch {
      // as above
    }
  });
  return win;
}
