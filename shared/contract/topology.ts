import { z } from 'zod';
import type { CollectionEvent } from '../collection';
import type { Health } from '../kube/types';
import { assertSameKeys, type SameKeys, type TopicSchemas } from './define';

/** Where an object on the map lives: a kube context or a Docker engine. */
export type TopologySource = { type: 'kube'; context: string } | { type: 'docker'; engineId: string };

/** The kinds of edge the map draws, one per relation declaration. */
export type TopologyRelation =
  | 'owns'
  | 'selects'
  | 'endpointsOf'
  | 'routesTo'
  | 'tlsSecret'
  | 'ingressClass'
  | 'claims'
  | 'boundTo'
  | 'storageClass'
  | 'mounts'
  | 'runsOn'
  | 'scales'
  | 'runsAs'
  | 'governs'
  | 'guards'
  | 'hasNetwork'
  | 'attached'
  | 'hasService'
  | 'runs'
  | 'usesVolume'
  | 'isNode';

export interface TopologyNode {
  type: 'node';
  /** `k/<context>/<uid>` for Kubernetes objects, `d/<engine>/…` for Docker ones. */
  id: string;
  /** `Pod`, `Deployment`…, or `Engine`, `Network`, `ComposeProject`, `ComposeService`, `Container`, `Volume`. */
  kind: string;
  name: string;
  namespace?: string;
  source: TopologySource;
  /** Kubernetes: the kind key for the details panel (`pods`, `deployments.apps`). */
  kindKey?: string;
  /** The Kubernetes uid or the Docker container id: what the details panels look up. */
  ref?: string;
  /** Its own health, or a workload's rolled up from its pods (the reason says which). */
  health: Health;
  /** What the map can group by: `app.kubernetes.io/part-of` or `name`, the Compose project, the Node a pod runs on. */
  groups: { app?: string; compose?: string; host?: string };
}

export interface TopologyEdge {
  type: 'edge';
  /** `<from>|<relation>|<to>`. */
  id: string;
  from: string;
  to: string;
  relation: TopologyRelation;
  /** The namespace of its namespaced end, for namespace filters. */
  namespace?: string;
}

export type TopologyItem = TopologyNode | TopologyEdge;

const context = z.string().min(1).max(512);
const engineId = z.string().min(1).max(512);
const namespace = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a namespace name');

export const topologyTopics = {
  /**
   * The map of the named contexts and engines, built in the backend from the same watches the
   * tables use: a snapshot of nodes and edges, then batched deltas. `namespaces` empty: all.
   * Subscribers naming the same contexts and engines share one graph; `namespaces` only
   * filters what each of them is sent.
   */
  'topology.graph': z.strictObject({
    contexts: z.array(context).max(16).default([]),
    engines: z.array(engineId).max(16).default([]),
    namespaces: z.array(namespace).max(100).default([]),
  }),
} satisfies TopicSchemas;

export interface TopologyTopicPayloads {
  'topology.graph': CollectionEvent<TopologyItem>;
}

assertSameKeys<SameKeys<typeof topologyTopics, TopologyTopicPayloads>>();
