import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC } from '../shared/bridge';
import { Router } from './core/router';

type Handler = (event: unknown, ...args: unknown[]) => unknown;
const handlers = new Map<string, Handler>();

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Handler) => handlers.set(channel, fn),
    on: (channel: string, fn: Handler) => handlers.set(channel, fn),
  },
}));

const OURS = 'file:///app/out/renderer/index.html';

function fakeEvent(url: string, options: { subframe?: boolean } = {}) {
  const sent: unknown[][] = [];
  const sender = {
    id: 1,
    isDestroyed: () => false,
    send: (...args: unknown[]) => sent.push(args),
    once: () => {},
    on: () => {},
  };
  return { event: { sender, senderFrame: { url, parent: options.subframe ? {} : null } }, sent };
}

beforeAll(async () => {
  const { connectIpc } = await import('./ipc');
  const router = new Router();
  router.method('app.info', () => ({ name: 'Berth', version: 't', mode: 'electron', platform: 'linux' }));
  router.topic('app.commands', (_p, sink) => {
    sink.emit({ type: 'focus-filter' });
    return () => {};
  });
  connectIpc(router, (url) => url.startsWith(OURS));
});

describe('IPC adapter', () => {
  it('answers our own renderer', async () => {
    const { event } = fakeEvent(`${OURS}#/overview`);
    expect(await handlers.get(IPC.invoke)!(event, 'app.info', {})).toMatchObject({
      ok: true,
      value: { name: 'Berth' },
    });
  });

  it('refuses calls from a foreign page or a subframe', async () => {
    for (const { event } of [fakeEvent('https://evil.example/'), fakeEvent(OURS, { subframe: true })]) {
      expect(await handlers.get(IPC.invoke)!(event, 'app.info', {})).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
    }
  });

  it('refuses subscriptions from a foreign page and serves ours', () => {
    const foreign = fakeEvent('https://evil.example/');
    handlers.get(IPC.subscribe)!(foreign.event, 7, 'app.commands', {});
    expect(foreign.sent).toEqual([[IPC.subscriptionError, 7, expect.objectContaining({ code: 'unauthorized' })]]);
    const ours = fakeEvent(OURS);
    handlers.get(IPC.subscribe)!(ours.event, 8, 'app.commands', {});
    expect(ours.sent).toEqual([[IPC.event, 8, { type: 'focus-filter' }]]);
  });
});
