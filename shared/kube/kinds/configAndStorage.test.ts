// Config and Storage kinds on objects captured from the seeded test cluster A (fixtures/*.json;
// the PodDisruptionBudget from a namespace of its own, fixtures/capture-pdb.sh).
import { describe, expect, it } from 'vitest';
import { toRow } from '../kind';
import { configMaps } from './configMap';
import configMapFixtures from './fixtures/configmaps.json';
import hpaFixtures from './fixtures/horizontalpodautoscalers.json';
import pdbFixtures from './fixtures/poddisruptionbudgets.json';
import pvcFixtures from './fixtures/persistentvolumeclaims.json';
import pvFixtures from './fixtures/persistentvolumes.json';
import { pick } from './fixtures/pick';
import secretFixtures from './fixtures/secrets.json';
import serviceAccountFixtures from './fixtures/serviceaccounts.json';
import storageClassFixtures from './fixtures/storageclasses.json';
import { horizontalPodAutoscalers } from './horizontalPodAutoscaler';
import { podDisruptionBudgets } from './podDisruptionBudget';
import { persistentVolumes } from './persistentVolume';
import { persistentVolumeClaims } from './persistentVolumeClaim';
import { secrets } from './secret';
import { serviceAccounts } from './serviceAccount';
import { storageClasses } from './storageClass';

describe('ConfigMap and Secret', () => {
  it('a ConfigMap row counts its keys', () => {
    expect(toRow(configMaps, pick(configMapFixtures, 'api-config', 'team-a')).cells).toEqual({ data: 2 });
  });

  it('a Secret row has its type and number of keys, never a value', () => {
    const expected = {
      'api-credentials': { type: 'Opaque', data: 2 },
      'registry-pull': { type: 'kubernetes.io/dockerconfigjson', data: 1 },
      'admin-basic-auth': { type: 'kubernetes.io/basic-auth', data: 2 },
    };
    for (const [name, cells] of Object.entries(expected)) {
      const secret = pick(secretFixtures, name);
      const row = toRow(secrets, secret);
      expect(row.cells).toEqual(cells);
      // Each fixture value is "dGVzdA==": it appears nowhere in the row.
      expect(Object.values(secret.data as Record<string, string>)).toContain('dGVzdA==');
      expect(JSON.stringify(row)).not.toContain('dGVzdA==');
    }
  });
});

