import { describe, expect, it } from 'vitest';
import fixturePods from '../../../../shared/kube/kinds/fixtures/pods.json';
import { pick } from '../../../../shared/kube/kinds/fixtures/pick';
import { parseApiJson, withoutManagedFields } from './watchJson';

/** managedFields as the API server writes them for a ReplicaSet's pod and kwok's status updates. */
const managedFields = [
  {
    manager: 'kube-controller-manager',
    operation: 'Update',
    apiVersion: 'v1',
    time: '2026-12-02T02:29:07Z',
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} }, 'f:ownerReferences': { 'k:{"uid":"79cc0605"}': {} } },
      'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {} } } },
    },
  },
  {
    manager: 'kwok',
    operation: 'Update',
    apiVersion: 'v1',
    time: '2026-12-02T02:29:07Z',
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:status': { 'f:podIPs': { 'k:{"ip":"198.18.2.7"}': { '.': {}, 'f:ip': {} } } } },
    subresource: 'status',
  },
];

const pod = pick(fixturePods, 'crashloop-demo', 'team-a');
const withManaged = { ...pod, metadata: { ...pod.metadata, managedFields } };

describe('API JSON without managedFields', () => {
  it('gives a watch event exactly as parsed, minus managedFields', () => {
    const line = JSON.stringify({ type: 'MODIFIED', object: withManaged });
    const text = withoutManagedFields(line);
    expect(text.length).toBeLessThan(line.length);
    expect(parseApiJson(line)).toEqual({ type: 'MODIFIED', object: pod });
  });

  it('strips every object of a list page, the first member of an object too', () => {
    const first = { metadata: { managedFields, name: 'a', uid: '1' }, spec: {} };
    const body = JSON.stringify({ kind: 'PodList', items: [withManaged, first, pod] });
    expect(parseApiJson(body)).toEqual({
      kind: 'PodList',
      items: [pod, { metadata: { name: 'a', uid: '1' }, spec: {} }, pod],
    });
  });

  it('finds the end of managedFields at its first bracket as the exact reading does', () => {
    const line = JSON.stringify({ type: 'MODIFIED', object: withManaged });
    expect(withoutManagedFields(line)).toBe(withoutManagedFields(line, true));
    const body = JSON.stringify({ items: [withManaged, { metadata: { managedFields, name: 'a' }, spec: {} }] });
    expect(withoutManagedFields(body)).toBe(withoutManagedFields(body, true));
  });

  it('leaves the words alone inside strings, however they are bracketed', () => {
    const tricky = {
      ...withManaged,
      metadata: {
        ...withManaged.metadata,
        annotations: { note: '"managedFields":[1]', other: 'ends in ]},"spec":{ and \\' },
        managedFields: [{ ...managedFields[0], manager: 'odd]},"spec":{"x":1}]} \\"' }],
      },
    };
    const parsed = parseApiJson(JSON.stringify(tricky)) as typeof tricky;
    const { managedFields: _dropped, ...metadata } = tricky.metadata;
    expect(parsed).toEqual({ ...tricky, metadata });
  });

  it('parses text it cannot cut (spaced JSON) whole, and throws on text that is not JSON', () => {
    const spaced = JSON.stringify(withManaged, null, 2);
    expect(withoutManagedFields(spaced)).toBe(spaced);
    expect(parseApiJson(spaced)).toEqual(withManaged);
    expect(() => parseApiJson('{"metadata":{"managedFields":[')).toThrow(SyntaxError);
    expect(() => parseApiJson('not json')).toThrow(SyntaxError);
  });
});
