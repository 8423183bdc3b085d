import { describe, expect, it } from 'vitest';
import { objectDetails } from './objectDetails';

const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'api-credentials',
    namespace: 'team-a',
    uid: 'u1',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"c2VjcmV0"}}' },
    managedFields: [{ manager: 'kubectl' }],
  },
  type: 'Opaque',
  data: { password: 'c2VjcmV0', user: 'YWRtaW4=' },
};

describe('objectDetails', () => {
  it('withholds every Secret value, and the last-applied copy of them, until revealed', () => {
    const details = objectDetails('Secret', secret, false);
    expect(details.withheld).toEqual(['password', 'user']);
    expect(details.object.data).toEqual({ password: null, user: null });
    expect(JSON.stringify(details)).not.toContain('c2VjcmV0');
    expect(JSON.stringify(details)).not.toContain('managedFields');
  });

  it('gives the values when the user reveals them', () => {
    const details = objectDetails('Secret', secret, true);
    expect(details.withheld).toEqual([]);
    expect(details.object.data).toEqual(secret.data);
  });

  it('withholds ConfigMap data too, and leaves other kinds alone', () => {
    const configMap = { metadata: { name: 'c', uid: 'u2' }, data: { 'app.conf': 'debug=true' } };
    expect(objectDetails('ConfigMap', configMap, false).object.data).toEqual({ 'app.conf': null });
    const pod = { metadata: { name: 'p', uid: 'u3' }, data: { not: 'secret' } };
    expect(objectDetails('Pod', pod, false).object.data).toEqual({ not: 'secret' });
  });
});
