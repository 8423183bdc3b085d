// Workload kinds on objects captured from the seeded test cluster A (fixtures/*.json).
import { describe, expect, it } from 'vitest';
import { toRow } from '../kind';
import { cronJobs } from './cronJob';
import { daemonSets } from './daemonSet';
import { deployments } from './deployment';
import cronJobFixtures from './fixtures/cronjobs.json';
import daemonSetFixtures from './fixtures/daemonsets.json';
import deploymentFixtures from './fixtures/deployments.json';
import jobFixtures from './fixtures/jobs.json';
import { all, pick, pickLabelled } from './fixtures/pick';
import podFixtures from './fixtures/pods.json';
import replicaSetFixtures from './fixtures/replicasets.json';
import statefulSetFixtures from './fixtures/statefulsets.json';
import { jobs } from './job';
import { pods } from './pod';
import { replicaSets } from './replicaSet';
import { statefulSets } from './statefulSet';

describe('Pod', () => {
  it('crashloop-demo fails with CrashLoopBackOff, 5 restarts, last exit Error (1)', () => {
    const row = toRow(pods, pick(podFixtures, 'crashloop-demo', 'team-a'));
    expect(row.cells).toMatchObject({
      ready: '0/1',
      status: 'CrashLoopBackOff',
      restarts: 5,
      lastTermination: 'Error (exit 1)',
      phase: 'Running',
      qos: 'BestEffort',
    });
    expect(row.cells).not.toHaveProperty('pendingReason');
    expect(row.cells.lastRestart).toBeGreaterThan(Date.UTC(2026, 0));
    expect(row.health).toEqual({ level: 'failing', reason: 'CrashLoopBackOff: last exit Error (1), 5 restarts' });
  });

  it('pending-demo is Pending with the scheduler’s reason', () => {
    const row = toRow(pods, pick(podFixtures, 'pending-demo', 'team-a'));
    expect(row.cells).toMatchObject({ ready: '0/1', status: 'Pending', restarts: 0, phase: 'Pending' });
    expect(row.cells).not.toHaveProperty('node');
    expect(row.cells.pendingReason).toMatch(/^0\/3 nodes are available: .*node affinity\/selector/);
    expect(row.health).toEqual({ level: 'warning', reason: `Pending: ${row.cells.pendingReason}` });
    expect(row.refs?.find((r) => r.relation === 'node')).toBeUndefined();
  });

  it('multi-container-demo runs 2/2 after its init container, on a node, with its IP', () => {
    const row = toRow(pods, pick(podFixtures, 'multi-container-demo', 'team-a'));
    expect(row.cells).toMatchObject({ ready: '2/2', status: 'Running', restarts: 0 });
    expect(row.cells).not.toHaveProperty('lastTermination');
    expect(row.cells.ip).toMatch(/^198\.1[89]\./);
    expect(row.cells.node).toMatch(/^kwok-a-node-\d$/);
    expect(row.health).toEqual({ level: 'ok', reason: 'Running' });
  });

  it('a shop/frontend v1 pod is ready, owned by its ReplicaSet (by uid), on its node, using frontend-config', () => {
    const pod = pickLabelled(podFixtures, { app: 'frontend', version: 'v1' }, 'shop');
    const rs = all(replicaSetFixtures).find((r) => r.metadata.uid === pod.metadata.ownerReferences?.[0]?.uid);
    expect(rs?.metadata.name).toMatch(/^frontend-/);
    const row = toRow(pods, pod);
    expect(row.health.level).toBe('ok');
    expect(row.refs).toEqual(
      expect.arrayContaining([
        { relation: 'owner', kind: 'ReplicaSet', name: rs!.metadata.name, namespace: 'shop', uid: rs!.metadata.uid },
        { relation: 'node', kind: 'Node', name: row.cells.node },
        { relation: 'uses', kind: 'ConfigMap', name: 'frontend-config', namespace: 'shop' },
        { relation: 'serviceAccount', kind: 'ServiceAccount', name: 'default', namespace: 'shop' },
      ]),
    );
  });

  it('a shop/frontend v2 pod runs but is not ready: a warning', () => {
    const row = toRow(pods, pickLabelled(podFixtures, { app: 'frontend', version: 'v2' }, 'shop'));
    expect(row.cells).toMatchObject({ ready: '0/1', status: 'Running' });
    expect(row.health).toEqual({ level: 'warning', reason: 'Not ready: 0/1 containers' });
  });

  it('an api pod uses the ConfigMap and the Secret its env reads; postgres-0 uses its claim', () => {
    const api = toRow(pods, pickLabelled(podFixtures, { app: 'api' }, 'team-a'));
    expect(api.refs).toEqual(
      expect.arrayContaining([
        { relation: 'uses', kind: 'ConfigMap', name: 'api-config', namespace: 'team-a' },
        { relation: 'uses', kind: 'Secret', name: 'api-credentials', namespace: 'team-a' },
      ]),
    );
    const pg = toRow(pods, pick(podFixtures, 'postgres-0', 'data'));
    expect(pg.refs).toContainEqual({
      relation: 'uses',
      kind: 'PersistentVolumeClaim',
      name: 'data-postgres-0',
      namespace: 'data',
    });
    expect(pg.refs).toContainEqual(
      expect.objectContaining({ relation: 'owner', kind: 'StatefulSet', name: 'postgres' }),
    );
  });

  it('uses the ConfigMap of its projected service-account volume, Secret volumes, pull secrets and ephemeral claims', () => {
    const pod = pick(podFixtures, 'multi-container-demo', 'team-a');
    expect(toRow(pods, pod).refs).toContainEqual({
      relation: 'uses',
      kind: 'ConfigMap',
      name: 'kube-root-ca.crt',
      namespace: 'team-a',
    });
    const spec = pod.spec as { volumes: unknown[]; imagePullSecrets?: unknown[] };
    spec.volumes.push({ name: 'tls', secret: { secretName: 'web-tls' } }, { name: 'scratch', ephemeral: {} });
    spec.imagePullSecrets = [{ name: 'registry-pull' }];
    const refs = toRow(pods, pod).refs;
    expect(refs).toContainEqual({ relation: 'uses', kind: 'Secret', name: 'web-tls', namespace: 'team-a' });
    expect(refs).toContainEqual({ relation: 'uses', kind: 'Secret', name: 'registry-pull', namespace: 'team-a' });
    expect(refs).toContainEqual({
      relation: 'uses',
      kind: 'PersistentVolumeClaim',
      name: 'multi-container-demo-scratch',
      namespace: 'team-a',
    });
  });

  it('the db-migrate pod has Completed: idle', () => {
    const row = toRow(pods, pickLabelled(podFixtures, { app: 'db-migrate' }, 'batch'));
    expect(row.cells).toMatchObject({ status: 'Completed', phase: 'Succeeded' });
    expect(row.health).toEqual({ level: 'idle', reason: 'Completed' });
  });
});

