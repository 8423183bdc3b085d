import { decodeMessage, type MessageSchema } from './messageSchema';
import { hasMagic, listMeta } from './kubeProtobuf';
import { ProtoError } from './protoReader';
import type { ListBodyReader } from '../watch/streamList';

/**
 * A list in the API server's protobuf encoding (`k8s\0`, an Unknown whose raw bytes are the
 * List: field 1 its ListMeta, field 2 each item), read as its bytes arrive: every item is
 * length-prefixed, so it is cut out without guessing and decoded through `schema` once its
 * last byte is in. The ListMeta comes first, with the continue token of the next page.
 */
export class ProtobufListReader implements ListBodyReader {
  /** Bytes not consumed yet; `buf[0]` is the stream's byte number `base`. */
  private buf: Buffer = Buffer.alloc(0);
  private base = 0;
  /** Where the List's bytes end in the stream, once the envelope's header was read. */
  private listEnd = -1;
  private head: Record<string, unknown> = {};
  private magicRead = false;

  constructor(
    private readonly schema: MessageSchema,
    private readonly onItems: (items: unknown[]) => void,
    private readonly onHead?: (head: Record<string, unknown>) => void,
    private readonly maxItemBytes = 64 * 1024 * 1024,
  ) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let at = 0;
    if (!this.magicRead) {
      if (this.buf.length < 4) return;
      if (!hasMagic(this.buf)) throw new ProtoError('the list response is not in the API server’s protobuf encoding');
      this.magicRead = true;
      at = 4;
    }
    const items: unknown[] = [];
    for (;;) {
      const next = this.listEnd === -1 ? this.envelopeField(at) : this.listField(at, items);
      if (next === undefined) break;
      at = next;
    }
    this.base += at;
    this.buf = this.buf.subarray(at);
    if (items.length) this.onItems(items);
  }

  end(): Record<string, unknown> {
    if (this.listEnd === -1 || this.base < this.listEnd) {
      throw new Error('the list response ended early (protobuf)');
    }
    return this.head;
  }

  /** One field of the envelope: the List's header sets listEnd; the rest is skipped. */
  private envelopeField(at: number): number | undefined {
    const field = this.whole(at);
    if (!field) return undefined;
    if (field.tag === 0x12) {
      // The List itself: its fields are read one by one as they arrive.
      this.listEnd = this.base + field.end;
      return field.start;
    }
    if (field.end > this.buf.length) return undefined;
    return field.end;
  }

  /** One field of the List: its metadata, an item, or (past the List) the envelope's tail, ignored. */
  private listField(at: number, items: unknown[]): number | undefined {
    if (this.base + at >= this.listEnd) return this.buf.length > at ? this.buf.length : undefined;
    const field = this.whole(at);
    if (!field || field.end > this.buf.length) return undefined;
    if (field.tag === 0x12) items.push(decodeMessage(this.schema, this.buf, field.start, field.end));
    else if (field.tag === 0x0a) {
      this.head = { metadata: decodeMessage(listMeta, this.buf, field.start, field.end) };
      this.onHead?.(this.head);
    } else if ((field.tag & 7) !== 2) throw new ProtoError(`unexpected field ${field.tag >>> 3} in a list`);
    return field.end;
  }

  /** The length-delimited field whose tag is at `at`: where its bytes start and end (maybe not all in yet). */
  private whole(at: number): { tag: number; start: number; end: number } | undefined {
    const tag = peekVarint(this.buf, at);
    if (!tag) return undefined;
    if ((tag.value & 7) !== 2) {
      // Envelopes and lists hold only length-delimited fields; anything else is not this format.
      throw new ProtoError(`field ${tag.value >>> 3} of wire type ${tag.value & 7} in a list`);
    }
    const length = peekVarint(this.buf, tag.next);
    if (!length) return undefined;
    if (length.value > this.maxItemBytes) throw new ProtoError(`an item of ${length.value} bytes in a list`);
    return { tag: tag.value, start: length.next, end: length.next + length.value };
  }
}

/** A varint at `buf[at]` and where it ends, or undefined when its bytes are not all in yet. */
function peekVarint(buf: Buffer, at: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (at + i >= buf.length) return undefined;
    const b = buf[at + i]!;
    value += (b & 0x7f) * 2 ** (7 * i);
    if (b < 0x80) return { value, next: at + i + 1 };
  }
  throw new ProtoError('a length longer than 32 bits');
}

/** The first byte of a JSON body; a protobuf one starts with `k8s\0`, a protobuf watch with a length. */
const OPEN_BRACE = 0x7b;

/**
 * For a body asked for as protobuf or JSON (the server picks; aggregated APIs and proxies may
 * not do protobuf): the reader for the encoding its first byte shows, made when that byte
 * comes, then the same one for every chunk; undefined before any byte.
 */
export function readerByFirstByte<R>(protobuf: () => R, json: () => R): (chunk: Buffer) => R | undefined {
  let reader: R | undefined;
  return (chunk) => {
    if (reader === undefined && chunk.length > 0) reader = chunk[0] === OPEN_BRACE ? json() : protobuf();
    return reader;
  };
}

/** A list body read by the reader for its encoding (see readerByFirstByte). */
export function protobufOrJson(protobuf: () => ListBodyReader, json: () => ListBodyReader): ListBodyReader {
  const readerFor = readerByFirstByte(protobuf, json);
  let reader: ListBodyReader | undefined;
  return {
    push(chunk) {
      reader = readerFor(chunk);
      reader?.push(chunk);
    },
    end() {
      if (!reader) throw new Error('the list response is empty');
      return reader.end();
    },
  };
}
