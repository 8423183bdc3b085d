import { ProtoError, ProtoReader, WIRE_LENGTH, WIRE_VARINT } from './protoReader';

/**
 * Which fields of a protobuf message to read, by field number, and the JSON name each has:
 * a message is decoded into the same shape JSON.parse gives for those fields, so the kind
 * declarations read it unchanged. Fields a schema does not name are skipped by length.
 */
export type FieldType =
  | 'string'
  | 'int'
  | 'bool'
  /** metav1.Time: seconds and nanos, as the RFC 3339 text JSON carries. */
  | 'time'
  /** metav1.MicroTime: as `time`, with six digits of the second's fraction (RFC 3339 micro). */
  | 'microTime'
  /** map<string, string>: a JSON object. */
  | 'stringMap'
  /** map<string, resource.Quantity>: a JSON object of quantity strings (`{"cpu":"250m"}`). */
  | 'quantityMap'
  | MessageSchema;

export interface FieldSpec {
  name: string;
  type: FieldType;
  repeated: boolean;
  /** Go's `json:",inline"`: the message's fields belong to the parent's object (a Volume's source). */
  inline: boolean;
}

export interface MessageSchema {
  /** Indexed by field number. */
  readonly fields: ReadonlyArray<FieldSpec | undefined>;
}

/** `[name, type]`, `[name, type, 'repeated']` or `[name, type, 'inline']`, by field number. */
type FieldEntry = readonly [string, FieldType] | readonly [string, FieldType, 'repeated' | 'inline'];

export function message(fields: Record<number, FieldEntry>): MessageSchema {
  const byNumber: Array<FieldSpec | undefined> = [];
  for (const [number, [name, type, flag]] of Object.entries(fields)) {
    byNumber[Number(number)] = { name, type, repeated: flag === 'repeated', inline: flag === 'inline' };
  }
  // Holes read as undefined, not as a missing element's slower path.
  for (let i = 0; i < byNumber.length; i++) byNumber[i] ??= undefined;
  return { fields: byNumber };
}

export type Decoded = Record<string, unknown>;

/** The message in `buf[start, end)` as JSON-shaped data: the fields `schema` names. */
export function decodeMessage(schema: MessageSchema, buf: Buffer, start: number, end: number): Decoded {
  const out: Decoded = {};
  decodeInto(out, schema, new ProtoReader(buf, start, end));
  return out;
}

function decodeInto(out: Decoded, schema: MessageSchema, reader: ProtoReader): void {
  const { fields } = schema;
  while (reader.pos < reader.end) {
    const tag = reader.tag();
    const wire = tag & 7;
    const field = fields[tag >>> 3];
    if (field === undefined) {
      reader.skip(wire);
      continue;
    }
    const value = readValue(field, wire, reader, out);
    if (value === undefined) continue;
    if (field.repeated) {
      const list = out[field.name] as unknown[] | undefined;
      if (list) list.push(value);
      else out[field.name] = [value];
    } else out[field.name] = value;
  }
  if (reader.pos !== reader.end) throw new ProtoError('a field runs past its message');
}

/**
 * One field's value; undefined where JSON has none. Go's JSON leaves out empty strings
 * (`omitempty`) where protobuf sends them, so an empty string is no value here either.
 */
function readValue(field: FieldSpec, wire: number, reader: ProtoReader, parent: Decoded): unknown {
  const { type } = field;
  if (type === 'int' || type === 'bool') {
    if (wire !== WIRE_VARINT) return mismatch(field, wire, reader);
    return type === 'int' ? reader.int() : reader.uint32() !== 0;
  }
  if (wire !== WIRE_LENGTH) return mismatch(field, wire, reader);
  if (type === 'string') {
    const text = reader.string();
    return text === '' ? undefined : text;
  }
  // The same reader reads the field's message, bounded to it, then the rest of this one.
  const outer = reader.enter();
  let value: unknown;
  if (type === 'time' || type === 'microTime') value = readTime(reader, type === 'microTime');
  else if (type === 'stringMap' || type === 'quantityMap') readMapEntry(reader, parent, field.name, type);
  else if (field.inline) decodeInto(parent, type, reader);
  else {
    const decoded: Decoded = {};
    decodeInto(decoded, type, reader);
    value = decoded;
  }
  reader.leave(outer);
  return value;
}

/** A field sent with another wire type than its schema's: not this message; skipped, not misread. */
function mismatch(field: FieldSpec, wire: number, reader: ProtoReader): undefined {
  if (wire === 3 || wire === 4) throw new ProtoError(`field ${field.name} has wire type ${wire}`);
  reader.skip(wire);
  return undefined;
}

/**
 * A map entry: key 1, value 2; an empty value is a value (a label may be empty). A Quantity
 * value is a message whose field 1 is the text JSON carries.
 */
function readMapEntry(reader: ProtoReader, parent: Decoded, name: string, type: 'stringMap' | 'quantityMap'): void {
  const into = (parent[name] ??= {}) as Record<string, string>;
  let key = '';
  let value = '';
  while (reader.pos < reader.end) {
    const tag = reader.tag();
    if (tag === 0x0a) key = reader.shortString();
    else if (tag === 0x12) value = type === 'quantityMap' ? readQuantity(reader) : reader.string();
    else reader.skip(tag & 7);
  }
  into[key] = value;
}

function readQuantity(reader: ProtoReader): string {
  const outer = reader.enter();
  let text = '';
  while (reader.pos < reader.end) {
    const tag = reader.tag();
    if (tag === 0x0a) text = reader.string();
    else reader.skip(tag & 7);
  }
  reader.leave(outer);
  return text;
}

/** The last time read, as text: metrics-server stamps every pod of a node's scrape alike. */
let lastSeconds = 0;
let lastText = '';

/**
 * metav1.Time as the API server writes it in JSON: RFC 3339, whole seconds, UTC; the zero
 * time is null there. A MicroTime keeps its microseconds (`…T12:49:42.123456Z`).
 */
function readTime(reader: ProtoReader, micro: boolean): string | undefined {
  let seconds = 0;
  let nanos = 0;
  while (reader.pos < reader.end) {
    const tag = reader.tag();
    if (tag === 0x08) seconds = reader.int();
    else if (tag === 0x10) nanos = reader.int();
    else reader.skip(tag & 7);
  }
  if (seconds === 0 && nanos === 0) return undefined;
  if (micro) return `${rfc3339(seconds).slice(0, -1)}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
  if (seconds !== lastSeconds) {
    lastText = rfc3339(seconds);
    lastSeconds = seconds;
  }
  return lastText;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * `2026-12-03T12:49:42Z` from epoch seconds, by arithmetic: a pod has several timestamps,
 * and going through a Date and toISOString cost more than the rest of its decoding.
 */
export function rfc3339(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  let rest = seconds - days * 86400;
  const hour = Math.floor(rest / 3600);
  rest -= hour * 3600;
  const minute = Math.floor(rest / 60);
  const second = rest - minute * 60;
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}Z`;
}
