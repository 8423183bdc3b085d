/**
 * Watch events in the API server's protobuf stream encoding, made from the pods of a real
 * protobuf list: each pod's bytes as the server sent them, with only its resourceVersion
 * changed, wrapped as the server wraps a watch event (length, WatchEvent, RawExtension,
 * envelope); and a real metrics list scraped anew. For the replay benchmarks; the readers
 * are tested against the real server.
 */
import { decodeMessage } from '../electron/core/kube/protobuf/messageSchema';
import { openEnvelope } from '../electron/core/kube/protobuf/kubeProtobuf';
import { objectMeta } from '../electron/core/kube/protobuf/podMessage';
import { ProtoReader } from '../electron/core/kube/protobuf/protoReader';

function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function field(num: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([...varint((num << 3) | 2), ...varint(content.length)]), content]);
}

/** The top-level fields of a message, in order: number, the whole field's bytes, and a length-delimited one's content. */
function fields(buf: Buffer): Array<{ num: number; whole: Buffer; bytes: Buffer }> {
  const reader = new ProtoReader(buf, 0, buf.length);
  const out: Array<{ num: number; whole: Buffer; bytes: Buffer }> = [];
  while (reader.pos < reader.end) {
    const at = reader.pos;
    const tag = reader.tag();
    let start = reader.pos;
    if ((tag & 7) === 2) start = reader.bytes();
    else reader.skip(tag & 7);
    out.push({ num: tag >>> 3, whole: buf.subarray(at, reader.pos), bytes: buf.subarray(start, reader.pos) });
  }
  return out;
}

/** The pods of a protobuf PodList body, each as its own bytes, with its uid. */
export function protobufPods(body: Buffer): Array<{ uid: string; bytes: Buffer }> {
  const list = openEnvelope(body, 0, body.length);
  return fields(body.subarray(list.start, list.end))
    .filter((f) => f.num === 2)
    .map(({ bytes }) => {
      const meta = fields(bytes).find((f) => f.num === 1)!.bytes;
      return { uid: (decodeMessage(objectMeta, meta, 0, meta.length).uid as string | undefined) ?? '', bytes };
    });
}

/** One watch event's frame: `type` of `pod` at `resourceVersion`. */
export function watchFrame(type: string, pod: Buffer, resourceVersion: string): Buffer {
  const parts = fields(pod).map(({ num, whole, bytes }) => {
    if (num !== 1) return whole;
    const meta = fields(bytes).filter((f) => f.num !== 6);
    return field(1, Buffer.concat([...meta.map((f) => f.whole), field(6, Buffer.from(resourceVersion))]));
  });
  const envelope = Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    field(1, Buffer.concat([field(1, Buffer.from('v1')), field(2, Buffer.from('Pod'))])),
    field(2, Buffer.concat(parts)),
  ]);
  const event = Buffer.concat([field(1, Buffer.from(type)), field(2, field(1, envelope))]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(event.length);
  return Buffer.concat([length, event]);
}

/** A protobuf PodMetricsList or NodeMetricsList as metrics-server sent it, every item's scrape time set to `seconds`. */
export function restampedMetrics(body: Buffer, seconds: number): Buffer {
  const list = openEnvelope(body, 0, body.length);
  const time = field(2, Buffer.from([0x08, ...varint(seconds)]));
  const listFields = fields(body.subarray(list.start, list.end)).map(({ num, whole, bytes }) =>
    num === 2 ? field(2, Buffer.concat(fields(bytes).map((f) => (f.num === 2 ? time : f.whole)))) : whole,
  );
  // The envelope's type, then the list as its raw bytes (field 2), as the server wraps it.
  const typeMeta = fields(body.subarray(4)).find((f) => f.num === 1)!.whole;
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), typeMeta, field(2, Buffer.concat(listFields))]);
}
