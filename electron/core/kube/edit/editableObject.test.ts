import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../shared/kube/object';
import {
  applyMergePatch,
  bodyToSend,
  editableObject,
  identityChange,
  mergePatch,
  parseEdit,
  toEditYaml,
} from './editableObject';

const SECRET: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'db',
    namespace: 'team-a',
    uid: 'u-1',
    resourceVersion: '42',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"c2VjcmV0"}}', note: 'x' },
    managedFields: [{ manager: 'kubectl' }],
  } as KubeObject['metadata'],
  type: 'Opaque',
  data: { password: 'c2VjcmV0' },
};

describe('the object as the user edits it', () => {
  it('leaves out status, managed fields, the resourceVersion, and withheld values with their last-applied copy', () => {
    const { object, withheld } = editableObject('Secret', { ...SECRET, status: { phase: 'x' } }, false);
    expect(withheld).toEqual(['password']);
    expect(object).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'team-a', uid: 'u-1', annotations: { note: 'x' } },
      type: 'Opaque',
    });
  });

  it('round-trips strings that look like other types, through its own YAML', () => {
    const object = { metadata: { annotations: { a: '2024-01-01', b: 'yes', c: '1.10', d: 'null', e: '' } }, n: 3 };
    const parsed = parseEdit(toEditYaml(object));
    expect(parsed).toEqual({ ok: true, object });
  });

  it('reports YAML errors with line and column, and refuses several documents or a list', () => {
    expect(parseEdit('a: 1\nb: [\n')).toMatchObject({ ok: false, line: 3 });
    expect(parseEdit('a: 1\n---\nb: 2\n')).toMatchObject({
      ok: false,
      message: 'The YAML must hold exactly one object.',
    });
    expect(parseEdit('- a\n')).toMatchObject({ ok: false });
  });

  it('refuses a change of kind, name, namespace or uid, and accepts a removed uid', () => {
    const original = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'a', uid: 'u' } };
    expect(identityChange(original, { ...original, kind: 'ConfigMap' })).toMatch(/^kind cannot be changed/);
    expect(identityChange(original, { ...original, metadata: { ...original.metadata, namespace: 'b' } })).toMatch(
      /^metadata\.namespace cannot be changed/,
    );
    expect(identityChange(original, { ...original, metadata: { name: 'db', namespace: 'a' } })).toBeNull();
  });

  it('sends the starting resourceVersion and puts back withheld values, status and the last-applied copy', () => {
    const { object } = editableObject('Secret', SECRET, false);
    const edited = { ...object, metadata: { ...(object.metadata as object), labels: { a: 'b' } } };
    const result = bodyToSend('Secret', edited, { ...SECRET, status: { s: 1 } }, '41', false);
    expect(result).toEqual({
      ok: true,
      body: {
        ...edited,
        metadata: {
          ...edited.metadata,
          resourceVersion: '41',
          annotations: {
            note: 'x',
            'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"c2VjcmV0"}}',
          },
        },
        data: { password: 'c2VjcmV0' },
        status: { s: 1 },
      },
    });
    expect(bodyToSend('Secret', { ...edited, data: { password: 'x' } }, SECRET, '41', false)).toMatchObject({
      ok: false,
    });
  });

  it('replays an edit on a newer version: the user’s changes on top of the other writer’s', () => {
    const original = { data: { a: '1', b: '2' }, metadata: { labels: { x: '1' } }, list: [1, 2] };
    const mine = { data: { a: '1', c: '3' }, metadata: { labels: { x: '1' } }, list: [1, 2, 3] };
    const theirs = { data: { a: 'changed', b: '2' }, metadata: { labels: { x: '1', y: '2' } }, list: [1, 2] };
    expect(applyMergePatch(theirs, mergePatch(original, mine))).toEqual({
      data: { a: 'changed', c: '3' },
      metadata: { labels: { x: '1', y: '2' } },
      list: [1, 2, 3],
    });
  });
});
