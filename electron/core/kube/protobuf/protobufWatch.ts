import { message, type Decoded, type MessageSchema } from './messageSchema';
import { decodeObject } from './kubeProtobuf';
import { ProtoError, ProtoReader } from './protoReader';

export interface ProtobufWatchEvent {
  type: string;
  /** The object through the schema; a Status (an ERROR event) as KubeStatus, with `kind: 'Status'`. */
  object: Decoded;
}

/**
 * What a bookmark says, whatever the kind: the version it marks, and whether it ends a
 * streaming list (an annotation, which object schemas leave out).
 */
const bookmarkObject = message({
  1: ['metadata', message({ 6: ['resourceVersion', 'string'], 12: ['annotations', 'stringMap'] })],
});

/**
 * A watch in the API server's protobuf stream encoding: each event is a 4-byte big-endian
 * length, then a WatchEvent (field 1 its type, field 2 a RawExtension holding the object in
 * its envelope). Events are decoded as soon as their last byte is in.
 */
export class ProtobufWatchReader {
  private buf: Buffer = Buffer.alloc(0);

  constructor(
    private readonly schema: MessageSchema,
    private readonly maxEventBytes: number,
  ) {}

  push(chunk: Buffer): ProtobufWatchEvent[] {
    const buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const events: ProtobufWatchEvent[] = [];
    let at = 0;
    while (buf.length - at >= 4) {
      const length = buf.readUInt32BE(at);
      if (length > this.maxEventBytes) throw new ProtoError(`a watch event of ${length} bytes`);
      if (buf.length - at - 4 < length) break;
      events.push(this.event(buf, at + 4, at + 4 + length));
      at += 4 + length;
    }
    this.buf = buf.subarray(at);
    return events;
  }

  private event(buf: Buffer, start: number, end: number): ProtobufWatchEvent {
    const reader = new ProtoReader(buf, start, end);
    let type = '';
    let object: { start: number; end: number } | undefined;
    while (reader.pos < reader.end) {
      const tag = reader.tag();
      if (tag === 0x0a) type = reader.string();
      else if (tag === 0x12) object = objectOf(buf, reader.bytes(), reader.pos);
      else reader.skip(tag & 7);
    }
    if (!object) throw new ProtoError(`a ${type || 'watch'} event without an object`);
    const schema = type === 'BOOKMARK' ? bookmarkObject : this.schema;
    return { type, object: decodeObject(schema, buf, object.start, object.end) };
  }
}

/** Where a RawExtension at `buf[start, end)` holds its object (field 1, in its envelope). */
function objectOf(buf: Buffer, start: number, end: number): { start: number; end: number } | undefined {
  const raw = new ProtoReader(buf, start, end);
  let object: { start: number; end: number } | undefined;
  while (raw.pos < raw.end) {
    const tag = raw.tag();
    if (tag === 0x0a) object = { start: raw.bytes(), end: raw.pos };
    else raw.skip(tag & 7);
  }
  return object;
}
