import type { KubeStatus } from '../connection/kubeApiError';
import { decodeMessage, message, type Decoded, type MessageSchema } from './messageSchema';
import { ProtoError, ProtoReader } from './protoReader';

/**
 * The API server's protobuf envelope: `k8s\0`, then a runtime.Unknown holding the type's
 * apiVersion and kind and the object's bytes. Lists, watch events and errors all come in it.
 */
export const PROTOBUF = 'application/vnd.kubernetes.protobuf';
export const PROTOBUF_WATCH = 'application/vnd.kubernetes.protobuf;stream=watch';

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

export function hasMagic(buf: Buffer, at = 0): boolean {
  return buf[at] === MAGIC[0] && buf[at + 1] === MAGIC[1] && buf[at + 2] === MAGIC[2] && buf[at + 3] === MAGIC[3];
}

/** The object inside an envelope at `buf[start, end)`: its kind and where its bytes are. */
export function openEnvelope(buf: Buffer, start: number, end: number): { kind: string; start: number; end: number } {
  if (!hasMagic(buf, start)) throw new ProtoError('not the API server’s protobuf encoding');
  const reader = new ProtoReader(buf, start + MAGIC.length, end);
  let kind = '';
  let raw: { start: number; end: number } | undefined;
  while (reader.pos < reader.end) {
    const tag = reader.tag();
    if (tag === 0x0a)
      kind = (decodeMessage(typeMeta, buf, reader.bytes(), reader.pos).kind as string | undefined) ?? '';
    else if (tag === 0x12) raw = { start: reader.bytes(), end: reader.pos };
    else reader.skip(tag & 7);
  }
  if (!raw) throw new ProtoError('an envelope without an object');
  return { kind, ...raw };
}

const typeMeta = message({ 1: ['apiVersion', 'string'], 2: ['kind', 'string'] });

/** What a list watch reads of a ListMeta: the version to watch from, the next page's token. */
export const listMeta = message({
  2: ['resourceVersion', 'string'],
  3: ['continue', 'string'],
});

const status = message({
  2: ['status', 'string'],
  3: ['message', 'string'],
  4: ['reason', 'string'],
  5: [
    'details',
    message({
      4: ['causes', message({ 1: ['reason', 'string'], 2: ['message', 'string'], 3: ['field', 'string'] }), 'repeated'],
    }),
  ],
  6: ['code', 'int'],
});

/** A metav1.Status sent as protobuf (an error's body, a watch's ERROR event); undefined if it is not one. */
export function decodeStatus(buf: Buffer): KubeStatus | undefined {
  try {
    const object = openEnvelope(buf, 0, buf.length);
    return object.kind === 'Status' ? (readStatus(buf, object) as KubeStatus) : undefined;
  } catch {
    return undefined;
  }
}

/** The object of an envelope: a Status as KubeStatus, anything else through `schema`. */
export function decodeObject(schema: MessageSchema, buf: Buffer, start: number, end: number): Decoded {
  const object = openEnvelope(buf, start, end);
  return object.kind === 'Status' ? readStatus(buf, object) : decodeMessage(schema, buf, object.start, object.end);
}

function readStatus(buf: Buffer, object: { start: number; end: number }): Decoded {
  return { kind: 'Status', ...decodeMessage(status, buf, object.start, object.end) };
}
