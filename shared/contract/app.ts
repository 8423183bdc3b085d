import { z } from 'zod';
import type { AppInfo, AppState, ConnectionStatus, UiCommand } from '../app';
import type { CollectionEvent } from '../collection';
import { assertSameKeys, type MethodSchemas, type SameKeys, type TopicSchemas } from './define';

const empty = z.strictObject({});

export const appMethods = {
  'app.info': empty,
  'app.kubeconfig.reload': empty,
  'kube.context.select': z.strictObject({ name: z.string().min(1).max(512) }),
  /** Pinned contexts are connected at start, like the current one. */
  'kube.context.pin': z.strictObject({ name: z.string().min(1).max(512), pinned: z.boolean() }),
  'docker.engine.select': z.strictObject({ engineIds: z.array(z.string().min(1).max(512)).max(64) }),
  /** Retry now instead of waiting for the backoff: one connection (`docker:<id>`, `kube:<context>`) or all. */
  'app.connections.retry': z.strictObject({ id: z.string().min(1).max(600).optional() }),
} satisfies MethodSchemas;

export interface AppMethodResults {
  'app.info': AppInfo;
  'app.kubeconfig.reload': AppState;
  'kube.context.select': AppState;
  'kube.context.pin': AppState;
  'docker.engine.select': AppState;
  'app.connections.retry': { ok: true };
}

export const appTopics = {
  /** The whole (small) application state, resent on every change. */
  'app.state': empty,
  /** One row per engine and kube context: the status bar and overview cards. */
  'app.connections': empty,
  /** Commands from the native menu to the renderer (navigate, focus filter). */
  'app.commands': empty,
} satisfies TopicSchemas;

export interface AppTopicPayloads {
  'app.state': AppState;
  'app.connections': CollectionEvent<ConnectionStatus>;
  'app.commands': UiCommand;
}

assertSameKeys<SameKeys<typeof appMethods, AppMethodResults>>();
assertSameKeys<SameKeys<typeof appTopics, AppTopicPayloads>>();
