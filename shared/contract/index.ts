/**
 * The API contract: every method (request → response) and topic (subscribe → stream)
 * is named once here, with its input schema and its result type. Both transports
 * (Electron IPC and the web-mode WebSocket) are driven by one router built from it.
 */
import type { z } from 'zod';
import { appMethods, appTopics, type AppMethodResults, type AppTopicPayloads } from './app';
import { dockerMethods, dockerTopics, type DockerMethodResults, type DockerTopicPayloads } from './docker';
import { kubeMethods, kubeTopics, type KubeMethodResults, type KubeTopicPayloads } from './kube';
import {
  kubeActionMethods,
  kubeActionTopics,
  type KubeActionMethodResults,
  type KubeActionTopicPayloads,
} from './kubeActions';

export const methodSchemas = { ...appMethods, ...dockerMethods, ...kubeMethods, ...kubeActionMethods };
export const topicSchemas = { ...appTopics, ...dockerTopics, ...kubeTopics, ...kubeActionTopics };

export type MethodName = keyof typeof methodSchemas;
export type TopicName = keyof typeof topicSchemas;

/** What a caller passes (defaults may be omitted). */
export type MethodInput<M extends MethodName> = z.input<(typeof methodSchemas)[M]>;
/** What a handler receives, after validation and defaults. */
export type MethodParsedInput<M extends MethodName> = z.output<(typeof methodSchemas)[M]>;
export type MethodResult<M extends MethodName> = (AppMethodResults &
  DockerMethodResults &
  KubeMethodResults &
  KubeActionMethodResults)[M];

export type TopicParams<T extends TopicName> = z.input<(typeof topicSchemas)[T]>;
export type TopicParsedParams<T extends TopicName> = z.output<(typeof topicSchemas)[T]>;
export type TopicPayload<T extends TopicName> = (AppTopicPayloads &
  DockerTopicPayloads &
  KubeTopicPayloads &
  KubeActionTopicPayloads)[T];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methodSchemas, name);
}

export function isTopicName(name: string): name is TopicName {
  return Object.prototype.hasOwnProperty.call(topicSchemas, name);
}
