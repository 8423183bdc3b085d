import { z } from 'zod';
import type { CollectionEvent, StreamChunk } from '../collection';
import type { LogLine } from '../logs';
import type { AppState } from '../app';
import type {
  ContainerDetails,
  ContainerRow,
  EngineEventRow,
  EngineUsageEvent,
  EngineWarningRow,
  ExecStarted,
  ImageRow,
  NetworkRow,
  PrunePreview,
  PruneResult,
  StatsEvent,
  StatsSummaryRow,
  VolumeRow,
} from '../docker';
import { assertSameKeys, type MethodSchemas, type SameKeys, type TopicSchemas } from './define';

export const engineId = z.string().min(1).max(512);
/**
 * Container, volume or network id or name, as Docker allows them ([a-zA-Z0-9][a-zA-Z0-9_.-]*).
 * Ids end up in URL paths of the engine API: nothing else may pass.
 */
export const objectId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'must be a Docker id or name');
/** Image id or reference ("sha256:…", "registry:5000/team/app:1.2", "app@sha256:…"); no "." / ".." path segments. */
const imageRef = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.\-/:@]*$/, 'must be an image id or reference')
  .refine(
    (ref) => !ref.split('/').some((part) => part === '' || part === '.' || part === '..'),
    'must be an image id or reference',
  );
/** Exec sessions are ours: random ids, nothing else. */
const sessionId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be a session id');
const terminalSize = {
  cols: z.number().int().min(1).max(1000),
  rows: z.number().int().min(1).max(1000),
};
const onEngine = { engineId };
const pruneKind = z.enum(['containers', 'images', 'volumes', 'networks']);
/** Prune only objects with this label: "key" or "key=value" (e.g. one compose project). */
const pruneLabel = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\0\n=][^\0\n]*$/, 'must be key or key=value')
  .optional();
/** A previewed item: container id, image id ("sha256:…"), volume name or network id. */
const pruneItemId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.:-]*$/, 'must be a Docker id or name');

export const dockerMethods = {
  /** Looks for engines again (e.g. after the user started Docker Desktop); new engines are selected. */
  'docker.engine.discover': z.strictObject({}),
  'docker.container.action': z.strictObject({
    ...onEngine,
    id: objectId,
    action: z.enum(['start', 'stop', 'restart', 'pause', 'unpause', 'kill']),
  }),
  /** `force` removes a running container (kills it first). */
  'docker.container.remove': z.strictObject({ ...onEngine, id: objectId, force: z.boolean().default(false) }),
  /** The raw inspect object (JSON), for the details panel. */
  'docker.container.inspect': z.strictObject({ ...onEngine, id: objectId }),
  /** A readable summary of inspect: command, env (secret-like values marked), mounts, ports, networks… */
  'docker.container.details': z.strictObject({ ...onEngine, id: objectId }),
  /** Opens a shell (TTY) in a running container; output comes on topic `docker.exec.output`. */
  'docker.exec.start': z.strictObject({
    ...onEngine,
    id: objectId,
    /** Absolute path of the shell; default: /bin/bash if present, else /bin/sh. */
    shell: z
      .string()
      .max(256)
      .regex(/^\/[A-Za-z0-9_./-]*$/, 'must be an absolute path')
      .optional(),
    ...terminalSize,
  }),
  'docker.exec.input': z.strictObject({ sessionId, data: z.string().max(64 * 1024) }),
  'docker.exec.resize': z.strictObject({ sessionId, ...terminalSize }),
  'docker.exec.close': z.strictObject({ sessionId }),
  'docker.image.inspect': z.strictObject({ ...onEngine, id: imageRef }),
  'docker.image.remove': z.strictObject({ ...onEngine, id: imageRef, force: z.boolean().default(false) }),
  'docker.volume.inspect': z.strictObject({ ...onEngine, id: objectId }),
  'docker.volume.remove': z.strictObject({ ...onEngine, id: objectId, force: z.boolean().default(false) }),
  'docker.network.inspect': z.strictObject({ ...onEngine, id: objectId }),
  'docker.network.remove': z.strictObject({ ...onEngine, id: objectId }),
  /** What a prune would delete, from the engine's current state; nothing is deleted. */
  'docker.prune.preview': z.strictObject({ ...onEngine, kind: pruneKind, label: pruneLabel }),
  /**
   * Deletes exactly the items of a preview (their ids), one by one; items in use or gone by
   * now are skipped and reported. Nothing else is deleted, whatever became unused meanwhile.
   */
  'docker.prune.run': z.strictObject({ ...onEngine, kind: pruneKind, ids: z.array(pruneItemId).min(1).max(10_000) }),
} satisfies MethodSchemas;

