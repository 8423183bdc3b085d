import { decodeMessage, message, type Decoded, type MessageSchema } from './messageSchema';
import { decodeObject } from './kubeProtobuf';
import { ProtoError, ProtoReader } from './protoReader';

export interface ProtobufWatchEvent {
  type: string;
  /** The object through the schema; a Status (an ERROR event) as KubeStatus, with `kind: 'Status'`. */
  object: Decoded;
}

const watchEvent = message({ 1: ['type', 'string'] });

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
    const type = (decodeMessage(watchEvent, buf, start, end).type as string | undefined) ?? '';
    const reader = new ProtoReader(buf, start, end);
    while (reader.pos < reader.end) {
      const tag = reader.tag();
      if (tag !== 0x12) {
        reader.skip(tag & 7);
        continue;
      }
      // The RawExtension: its field 1 is the object in its envelope.
      const raw = new ProtoReader(buf, reader.bytes(), reader.pos);
      while (raw.pos < raw.end) {
        const inner = raw.tag();
        if (inner !== 0x0a) {
          raw.skip(inner & 7);
          continue;
        }
        const objectStart = raw.bytes();
        return { type, object: decodeObject(this.schema, buf, objectStart, raw.pos) };
      }
    }
    throw new ProtoError(`a ${type || 'watch'} event without an object`);
  }
}