describe('Deployment and ReplicaSet', () => {
  it('shop/frontend, held mid-rollout, is a warning: 1 of 3 updated, 3/3 ready', () => {
    const row = toRow(deployments, pick(deploymentFixtures, 'frontend', 'shop'));
    expect(row.cells).toMatchObject({ ready: '3/3', upToDate: 1, available: 3, containers: 'frontend' });
    expect(row.cells.images).toBe('ghcr.io/berth/frontend:2.0.0');
    expect(row.cells.selector).toBe('app=frontend');
    expect(row.health).toEqual({ level: 'warning', reason: 'Rollout in progress: 1/3 updated, 3/3 ready' });
  });

  it('shop/frontend past its progress deadline (600 s after the seed) is failing, saying the old pods still serve', () => {
    const d = pick(deploymentFixtures, 'frontend', 'shop');
    const status = d.status as { conditions: Array<Record<string, string>> };
    // The condition as the controller set it on the seeded cluster ten minutes in.
    status.conditions = status.conditions.map((c) =>
      c.type === 'Progressing'
        ? {
            ...c,
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "frontend-dff4c49df" has timed out progressing.',
          }
        : c,
    );
    expect(toRow(deployments, d).health).toEqual({
      level: 'failing',
      reason:
        'ProgressDeadlineExceeded: ReplicaSet "frontend-dff4c49df" has timed out progressing (1/3 updated, 3/3 ready)',
    });
  });

  it('team-a/api is ok, team-b/worker prints its matchExpressions selector as kubectl does', () => {
    expect(toRow(deployments, pick(deploymentFixtures, 'api', 'team-a')).health).toEqual({
      level: 'ok',
      reason: '2/2 ready',
    });
    expect(toRow(deployments, pick(deploymentFixtures, 'worker', 'team-b')).cells.selector).toBe(
      'app in (worker),track notin (canary)',
    );
  });

  it('prints selectors as kubectl does: requirements sorted by key', () => {
    const cart = all(replicaSetFixtures).find((rs) => rs.metadata.name.startsWith('cart-'))!;
    expect(toRow(replicaSets, cart).cells.selector).toBe(
      `app in (cart),env,pod-template-hash=${cart.metadata.labels?.['pod-template-hash']}`,
    );
  });

  it('a paused Deployment says so; one scaled to zero is idle', () => {
    const paused = pick(deploymentFixtures, 'api', 'team-a');
    (paused.spec as { paused?: boolean }).paused = true;
    expect(toRow(deployments, paused).health).toEqual({ level: 'warning', reason: 'Rollout paused, 2/2 ready' });
    const zero = pick(deploymentFixtures, 'api', 'team-a');
    (zero.spec as { replicas?: number }).replicas = 0;
    zero.status = { observedGeneration: zero.metadata.generation, replicas: 0, updatedReplicas: 0 };
    expect(toRow(deployments, zero).health).toEqual({ level: 'idle', reason: 'Scaled to zero' });
  });

  it('frontend’s old ReplicaSet has 3 ready pods, its new one none, and both belong to the Deployment', () => {
    const frontend = pick(deploymentFixtures, 'frontend', 'shop');
    const rows = all(replicaSetFixtures)
      .filter((rs) => rs.metadata.name.startsWith('frontend-'))
      .map((rs) => toRow(replicaSets, rs));
    const v1 = rows.find((r) => r.cells.ready === 3)!;
    const v2 = rows.find((r) => r.cells.ready === 0)!;
    expect(v1.cells).toMatchObject({ desired: 3, current: 3, images: 'ghcr.io/berth/frontend:1.9.0' });
    expect(v1.health.level).toBe('ok');
    expect(v2.cells).toMatchObject({ desired: 1, current: 1, images: 'ghcr.io/berth/frontend:2.0.0' });
    expect(v2.health).toEqual({ level: 'failing', reason: 'None ready (0/1 ready)' });
    for (const row of [v1, v2]) {
      expect(row.refs).toContainEqual({
        relation: 'owner',
        kind: 'Deployment',
        name: 'frontend',
        namespace: 'shop',
        uid: frontend.metadata.uid,
      });
    }
  });
});

