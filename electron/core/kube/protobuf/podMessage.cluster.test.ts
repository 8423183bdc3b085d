import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlApply, testNamespace } from '../../../../e2e/cluster/clusterTestKit';
import { clusterSkipReason, TEST_KUBECONFIG } from '../../../../e2e/cluster/testKubeconfig';
import { toRow } from '../../../../shared/kube/kind';
import { builtinKind } from '../../../../shared/kube/kinds';
import type { KubeObject } from '../../../../shared/kube/object';
import type { KubeRow } from '../../../../shared/kube/types';
import { ClusterClient } from '../connection/clusterClient';
import { staticCredentials } from '../connection/contextResolver';
import { KubeApiError } from '../connection/kubeApiError';
import { loadKubeconfig } from '../connection/kubeconfigLoader';
import { KindWatch, type WatchSink } from '../watch/kindWatch';
import { parseApiJson } from '../watch/watchJson';
import { PROTOBUF } from './kubeProtobuf';
import { podMessage } from './podMessage';
import { ProtobufListReader } from './protobufList';

/**
 * Pods read in the API server's protobuf encoding make the same rows as the same pods read
 * as JSON: every field a pod's row, health and references read is in the schema. The pods are
 * the seeded cluster's (running, crash-looping, pending, completed, multi-container) and one
 * made here that uses every kind of reference a pod can make.
 */
const skip = clusterSkipReason();
const namespace = testNamespace('protobuf');
const pods = builtinKind('pods')!;

const everyReference = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: namespace.name,
    labels: { app: 'refs', empty: '' },
  },
  spec: {
    serviceAccountName: 'default',
    imagePullSecrets: [{ name: 'pull-secret' }],
    readinessGates: [{ conditionType: 'example.com/gate' }],
    initContainers: [
      { name: 'sidecar', image: 'busybox', restartPolicy: 'Always' },
      { name: 'init', image: 'busybox', envFrom: [{ secretRef: { name: 'init-secret' } }] },
    ],
    containers: [
      {
        name: 'app',
        image: 'busybox:1.36',
        env: [
          { name: 'PLAIN', value: 'x' },
          { name: 'FROM_MAP', valueFrom: { configMapKeyRef: { name: 'env-map', key: 'k' } } },
          { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'env-secret', key: 'k' } } },
          { name: 'FROM_FIELD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        ],
        envFrom: [{ configMapRef: { name: 'envfrom-map' } }],
      },
    ],
    volumes: [
      { name: 'claim', persistentVolumeClaim: { claimName: 'data-claim' } },
      { name: 'map', configMap: { name: 'volume-map' } },
      { name: 'secret', secret: { secretName: 'volume-secret' } },
      {
        name: 'projected',
        projected: { sources: [{ configMap: { name: 'projected-map' } }, { secret: { name: 'projected-secret' } }] },
      },
      {
        name: 'scratch',
        ephemeral: {
          volumeClaimTemplate: {
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Mi' } } },
          },
        },
      },
    ],
  },
});

function rowsById(objects: KubeObject[]): Map<string, KubeRow> {
  return new Map(objects.map((o) => [o.metadata.uid, toRow(pods, o)]));
}

