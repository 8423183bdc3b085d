/**
 * The API contract: every method (request → response) and topic (subscribe → stream)
 * is named once here, with its input schema and its result type. Both transports
 * (Electron IPC and the web-mode WebSocket) are driven by one router built from it.
 */
import type { z } from 'zod';
import { appMethods, appTopics, type AppMethodResults, type AppTopicPayloads } from './app';
import { dockerMethods, dockerTopics, type DockerMethodResults, type DockerTopicPayloads } from './docker';
import { historyMethods, type HistoryMethodResults } from './history';
import { kubeMethods, kubeTopics, type KubeMethodResults, type KubeTopicPayloads } from './kube';
import {
  kubeStreamMethods,
  kubeStreamTopics,
  type KubeStreamMethodResults,
  type KubeStreamTopicPayloads,
} from './kubeStreams';
import {
  kubeActionMethods,
  kubeActionTopics,
  type KubeActionMethodResults,
  type KubeActionTopicPayloads,
} from './kubeActions';
import { kubeEditMethods, type KubeEditMethodResults } from './kubeEdit';
import { topologyTopics, type TopologyTopicPayloads } from './topology';
import { kubeLogTopics, type KubeLogTopicPayloads } from './kubeLogs';

export const methodSchemas = {
  ...appMethods,
  ...dockerMethods,
  ...kubeMethods,
  ...kubeStreamMethods,
  ...kubeEditMethods,
  ...historyMethods,
  ...kubeActionMethods,
};
export const topicSchemas = {
  ...appTopics,
  ...dockerTopics,
  ...kubeTopics,
  ...kubeStreamTopics,
  ...kubeLogTopics,
  ...topologyTopics,
  ...kubeActionTopics,
};

export type MethodName = keyof typeof methodSchemas;
export type TopicName = keyof typeof topicSchemas;

/** What a caller passes (defaults may be omitted). */
export type MethodInput<M extends MethodName> = z.input<(typeof methodSchemas)[M]>;
/** What a handler receives, after validation and defaults. */
export type MethodParsedInput<M extends MethodName> = z.output<(typeof methodSchemas)[M]>;
export type MethodResult<M extends MethodName> = (AppMethodResults &
  DockerMethodResults &
  KubeMethodResults &
  KubeStreamMethodResults &
  KubeEditMethodResults &
  HistoryMethodResults &
  KubeActionMethodResults)[M];

export type TopicParams<T extends TopicName> = z.input<(typeof topicSchemas)[T]>;
export type TopicParsedParams<T extends TopicName> = z.output<(typeof topicSchemas)[T]>;
export type TopicPayload<T extends TopicName> = (AppTopicPayloads &
  DockerTopicPayloads &
  KubeTopicPayloads &
  KubeStreamTopicPayloads &
  KubeLogTopicPayloads &
  TopologyTopicPayloads &
  KubeActionTopicPayloads)[T];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methodSchemas, name);
}

export function isTopicName(name: string): name is TopicName {
  return Object.prototype.hasOwnProperty.call(topicSchemas, name);
}