export interface DockerMethodResults {
  'docker.engine.discover': AppState;
  'docker.container.action': { ok: true };
  'docker.container.remove': { ok: true };
  'docker.container.inspect': Record<string, unknown>;
  'docker.container.details': ContainerDetails;
  'docker.exec.start': ExecStarted;
  'docker.exec.input': { ok: true };
  'docker.exec.resize': { ok: true };
  'docker.exec.close': { ok: true };
  'docker.image.inspect': Record<string, unknown>;
  'docker.image.remove': { ok: true };
  'docker.volume.inspect': Record<string, unknown>;
  'docker.volume.remove': { ok: true };
  'docker.network.inspect': Record<string, unknown>;
  'docker.network.remove': { ok: true };
  'docker.prune.preview': PrunePreview;
  'docker.prune.run': PruneResult;
}

export const dockerTopics = {
  'docker.containers': z.strictObject(onEngine),
  /** One container's stats: first `{type:'history'}` (up to 15 min at 1 s), then `{type:'samples'}` batches. */
  'docker.container.stats': z.strictObject({ ...onEngine, id: objectId }),
  /** CPU/memory columns and sparklines for the visible rows of a list; one delta per second. */
  'docker.stats.summary': z.strictObject({ ...onEngine, ids: z.array(objectId).max(200) }),
  'docker.container.logs': z.strictObject({
    ...onEngine,
    id: objectId,
    tail: z.number().int().min(0).max(100_000).default(1000),
    /** Epoch ms: only lines after this time. */
    since: z.number().int().min(0).optional(),
    timestamps: z.boolean().default(true),
    follow: z.boolean().default(true),
  }),
  /** A shell's output as UTF-8 text chunks; the last chunk's `end.reason` carries the exit code. */
  'docker.exec.output': z.strictObject({ sessionId }),
  'docker.images': z.strictObject(onEngine),
  'docker.volumes': z.strictObject(onEngine),
  'docker.networks': z.strictObject(onEngine),
  /** The engine's recent events (last 500), newest added as they happen. */
  'docker.events': z.strictObject(onEngine),
  /**
   * CPU and memory of the whole engine (the sum over its running containers), one point per
   * second: first `{type:'history'}` (up to 15 min), then `{type:'samples'}`. The engine
   * streams its containers' stats only while this topic has subscribers.
   */
  'docker.engine.usage': z.strictObject(onEngine),
  /** The engine's latest warnings (last 20): non-zero exits, kills, OOM, failing health checks. */
  'docker.engine.warnings': z.strictObject(onEngine),
} satisfies TopicSchemas;

export interface DockerTopicPayloads {
  'docker.containers': CollectionEvent<ContainerRow>;
  'docker.container.stats': StatsEvent;
  'docker.stats.summary': CollectionEvent<StatsSummaryRow>;
  'docker.container.logs': StreamChunk<LogLine>;
  'docker.exec.output': StreamChunk<string>;
  'docker.images': CollectionEvent<ImageRow>;
  'docker.volumes': CollectionEvent<VolumeRow>;
  'docker.networks': CollectionEvent<NetworkRow>;
  'docker.events': CollectionEvent<EngineEventRow>;
  'docker.engine.usage': EngineUsageEvent;
  'docker.engine.warnings': CollectionEvent<EngineWarningRow>;
}

assertSameKeys<SameKeys<typeof dockerMethods, DockerMethodResults>>();
assertSameKeys<SameKeys<typeof dockerTopics, DockerTopicPayloads>>();
