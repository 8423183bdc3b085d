/**
 * A Berth backend in a process of its own, driven over Node's IPC channel by
 * `ChildBackend` (childBackend.ts): the process can run as another user (to meet a socket
 * that refuses it) and its file descriptors, sockets and children are its own to count.
 *
 * Messages in:  { id, op: 'invoke', method, input } | { id, op: 'subscribe', sub, topic, params }
 *               | { op: 'unsubscribe', sub } | { id, op: 'counts' } | { op: 'exit' }
 * Messages out: { id, result } | { sub, event } | { sub, error } | { ready: true }
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backend } from '../../electron/core/backend';
import { ResourceProbe } from './processResources';

type Message =
  | { id: number; op: 'invoke'; method: string; input: unknown }
  | { id: number; op: 'subscribe'; sub: number; topic: string; params: unknown }
  | { op: 'unsubscribe'; sub: number }
  | { id: number; op: 'counts' }
  | { op: 'exit' };

const probe = new ResourceProbe().start();
const home = mkdtempSync(join(tmpdir(), 'berth-child-home-'));
const env = { DOCKER_HOST: process.env.BERTH_CHILD_DOCKER_HOST ?? '', KUBECONFIG: '/nonexistent', HOME: home };
const backend = new Backend({ mode: 'web', version: 'test', env, homeDir: home });
const subscriptions = new Map<number, () => void>();
const send = (message: unknown): void => {
  process.send?.(message);
};

process.on('message', (raw) => {
  const message = raw as Message;
  switch (message.op) {
    case 'invoke':
      void backend.router.invoke(message.method, message.input).then((result) => send({ id: message.id, result }));
      break;
    case 'subscribe':
      subscriptions.set(
        message.sub,
        backend.router.subscribe(message.topic, message.params, {
          event: (event) => send({ sub: message.sub, event }),
          error: (error) => send({ sub: message.sub, error }),
        }),
      );
      send({ id: message.id, result: true });
      break;
    case 'unsubscribe':
      subscriptions.get(message.sub)?.();
      subscriptions.delete(message.sub);
      break;
    case 'counts':
      send({ id: message.id, result: { ...probe.counts(), rss: process.memoryUsage().rss } });
      break;
    case 'exit':
      for (const stop of subscriptions.values()) stop();
      void backend.dispose().then(() => {
        rmSync(home, { recursive: true, force: true });
        process.exit(0);
      });
      break;
  }
});
send({ ready: true });