describe('HorizontalPodAutoscaler and ServiceAccount', () => {
  it('shop/cart scales Deployment/cart between 2 and 6 on CPU', () => {
    const row = toRow(horizontalPodAutoscalers, pick(hpaFixtures, 'cart', 'shop'));
    expect(row.cells).toMatchObject({ reference: 'Deployment/cart', minPods: 2, maxPods: 6 });
    expect(row.cells.targets).toMatch(/^cpu: (\d+%|<unknown>)\/70%$/);
    expect(row.refs).toEqual([{ relation: 'targets', kind: 'Deployment', name: 'cart', namespace: 'shop' }]);
  });

  it('an HPA that cannot read its metric is a warning, in the controller’s words', () => {
    const hpa = pick(hpaFixtures, 'cart', 'shop');
    hpa.status = {
      currentReplicas: 2,
      conditions: [
        { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale' },
        {
          type: 'ScalingActive',
          status: 'False',
          reason: 'FailedGetResourceMetric',
          message: 'the HPA was unable to compute the replica count: unable to get metrics for resource cpu',
        },
      ],
    };
    expect(toRow(horizontalPodAutoscalers, hpa).cells.targets).toBe('cpu: <unknown>/70%');
    expect(toRow(horizontalPodAutoscalers, hpa).health).toEqual({
      level: 'warning',
      reason:
        'FailedGetResourceMetric: the HPA was unable to compute the replica count: unable to get metrics for resource cpu',
    });
  });

  it('team-a/default is a ServiceAccount', () => {
    const row = toRow(serviceAccounts, pick(serviceAccountFixtures, 'default', 'team-a'));
    expect(row.cells).toEqual({ secrets: 0 });
    expect(row.health.level).toBe('ok');
  });
});

describe('PersistentVolumeClaim, PersistentVolume and StorageClass', () => {
  it('data/backups is Bound to pv-backups of class manual', () => {
    const row = toRow(persistentVolumeClaims, pick(pvcFixtures, 'backups', 'data'));
    expect(row.cells).toMatchObject({
      status: 'Bound',
      volume: 'pv-backups',
      capacity: '5Gi',
      accessModes: 'RWX',
      storageClass: 'manual',
      volumeMode: 'Filesystem',
    });
    expect(row.cells).not.toHaveProperty('volumeAttributesClass');
    expect(row.health).toEqual({ level: 'ok', reason: 'Bound to pv-backups' });
    expect(row.refs).toEqual([
      { relation: 'uses', kind: 'PersistentVolume', name: 'pv-backups' },
      { relation: 'class', kind: 'StorageClass', name: 'manual' },
    ]);
  });

  it('a claim waiting for a volume is Pending, a lost one failing', () => {
    const pvc = pick(pvcFixtures, 'backups', 'data');
    delete (pvc.spec as { volumeName?: string }).volumeName;
    pvc.status = { phase: 'Pending' };
    expect(toRow(persistentVolumeClaims, pvc).cells).toMatchObject({ status: 'Pending' });
    expect(toRow(persistentVolumeClaims, pvc).cells).not.toHaveProperty('capacity');
    expect(toRow(persistentVolumeClaims, pvc).health).toEqual({
      level: 'warning',
      reason: 'Pending: waiting for a volume of class manual',
    });
    pvc.status = { phase: 'Lost' };
    expect(toRow(persistentVolumeClaims, pvc).health.level).toBe('failing');
  });

  it('pv-data-postgres-0 is bound to its claim (by uid) and of class manual', () => {
    const claim = pick(pvcFixtures, 'data-postgres-0', 'data');
    const row = toRow(persistentVolumes, pick(pvFixtures, 'pv-data-postgres-0'));
    expect(row.cells).toMatchObject({
      capacity: '1Gi',
      accessModes: 'RWO',
      reclaimPolicy: 'Retain',
      status: 'Bound',
      claim: 'data/data-postgres-0',
      storageClass: 'manual',
    });
    expect(row.cells).not.toHaveProperty('reason');
    expect(row.health).toEqual({ level: 'ok', reason: 'Bound to data/data-postgres-0' });
    expect(row.refs).toEqual([
      { relation: 'class', kind: 'StorageClass', name: 'manual' },
      {
        relation: 'targets',
        kind: 'PersistentVolumeClaim',
        name: 'data-postgres-0',
        namespace: 'data',
        uid: claim.metadata.uid,
      },
    ]);
  });

  it('a Released volume keeps its data: a warning', () => {
    const pv = pick(pvFixtures, 'pv-backups');
    pv.status = { phase: 'Released' };
    expect(toRow(persistentVolumes, pv).health).toEqual({
      level: 'warning',
      reason: 'Released: its claim was deleted, the data is kept',
    });
  });

  it('manual provisions nothing, retains, binds immediately', () => {
    const row = toRow(storageClasses, pick(storageClassFixtures, 'manual'));
    expect(row.cells).toEqual({
      provisioner: 'kubernetes.io/no-provisioner',
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: false,
      default: false,
    });
  });
});

describe('PodDisruptionBudget', () => {
  const web = () => pick(pdbFixtures, 'web', 'berth-fixture-pdb');

  it('a row shows its bounds as kubectl does, the disruptions allowed now and its selector', () => {
    const row = toRow(podDisruptionBudgets, web());
    expect(row.cells).toEqual({
      minAvailable: '1',
      maxUnavailable: 'N/A',
      allowedDisruptions: 1,
      selector: 'app=web,!legacy,track notin (canary)',
      currentHealthy: 2,
      desiredHealthy: 1,
    });
    expect(row.health).toEqual({ level: 'ok', reason: '1 disruption allowed' });
  });

  it('refers to the pods its full selector (matchExpressions too) matches, in its namespace', () => {
    expect(toRow(podDisruptionBudgets, web()).refs).toEqual([
      {
        relation: 'selects',
        kind: 'Pod',
        name: '',
        namespace: 'berth-fixture-pdb',
        selector: {
          matchLabels: { app: 'web' },
          matchExpressions: [
            { key: 'track', operator: 'NotIn', values: ['canary'] },
            { key: 'legacy', operator: 'DoesNotExist' },
          ],
        },
      },
    ]);
    // policy/v1: no selector protects nothing, so there is nothing to point at.
    const none = web();
    delete (none.spec as { selector?: unknown }).selector;
    expect(toRow(podDisruptionBudgets, none).refs).toBeUndefined();
  });

  it('warns when no disruption is allowed (a drain would wait), idles when it selects no pods', () => {
    const blocked = web();
    Object.assign(blocked.status as object, { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 });
    expect(toRow(podDisruptionBudgets, blocked).health).toEqual({
      level: 'warning',
      reason: 'No disruption allowed (1 healthy, 1 needed): a drain waits',
    });
    const empty = web();
    Object.assign(empty.status as object, { expectedPods: 0, disruptionsAllowed: 0 });
    expect(toRow(podDisruptionBudgets, empty).health).toEqual({ level: 'idle', reason: 'Selects no pods' });
    const fresh = web();
    delete (fresh as { status?: unknown }).status;
    expect(toRow(podDisruptionBudgets, fresh).health).toEqual({ level: 'unknown', reason: 'Not evaluated yet' });
  });
});
