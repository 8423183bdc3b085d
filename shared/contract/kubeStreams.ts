import { z } from 'zod';
import type { CollectionEvent, StreamChunk } from '../collection';
import type { ExecStarted } from '../docker';
import type { PortForwardRow } from '../kube/portForward';
import { assertSameKeys, type MethodSchemas, type SameKeys, type TopicSchemas } from './define';
import { context, name, namespace } from './kube';

/** Terminal sessions and forwards are ours: random ids, nothing else. */
const sessionId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be a session id');
const forwardId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a port-forward id');
const terminalSize = {
  cols: z.number().int().min(1).max(1000),
  rows: z.number().int().min(1).max(1000),
};
/** A container name (DNS label). */
const container = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a container name');
const port = z.number().int().min(1).max(65535);
/** A port number, or the name of a declared port (IANA service name, e.g. "http"). */
const portOrName = z.union([
  port,
  z
    .string()
    .min(1)
    .max(15)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a port number or a port name'),
]);

export const kubeStreamMethods = {
  /**
   * Runs a command (a shell: sh, bash, ash, or anything else) with a TTY in a pod's container;
   * output comes on topic `kube.exec.output`, whose last chunk says how it ended.
   */
  'kube.exec.start': z.strictObject({
    context,
    namespace,
    pod: name,
    container,
    command: z.array(z.string().min(1).max(4096)).min(1).max(64),
    ...terminalSize,
  }),
  'kube.exec.input': z.strictObject({ sessionId, data: z.string().max(64 * 1024) }),
  'kube.exec.resize': z.strictObject({ sessionId, ...terminalSize }),
  'kube.exec.close': z.strictObject({ sessionId }),
  /**
   * Listens on 127.0.0.1:`localPort` (0 or absent: a free port) and forwards every connection
   * to `remotePort` of the pod, or of a ready pod behind the Service (its targetPort, by name or number).
   */
  'kube.forward.start': z.strictObject({
    context,
    namespace,
    target: z.strictObject({ kind: z.enum(['pod', 'service']), name }),
    remotePort: portOrName,
    localPort: z.number().int().min(0).max(65535).default(0),
  }),
  /** A local port free right now: `preferred` when it is, else one the system picks. */
  'kube.forward.freePort': z.strictObject({ preferred: port.optional() }),
  /** Stops a forward (closing its connections); an ended one is removed from the list. */
  'kube.forward.stop': z.strictObject({ id: forwardId }),
} satisfies MethodSchemas;

export interface KubeStreamMethodResults {
  'kube.exec.start': ExecStarted;
  'kube.exec.input': { ok: true };
  'kube.exec.resize': { ok: true };
  'kube.exec.close': { ok: true };
  'kube.forward.start': PortForwardRow;
  'kube.forward.freePort': { port: number };
  'kube.forward.stop': { ok: true };
}

export const kubeStreamTopics = {
  /** A pod terminal's output as UTF-8 text chunks; the last chunk's `end.reason` says how it ended. */
  'kube.exec.output': z.strictObject({ sessionId }),
  /** Every port-forward of the backend, running or ended, in every context. */
  'kube.forwards': z.strictObject({}),
} satisfies TopicSchemas;

export interface KubeStreamTopicPayloads {
  'kube.exec.output': StreamChunk<string>;
  'kube.forwards': CollectionEvent<PortForwardRow>;
}

assertSameKeys<SameKeys<typeof kubeStreamMethods, KubeStreamMethodResults>>();
assertSameKeys<SameKeys<typeof kubeStreamTopics, KubeStreamTopicPayloads>>();
