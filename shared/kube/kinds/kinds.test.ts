import { describe, expect, it } from 'vitest';
import { kindInfo, kindKey, objectRefs, toRow } from '../kind';
import { KIND_CATEGORIES } from '../types';
import { BUILTIN_KINDS, builtinKind, builtinKindByKind } from './index';

describe('the built-in kinds', () => {
  it('are the 22 kinds of the picker, each once, grouped by category in picker order', () => {
    expect(BUILTIN_KINDS.map((k) => k.kind)).toEqual([
      'Pod',
      'Deployment',
      'ReplicaSet',
      'StatefulSet',
      'DaemonSet',
      'Job',
      'CronJob',
      'Service',
      'EndpointSlice',
      'Ingress',
      'IngressClass',
      'ConfigMap',
      'Secret',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'ServiceAccount',
      'PersistentVolumeClaim',
      'PersistentVolume',
      'StorageClass',
      'Node',
      'Namespace',
      'Event',
    ]);
    const categoryOrder = BUILTIN_KINDS.map((k) => KIND_CATEGORIES.indexOf(k.category));
    expect(categoryOrder).toEqual([...categoryOrder].sort((a, b) => a - b));
  });

  it('are found by kind key and by kind name', () => {
    expect(builtinKind('pods')?.kind).toBe('Pod');
    expect(builtinKind('deployments.apps')?.kind).toBe('Deployment');
    expect(builtinKind('horizontalpodautoscalers.autoscaling')?.version).toBe('v2');
    expect(builtinKind('ingresses.networking.k8s.io')?.kind).toBe('Ingress');
    expect(builtinKind('widgets.example.com')).toBeUndefined();
    expect(builtinKindByKind('StorageClass')?.namespaced).toBe(false);
    expect(builtinKindByKind('Widget')).toBeUndefined();
    for (const k of BUILTIN_KINDS) {
      expect(builtinKind(kindKey(k))).toBe(k);
      expect(builtinKindByKind(k.kind)).toBe(k);
    }
  });

  it('declare distinct columns, never the implicit name, namespace and age, and a help sentence', () => {
    for (const k of BUILTIN_KINDS) {
      const ids = k.columns.map((c) => c.id);
      expect(new Set(ids).size, k.kind).toBe(ids.length);
      expect(ids, k.kind).not.toContain('name');
      expect(ids, k.kind).not.toContain('namespace');
      expect(ids, k.kind).not.toContain('age');
      expect(k.help, k.kind).toMatch(/^[A-Z].{20,}\.$/);
      expect(kindInfo(k)).toMatchObject({ kind: k.kind, builtin: true, columns: k.columns });
    }
  });

  it('survive an object with nothing but metadata, as the server may send for any kind', () => {
    for (const k of BUILTIN_KINDS) {
      const object = {
        metadata: { name: 'bare', uid: `uid-${k.plural}`, ...(k.namespaced ? { namespace: 'ns' } : {}) },
      };
      const row = toRow(k, object);
      expect(row.id).toBe(`uid-${k.plural}`);
      expect(row.kind).toBe(k.kind);
      expect(['ok', 'warning', 'failing', 'idle', 'unknown']).toContain(row.health.level);
      // A cell with nothing to show is left out (the table shows a dash), never null.
      for (const [id, value] of Object.entries(row.cells)) {
        expect(['string', 'number', 'boolean'].includes(typeof value), `${k.kind}.${id}`).toBe(true);
      }
      expect(JSON.parse(JSON.stringify(row))).toEqual(row);
    }
  });

  it('survive empty specs and statuses and empty lists', () => {
    for (const k of BUILTIN_KINDS) {
      const object = {
        metadata: { name: 'empty', uid: 'u', namespace: 'ns', labels: {}, annotations: {}, ownerReferences: [] },
        spec: { containers: [], volumes: [], rules: [], metrics: [], ports: [], template: {} },
        status: { conditions: [], containerStatuses: [], addresses: [] },
        endpoints: [],
        data: {},
      };
      expect(() => toRow(k, object), k.kind).not.toThrow();
    }
  });
});

describe('objectRefs', () => {
  const owned = {
    metadata: {
      name: 'gear',
      namespace: 'shop',
      uid: 'w1',
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: 'd1' }],
    },
    spec: { nodeName: 'node-1' },
  };

  it("is the kind's declared references, as the row's", () => {
    const pods = builtinKind('pods')!;
    expect(objectRefs(pods, owned)).toEqual(toRow(pods, owned).refs);
    expect(objectRefs(pods, owned).map((r) => r.relation)).toEqual(['owner', 'node']);
  });

  it('is the owners for a kind without declared references, as the kinds found through discovery are', () => {
    const { refs: _declared, ...undeclared } = builtinKind('pods')!;
    expect(objectRefs(undeclared, owned)).toEqual([
      { relation: 'owner', kind: 'Deployment', name: 'api', namespace: 'shop', uid: 'd1' },
    ]);
  });
});