describe('StatefulSet, DaemonSet, Job and CronJob', () => {
  it('data/postgres is 2/2 ready and uses its headless Service', () => {
    const row = toRow(statefulSets, pick(statefulSetFixtures, 'postgres', 'data'));
    expect(row.cells).toEqual({ ready: '2/2', containers: 'postgres', images: 'postgres:16' });
    expect(row.health).toEqual({ level: 'ok', reason: '2/2 ready' });
    expect(row.refs).toContainEqual({ relation: 'uses', kind: 'Service', name: 'postgres', namespace: 'data' });
  });

  it('node-exporter runs on each of the 3 nodes', () => {
    const row = toRow(daemonSets, pick(daemonSetFixtures, 'node-exporter', 'monitoring'));
    expect(row.cells).toMatchObject({
      desired: 3,
      current: 3,
      ready: 3,
      upToDate: 3,
      available: 3,
    });
    expect(row.cells).not.toHaveProperty('nodeSelector');
    expect(row.cells.selector).toBe('app in (node-exporter)');
    expect(row.health).toEqual({ level: 'ok', reason: '3/3 ready' });
  });

  it('batch/db-migrate is Complete, 1/1, with a duration: idle', () => {
    const row = toRow(jobs, pick(jobFixtures, 'db-migrate', 'batch'));
    expect(row.cells).toMatchObject({ status: 'Complete', completions: '1/1', failed: 0 });
    expect(row.cells.duration).toBeGreaterThanOrEqual(0);
    expect(row.health).toEqual({ level: 'idle', reason: 'Complete' });
  });

  it('a Job past its backoff limit fails with the controller’s words', () => {
    const job = pick(jobFixtures, 'db-migrate', 'batch');
    job.status = {
      failed: 3,
      conditions: [
        {
          type: 'Failed',
          status: 'True',
          reason: 'BackoffLimitExceeded',
          message: 'Job has reached the specified backoff limit',
        },
      ],
    };
    expect(toRow(jobs, job).cells.status).toBe('Failed');
    expect(toRow(jobs, job).health).toEqual({
      level: 'failing',
      reason: 'BackoffLimitExceeded: Job has reached the specified backoff limit',
    });
  });

  it('nightly-report is scheduled; the suspended cache-warmer is idle', () => {
    const nightly = toRow(cronJobs, pick(cronJobFixtures, 'nightly-report', 'batch'));
    expect(nightly.cells).toMatchObject({ schedule: '0 3 * * *', suspend: false, active: 0 });
    expect(nightly.cells).not.toHaveProperty('timezone');
    expect(nightly.health.level).toBe('ok');
    const warmer = toRow(cronJobs, pick(cronJobFixtures, 'cache-warmer', 'batch'));
    expect(warmer.cells).toMatchObject({ schedule: '*/30 * * * *', suspend: true });
    expect(warmer.health).toEqual({ level: 'idle', reason: 'Suspended' });
  });
});
