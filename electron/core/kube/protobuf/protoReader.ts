/**
 * Protocol Buffers' wire format, read in place: the API server's protobuf encoding of
 * built-in kinds. Length-delimited fields are skipped by their length without being read,
 * which is what makes this encoding cheap for Berth: most of a pod's bytes (managedFields,
 * probes, mounts, resources) are fields no row reads.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH = 2;
export const WIRE_FIXED32 = 5;

const TWO_32 = 4294967296;

/**
 * A Buffer with the method `toString('utf8', start, end)` ends in, called without its argument
 * checks and encoding look-up: a pod has dozens of short strings, and those cost more than
 * the text. Node's own (and Electron's) Buffer has it; @types/node does not declare it.
 */
type Utf8Buffer = Buffer & { utf8Slice(start: number, end: number): string };
const HAS_UTF8_SLICE = typeof (Buffer.prototype as Partial<Utf8Buffer>).utf8Slice === 'function';

/** Short strings by their bytes (see `shortString`): bounded, as the keys a cluster uses are few. */
const SHORT_STRINGS = new Map<number, string>();
const SHORT_STRINGS_LIMIT = 4096;

export class ProtoError extends Error {
  override readonly name = 'ProtoError';
}

/** A cursor over one message's bytes, `[pos, end)`; a nested message is read by narrowing `end` to it. */
export class ProtoReader {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    public end: number,
  ) {}

  /** The next field's number and wire type (`tag >>> 3`, `tag & 7`). */
  tag(): number {
    return this.uint32();
  }

  /** A varint of up to 32 bits (tags, lengths, int32 and bool fields that are not negative). */
  uint32(): number {
    const { buf } = this;
    let b = buf[this.pos++]!;
    if (b < 0x80) return b;
    let value = b & 0x7f;
    b = buf[this.pos++]!;
    value |= (b & 0x7f) << 7;
    if (b < 0x80) return value;
    b = buf[this.pos++]!;
    value |= (b & 0x7f) << 14;
    if (b < 0x80) return value;
    b = buf[this.pos++]!;
    value |= (b & 0x7f) << 21;
    if (b < 0x80) return value;
    b = buf[this.pos++]!;
    value = (value | ((b & 0x0f) << 28)) >>> 0;
    // A negative int32 is sent as ten bytes: the high bits follow.
    while (b >= 0x80) {
      if (this.pos >= this.end) throw new ProtoError('a varint runs past its message');
      b = buf[this.pos++]!;
    }
    return value;
  }

  /** A signed varint (int32, int64) as a number: exact up to 2^53, as JSON gives it. */
  int(): number {
    const start = this.pos;
    const low = this.uint32();
    if (this.pos - start < 5) return low;
    // Five bytes or more: read again for the high 32 bits.
    this.pos = start;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoError('a varint runs past its message');
      const b = this.buf[this.pos++]!;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      shift += 7;
      if (b < 0x80) break;
    }
    return (hi | 0) * TWO_32 + (lo >>> 0);
  }

  /** A length-delimited field's bounds: `[start, end)`, past which the cursor now is. */
  bytes(): number {
    const length = this.uint32();
    const start = this.pos;
    this.pos = start + length;
    if (this.pos > this.end) throw new ProtoError('a field runs past its message');
    return start;
  }

  /**
   * Narrows the cursor to the message in the length-delimited field here, to read it with the
   * same reader; returns where the outer message ends, for `leave`.
   */
  enter(): number {
    const start = this.bytes();
    const outer = this.end;
    this.end = this.pos;
    this.pos = start;
    return outer;
  }

  /** Past the message entered, back in the one around it. */
  leave(outer: number): void {
    this.pos = this.end;
    this.end = outer;
  }

  string(): string {
    const start = this.bytes();
    return this.text(start, this.pos);
  }

  /**
   * A string that is one of few (map keys: `cpu`, `memory`, `app`): up to six bytes, the same
   * bytes give the same string, made once; longer ones are read as `string()` does. Keyed by
   * the bytes' value as a number, so a hit costs no allocation and no hashing of text.
   */
  shortString(): string {
    const start = this.bytes();
    const end = this.pos;
    if (end - start > 6 || end === start) return this.text(start, end);
    let key = end - start;
    for (let i = start; i < end; i++) key = key * 256 + this.buf[i]!;
    let text = SHORT_STRINGS.get(key);
    if (text === undefined) {
      if (SHORT_STRINGS.size >= SHORT_STRINGS_LIMIT) SHORT_STRINGS.clear();
      text = this.text(start, end);
      SHORT_STRINGS.set(key, text);
    }
    return text;
  }

  private text(start: number, end: number): string {
    if (start === end) return '';
    return HAS_UTF8_SLICE ? (this.buf as Utf8Buffer).utf8Slice(start, end) : this.buf.toString('utf8', start, end);
  }

  /** Passes over a field of `wire` type without reading it. */
  skip(wire: number): void {
    if (wire === WIRE_VARINT) {
      while (this.buf[this.pos++]! >= 0x80) if (this.pos >= this.end) break;
    } else if (wire === WIRE_LENGTH) this.bytes();
    else if (wire === WIRE_FIXED64) this.pos += 8;
    else if (wire === WIRE_FIXED32) this.pos += 4;
    else throw new ProtoError(`wire type ${wire} is not one the API server sends`);
    if (this.pos > this.end) throw new ProtoError('a field runs past its message');
  }
}
