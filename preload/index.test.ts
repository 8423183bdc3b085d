import { readFileSync, existsSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC } from '../shared/bridge';

const exposed: Record<string, unknown> = {};
const sent: unknown[][] = [];
const handlers = new Map<string, (...args: unknown[]) => void>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: {
    on: (channel: string, fn: (...args: unknown[]) => void) => handlers.set(channel, fn),
    send: (...args: unknown[]) => sent.push(args),
    invoke: (...args: unknown[]) => Promise.resolve({ ok: true, value: args }),
  },
}));

beforeEach(() => {
  sent.length = 0;
});

describe('preload', () => {
  it('exposes exactly window.berth = { invoke, subscribe }', async () => {
    await import('./index');
    expect(Object.keys(exposed)).toEqual(['berth']);
    const berth = exposed.berth as Record<string, unknown>;
    expect(Object.keys(berth).sort()).toEqual(['invoke', 'subscribe']);
    expect(typeof berth.invoke).toBe('function');
    expect(typeof berth.subscribe).toBe('function');
  });

  it('routes subscription events to their listener and unsubscribes once', async () => {
    await import('./index');
    const berth = exposed.berth as { subscribe: (t: string, p: unknown, f: (x: unknown) => void) => () => void };
    const received: unknown[] = [];
    const stop = berth.subscribe('app.state', {}, (x) => received.push(x));
    const [channel, id, topic] = sent[0] as [string, number, string];
    expect([channel, topic]).toEqual([IPC.subscribe, 'app.state']);
    handlers.get(IPC.event)!({}, id, 'hello');
    handlers.get(IPC.event)!({}, id + 1000, 'not mine');
    stop();
    stop();
    handlers.get(IPC.event)!({}, id, 'after stop');
    expect(received).toEqual(['hello']);
    expect(sent.filter((s) => s[0] === IPC.unsubscribe)).toEqual([[IPC.unsubscribe, id]]);
  });

  // The sandboxed preload can `require` nothing but Electron's renderer modules.
  it.skipIf(!existsSync('out/preload/index.cjs') && process.env.CI !== 'true')(
    'is built as one CommonJS file that requires only electron',
    () => {
      const code = readFileSync('out/preload/index.cjs', 'utf8');
      const required: string[] = [];
      runInNewContext(code, {
        require: (name: string) => {
          required.push(name);
          return {
            contextBridge: { exposeInMainWorld: () => {} },
            ipcRenderer: { on: () => {}, send: () => {}, invoke: () => {} },
          };
        },
        module: { exports: {} },
        exports: {},
      });
      expect(required).toEqual(['electron']);
    },
  );
});