describe.skipIf(skip !== null)(`pods in protobuf on the real test cluster${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let client: ClusterClient;

  beforeAll(() => {
    namespace.create();
    kubectlApply(everyReference('every-reference'));
    client = new ClusterClient(loadKubeconfig([TEST_KUBECONFIG]).resolve('berth-a')!, staticCredentials);
  });

  afterAll(() => {
    client?.dispose();
    namespace.remove();
  });

  /** Every pod of the cluster in protobuf, fed to the reader `chunkBytes` at a time; and its resourceVersion. */
  async function protobufPods(chunkBytes: number): Promise<{ items: KubeObject[]; resourceVersion: unknown }> {
    const items: KubeObject[] = [];
    let head: Record<string, unknown> | undefined;
    const reader = new ProtobufListReader(
      podMessage,
      (batch) => items.push(...(batch as KubeObject[])),
      (h) => (head = h),
    );
    const chunks: Buffer[] = [];
    await client.stream({ path: '/api/v1/pods', accept: PROTOBUF }, (c) => chunks.push(c), AbortSignal.timeout(20_000));
    const body = Buffer.concat(chunks);
    for (let at = 0; at < body.length; at += chunkBytes) reader.push(body.subarray(at, at + chunkBytes));
    expect(reader.end()).toBe(head);
    return { items, resourceVersion: (head?.metadata as { resourceVersion?: unknown }).resourceVersion };
  }

  it('lists every pod with the same row as JSON gives, however the bytes are cut', async () => {
    const json = await client.json<{ items: KubeObject[]; metadata: { resourceVersion: string } }>({
      path: '/api/v1/pods',
      parse: parseApiJson,
    });
    const expected = rowsById(json.items);
    const seeded = [...expected.values()].map((r) => r.name);
    expect(seeded).toEqual(
      expect.arrayContaining(['crashloop-demo', 'pending-demo', 'multi-container-demo', 'every-reference']),
    );

    for (const chunkBytes of [7, 1000, 1 << 20]) {
      const { items } = await protobufPods(chunkBytes);
      const rows = rowsById(items);
      // Pods come and go between two lists only if something changes them; compare those in both.
      const both = [...expected.keys()].filter((uid) => rows.has(uid));
      expect(both.length).toBeGreaterThanOrEqual(expected.size - 2);
      for (const uid of both)
        expect(rows.get(uid), `${expected.get(uid)!.name}, cut every ${chunkBytes} bytes`).toEqual(expected.get(uid));
    }

    const refs = expected.get([...expected.values()].find((r) => r.name === 'every-reference')!.id)!.refs!;
    expect(refs.map((r) => `${r.relation} ${r.kind} ${r.name}`)).toEqual(
      expect.arrayContaining([
        'serviceAccount ServiceAccount default',
        'uses PersistentVolumeClaim data-claim',
        'uses PersistentVolumeClaim every-reference-scratch',
        'uses ConfigMap volume-map',
        'uses Secret volume-secret',
        'uses ConfigMap projected-map',
        'uses Secret projected-secret',
        'uses ConfigMap env-map',
        'uses Secret env-secret',
        'uses ConfigMap envfrom-map',
        'uses Secret init-secret',
        'uses Secret pull-secret',
      ]),
    );
  });

  it('watches in protobuf: a pod added, changed and deleted comes with the rows JSON gives', async () => {
    const seen: Array<{ type: string; row: KubeRow }> = [];
    let live: () => void = () => {};
    const isLive = new Promise<void>((resolve) => (live = resolve));
    const sink: WatchSink = {
      listStart: () => {},
      listPage: () => {},
      listed: () => {},
      added: (o) => seen.push({ type: 'ADDED', row: toRow(pods, o) }),
      modified: (o) => seen.push({ type: 'MODIFIED', row: toRow(pods, o) }),
      deleted: (o) => seen.push({ type: 'DELETED', row: toRow(pods, o) }),
      phase: (p) => p.state === 'live' && live(),
    };
    const requests: Array<string | undefined> = [];
    const watch = new KindWatch({
      client: {
        json: (r) => client.json(r),
        stream: (r, onChunk, signal, begin) => {
          requests.push(r.accept);
          return client.stream(r, onChunk, signal, begin);
        },
      },
      kind: pods,
      scope: { allNamespaces: false, namespace: namespace.name },
      sink,
      protobuf: podMessage,
    });
    watch.start();
    try {
      await isLive;
      kubectlApply({ ...everyReference('watched'), spec: { containers: [{ name: 'app', image: 'busybox' }] } });
      kubectlApply({
        ...everyReference('watched'),
        metadata: { ...everyReference('watched').metadata, labels: { app: 'changed' } },
        spec: { containers: [{ name: 'app', image: 'busybox' }] },
      });
      await expect.poll(() => seen.some((e) => e.row.labels?.app === 'changed'), { timeout: 5000 }).toBe(true);
      // The scheduler and kwok change the pod too: wait until the watch has its latest version, then compare.
      let now: KubeObject | undefined;
      await expect
        .poll(
          async () => {
            now = await client.json<KubeObject>({
              path: `/api/v1/namespaces/${namespace.name}/pods/watched`,
              parse: parseApiJson,
            });
            return (
              seen.filter((e) => e.row.name === 'watched').at(-1)?.row.resourceVersion === now.metadata.resourceVersion
            );
          },
          { timeout: 10_000 },
        )
        .toBe(true);
      expect(seen.filter((e) => e.row.name === 'watched').at(-1)!.row).toEqual(toRow(pods, now!));
      await client.json({ method: 'DELETE', path: `/api/v1/namespaces/${namespace.name}/pods/watched` });
      await expect
        .poll(() => seen.some((e) => e.type === 'DELETED' && e.row.name === 'watched'), { timeout: 5000 })
        .toBe(true);
      expect(seen.filter((e) => e.row.name === 'watched')[0]!.type).toBe('ADDED');
      // Both the list and the watch asked for protobuf.
      expect(requests.every((a) => a?.startsWith('application/vnd.kubernetes.protobuf'))).toBe(true);
    } finally {
      watch.stop();
    }
  });

  it('reads an error the server sends in protobuf as the server’s own message', async () => {
    const failed = await client
      .json({ path: `/api/v1/namespaces/${namespace.name}/pods/no-such-pod`, accept: PROTOBUF })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(KubeApiError);
    expect((failed as KubeApiError).statusCode).toBe(404);
    expect((failed as KubeApiError).message).toBe('pods "no-such-pod" not found');
  });
});
