import { isDeepStrictEqual } from 'node:util';
import { CORE_SCHEMA, dump, loadAll, YAMLException } from 'js-yaml';
import type { KubeObject } from '../../../../shared/kube/object';
import { LAST_APPLIED, objectDetails, VALUE_FIELDS, WITHHELD_KINDS } from '../objectDetails';

type Json = Record<string, unknown>;

/**
 * One YAML dialect both ways: the core schema, so a date-like or `yes` string stays a string
 * (no timestamps, no merge keys), and dumping quotes anything that would read back as
 * another type. What the user did not touch parses back to exactly what the server sent.
 */
export function toEditYaml(object: Json): string {
  return dump(object, { schema: CORE_SCHEMA, noRefs: true, lineWidth: -1, sortKeys: false });
}

function isMapping(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function metadataOf(object: Json): Json {
  return isMapping(object.metadata) ? object.metadata : {};
}

/** Whether the edit text leaves values out (the user has not revealed them). */
export function withholds(kind: string, reveal: boolean): boolean {
  return !reveal && WITHHELD_KINDS.has(kind);
}

/**
 * The object as the user edits it: without `status` (the server's report, not a wish),
 * `metadata.managedFields` and `metadata.resourceVersion` (Berth sends the version the edit
 * started from). Withheld values (and kubectl's last-applied copy of them) are left out
 * entirely: they are written back as the server has them.
 */
export function editableObject(kind: string, raw: KubeObject, reveal: boolean): { object: Json; withheld: string[] } {
  const { status: _status, ...object } = raw as Json;
  const { managedFields: _managed, resourceVersion: _version, ...metadata } = metadataOf(object);
  object.metadata = metadata;
  const withheld: string[] = [];
  if (withholds(kind, reveal)) {
    for (const field of VALUE_FIELDS) {
      if (isMapping(object[field])) withheld.push(...Object.keys(object[field]));
      delete object[field];
    }
    if (isMapping(metadata.annotations) && LAST_APPLIED in metadata.annotations) {
      const { [LAST_APPLIED]: _applied, ...annotations } = metadata.annotations;
      if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
      else delete metadata.annotations;
    }
  }
  return { object, withheld: [...new Set(withheld)] };
}

export type Parsed = { ok: true; object: Json } | { ok: false; message: string; line?: number; column?: number };

/** The user's YAML → one mapping, or where and why it does not parse. */
export function parseEdit(text: string): Parsed {
  let docs: unknown[];
  try {
    // All documents: a second one is an error of its own, not silently ignored.
    docs = loadAll(text, undefined, { schema: CORE_SCHEMA }).filter((doc) => doc !== null && doc !== undefined);
  } catch (error) {
    if (error instanceof YAMLException) {
      return {
        ok: false,
        message: error.reason,
        ...(error.mark ? { line: error.mark.line + 1, column: error.mark.column + 1 } : {}),
      };
    }
    throw error;
  }
  if (docs.length !== 1) return { ok: false, message: 'The YAML must hold exactly one object.' };
  const object = docs[0];
  if (!isMapping(object))
    return { ok: false, message: 'The YAML must be a mapping (an object), not a list or a value.' };
  return { ok: true, object };
}

/** Why an edit changes what the object is (rather than what it holds), or null. */
export function identityChange(original: Json, edited: Json): string | null {
  const fields: Array<[string, (o: Json) => unknown]> = [
    ['apiVersion', (o) => o.apiVersion],
    ['kind', (o) => o.kind],
    ['metadata.name', (o) => metadataOf(o).name],
    ['metadata.namespace', (o) => metadataOf(o).namespace],
    ['metadata.uid', (o) => metadataOf(o).uid],
  ];
  for (const [path, read] of fields) {
    const before = read(original);
    const after = read(edited);
    // A removed uid is fine (the server keeps it); anything else must stay as it was.
    if (path === 'metadata.uid' && after === undefined) continue;
    if (before !== after) {
      return `${path} cannot be changed by an edit (it was ${JSON.stringify(before)}, the edit has ${JSON.stringify(after)}): edit another object, or create a new one.`;
    }
  }
  return null;
}

/**
 * The body to send: the user's object at the version the edit started from, with what the
 * edit text did not carry put back from the server's object: `status` (kinds without a
 * status subresource store it with the rest) and any withheld values.
 */
export function bodyToSend(
  kind: string,
  edited: Json,
  server: KubeObject,
  resourceVersion: string,
  reveal: boolean,
): { ok: true; body: Json } | { ok: false; message: string } {
  const body: Json = { ...edited, metadata: { ...metadataOf(edited), resourceVersion } };
  if (!('status' in body) && 'status' in server) body.status = server.status;
  if (withholds(kind, reveal)) {
    const typed = VALUE_FIELDS.filter((field) => field in edited);
    if (typed.length > 0) {
      return {
        ok: false,
        message: `The values of this ${kind} are withheld, so ${typed.join(' and ')} cannot be edited here: reveal the values first, then edit.`,
      };
    }
    for (const field of VALUE_FIELDS) if (field in server) body[field] = server[field];
    const applied = server.metadata.annotations?.[LAST_APPLIED];
    if (applied !== undefined) {
      const metadata = metadataOf(body);
      metadata.annotations = {
        ...(isMapping(metadata.annotations) ? metadata.annotations : {}),
        [LAST_APPLIED]: applied,
      };
    }
  }
  return { ok: true, body };
}

/**
 * The object as shown in a review's diff: the details panel's view (values withheld unless
 * revealed) without the fields that change on every write or are not the user's to edit.
 */
export function diffView(kind: string, raw: KubeObject, reveal: boolean): string {
  const { object } = objectDetails(kind, raw, reveal);
  const { status: _status, ...rest } = object;
  const { resourceVersion: _v, generation: _g, managedFields: _m, ...metadata } = metadataOf(rest);
  return toEditYaml({ ...rest, metadata });
}

/** RFC 7386 merge patch taking `from` to `to` (lists are replaced whole). */
export function mergePatch(from: Json, to: Json): Json {
  const patch: Json = {};
  for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    const old = from[key];
    if (isMapping(old) && isMapping(value)) {
      const inner = mergePatch(old, value);
      if (Object.keys(inner).length > 0) patch[key] = inner;
    } else if (!isDeepStrictEqual(old, value)) {
      patch[key] = value;
    }
  }
  return patch;
}

export function applyMergePatch(target: Json, patch: Json): Json {
  const result: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (isMapping(value)) result[key] = applyMergePatch(isMapping(result[key]) ? result[key] : {}, value);
    else result[key] = value;
  }
  return result;
}
