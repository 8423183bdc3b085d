import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC } from '../shared/bridge';
import type { BerthError, Result } from '../shared/errors';
import type { Router, Unsubscribe } from './core/router';

const REFUSED: BerthError = { code: 'unauthorized', message: 'This window may not use the Berth API.' };

/**
 * The Electron transport: drives the router from IPC. Every handler checks that the
 * sender is the top frame of our own renderer.
 */
export function connectIpc(router: Router, isTrustedUrl: (url: string) => boolean): void {
  const byContents = new Map<number, Map<number, Unsubscribe>>();

  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    return !!frame && frame.parent === null && isTrustedUrl(frame.url);
  };

  const subscriptionsOf = (contents: WebContents): Map<number, Unsubscribe> => {
    let subs = byContents.get(contents.id);
    if (!subs) {
      const created = new Map<number, Unsubscribe>();
      byContents.set(contents.id, created);
      const release = (): void => {
        for (const stop of created.values()) stop();
        created.clear();
        byContents.delete(contents.id);
      };
      contents.once('destroyed', release);
      // A reload starts a new renderer: its old subscriptions must not leak.
      contents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) {
          for (const stop of created.values()) stop();
          created.clear();
        }
      });
      subs = created;
    }
    return subs;
  };

  ipcMain.handle(IPC.invoke, async (event, method: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!trusted(event)) return { ok: false, error: REFUSED };
    return router.invoke(method, input);
  });

  ipcMain.on(IPC.subscribe, (event, id: unknown, topic: unknown, params: unknown) => {
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) return;
    const contents = event.sender;
    if (!trusted(event)) {
      contents.send(IPC.subscriptionError, id, REFUSED);
      return;
    }
    const subs = subscriptionsOf(contents);
    subs.get(id)?.();
    let failed = false;
    const stop = router.subscribe(topic, params, {
      event: (payload) => {
        if (!contents.isDestroyed()) contents.send(IPC.event, id, payload);
      },
      error: (error) => {
        failed = true;
        subs.delete(id);
        if (!contents.isDestroyed()) contents.send(IPC.subscriptionError, id, error);
      },
    });
    if (!failed) subs.set(id, stop);
  });

  ipcMain.on(IPC.unsubscribe, (event, id: unknown) => {
    if (typeof id !== 'number' || !trusted(event)) return;
    const subs = byContents.get(event.sender.id);
    subs?.get(id)?.();
    subs?.delete(id);
  });
}
