// Every declared kind, listed live from test cluster A, made into rows: what the watch engine
// will do with whatever the server sends.
import { HttpMethod, KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { clusterSkipReason, TEST_KUBECONFIG } from '../../../e2e/cluster/testKubeconfig';
import { toRow, type KindDeclaration } from '../kind';
import type { KubeObject } from '../object';
import type { KubeRow } from '../types';
import { BUILTIN_KINDS } from './index';

const skip = clusterSkipReason();

/** Lists as the server answers: raw JSON, timestamps as strings (client-node's models would make Dates). */
class RawListApi extends KubernetesObjectApi {
  async listRaw(kind: KindDeclaration): Promise<KubeObject[]> {
    const path = kind.group ? `/apis/${kind.group}/${kind.version}/${kind.plural}` : `/api/v1/${kind.plural}`;
    const request = this.configuration.baseServer.makeRequestContext(path, HttpMethod.GET);
    request.setHeaderParam('Accept', 'application/json');
    const list = (await this.requestPromise(request, 'any')) as unknown as { items: KubeObject[] };
    return list.items;
  }
}

describe.skipIf(skip !== null)(`kind declarations on live objects${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const rows = new Map<string, KubeRow[]>();

  beforeAll(async () => {
    const config = new KubeConfig();
    config.loadFromFile(TEST_KUBECONFIG);
    config.setCurrentContext('berth-a');
    const api = config.makeApiClient(RawListApi);
    for (const kind of BUILTIN_KINDS) {
      rows.set(
        kind.kind,
        (await api.listRaw(kind)).map((o) => toRow(kind, o)),
      );
    }
  });

  it('make a row of every object of every kind: uid, name, health, plain JSON cells', () => {
    for (const kind of BUILTIN_KINDS) {
      const list = rows.get(kind.kind)!;
      // Events expire an hour after the seed (the API server's default --event-ttl); no
      // PodDisruptionBudget is seeded, since one would hold up the drain tests.
      if (kind.kind !== 'Event' && kind.kind !== 'PodDisruptionBudget') {
        expect(list.length, `${kind.kind} objects`).toBeGreaterThan(0);
      }
      for (const row of list) {
        const what = `${kind.kind} ${row.namespace ?? ''}/${row.name}`;
        expect(row.id, what).toMatch(/^[0-9a-f-]{36}$/);
        expect(row.name, what).not.toBe('');
        expect(row.createdAt, what).toBeGreaterThan(Date.UTC(2020, 0));
        expect(['ok', 'warning', 'failing', 'idle', 'unknown'], what).toContain(row.health.level);
        // A cell with nothing to show is left out (the table shows a dash), never null.
        for (const [id, value] of Object.entries(row.cells)) {
          expect(['string', 'number', 'boolean'].includes(typeof value), `${what} ${id}`).toBe(true);
        }
        expect(JSON.parse(JSON.stringify(row)), what).toEqual(row);
      }
    }
  });

  it('point at objects that exist: owners by uid, nodes, claims, classes, ConfigMaps, Secrets by name', () => {
    // The seeded namespaces only: other suites may create objects elsewhere that point at nothing.
    const seeded = new Set(['team-a', 'team-b', 'shop', 'data', 'batch', 'monitoring', undefined]);
    const live = new Set<string>();
    for (const [kind, list] of rows) {
      for (const r of list) live.add(`${kind}|${r.namespace ?? ''}|${r.name}`).add(`uid|${r.id}`);
    }
    // Events may be about objects long gone; EndpointSlices race pods being replaced.
    const checked = BUILTIN_KINDS.filter((k) => k.kind !== 'Event' && k.kind !== 'EndpointSlice');
    let count = 0;
    for (const kind of checked) {
      for (const row of rows.get(kind.kind)!.filter((r) => seeded.has(r.namespace))) {
        for (const ref of row.refs ?? []) {
          if (ref.relation === 'selects' || !rows.has(ref.kind)) continue;
          const key = ref.uid ? `uid|${ref.uid}` : `${ref.kind}|${ref.namespace ?? ''}|${ref.name}`;
          expect(live.has(key), `${kind.kind} ${row.namespace ?? ''}/${row.name} → ${JSON.stringify(ref)}`).toBe(true);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(50);
  });

  it('show the seeded objects as a user would recognise them', () => {
    const find = (kind: string, namespace: string | undefined, name: string) =>
      rows.get(kind)!.find((r) => r.namespace === namespace && r.name === name);

    const crash = find('Pod', 'team-a', 'crashloop-demo');
    expect(crash?.cells).toMatchObject({ status: 'CrashLoopBackOff', restarts: 5, lastTermination: 'Error (exit 1)' });
    expect(crash?.health).toEqual({ level: 'failing', reason: 'CrashLoopBackOff: last exit Error (1), 5 restarts' });
    expect(find('Pod', 'team-a', 'pending-demo')?.health.reason).toMatch(/^Pending: 0\/\d+ nodes are available/);
    expect(find('Pod', 'team-a', 'multi-container-demo')?.cells).toMatchObject({ ready: '2/2', status: 'Running' });
    // Held mid-rollout: a warning until its 600 s progress deadline passes, failing after.
    const frontend = find('Deployment', 'shop', 'frontend')!.health;
    if (frontend.level === 'warning') expect(frontend.reason).toBe('Rollout in progress: 1/3 updated, 3/3 ready');
    else
      expect(frontend).toMatchObject({
        level: 'failing',
        reason: expect.stringMatching(/^ProgressDeadlineExceeded: /),
      });
    expect(find('StatefulSet', 'data', 'postgres')?.health).toEqual({ level: 'ok', reason: '2/2 ready' });
    expect(find('Job', 'batch', 'db-migrate')?.cells.status).toBe('Complete');
    expect(find('CronJob', 'batch', 'cache-warmer')?.health).toEqual({ level: 'idle', reason: 'Suspended' });
    expect(find('PersistentVolumeClaim', 'data', 'backups')?.cells.status).toBe('Bound');
    expect(find('Node', undefined, 'kwok-a-node-0')?.health.level).toBe('ok');
    for (const e of rows.get('Event')!) {
      expect(e.health.level, e.name).toBe(e.cells.type === 'Warning' ? 'warning' : 'ok');
    }
    for (const row of rows.get('Secret')!) {
      expect(Object.keys(row.cells).sort()).toEqual(['data', 'type']);
    }
  });
});
