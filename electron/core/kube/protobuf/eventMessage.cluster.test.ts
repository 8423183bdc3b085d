import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlApply, testNamespace } from '../../../../e2e/cluster/clusterTestKit';
import { clusterSkipReason, TEST_KUBECONFIG } from '../../../../e2e/cluster/testKubeconfig';
import { toRow } from '../../../../shared/kube/kind';
import { builtinKind } from '../../../../shared/kube/kinds';
import type { KubeObject } from '../../../../shared/kube/object';
import type { KubeRow } from '../../../../shared/kube/types';
import { ClusterClient } from '../connection/clusterClient';
import { staticCredentials } from '../connection/contextResolver';
import { loadKubeconfig } from '../connection/kubeconfigLoader';
import { parseApiJson } from '../watch/watchJson';
import { eventMessage } from './eventMessage';
import { PROTOBUF } from './kubeProtobuf';
import { ProtobufListReader } from './protobufList';

/**
 * Events read in the API server's protobuf encoding make the same rows as the same events
 * read as JSON: those the seeded cluster's components wrote (the controllers' with a count,
 * the scheduler's through events.k8s.io with an eventTime), and two written here with every
 * field an event's row reads, a series and times with microseconds among them.
 */
const skip = clusterSkipReason();
const namespace = testNamespace('protobuf-events');
const events = builtinKind('events')!;

/** As kubelet and the controllers write them (core/v1): a source, a count, first and last times. */
const counted = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'counted', namespace: namespace.name, labels: { app: 'events', empty: '' } },
  involvedObject: {
    kind: 'Pod',
    namespace: namespace.name,
    name: 'web-1',
    uid: 'uid-web-1',
    fieldPath: 'spec.containers{web}',
  },
  reason: 'Unhealthy',
  message: 'Readiness probe failed: <b>503</b>',
  type: 'Warning',
  source: { component: 'kubelet', host: 'node-7' },
  firstTimestamp: '2026-12-04T10:11:12Z',
  lastTimestamp: '2026-12-04T10:21:12Z',
  count: 4,
};

/** As the scheduler writes them (events.k8s.io/v1): an eventTime and a series, in microseconds. */
const series = {
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'series', namespace: namespace.name },
  eventTime: '2026-12-04T10:11:12.345678Z',
  series: { count: 3, lastObservedTime: '2026-12-04T10:21:12.000007Z' },
  reportingController: 'berth.dev/test',
  reportingInstance: 'berth-test-1',
  action: 'Scheduling',
  reason: 'FailedScheduling',
  note: '0/3 nodes are available',
  type: 'Warning',
  regarding: { kind: 'Pod', namespace: namespace.name, name: 'web-2', uid: 'uid-web-2' },
};

function rowsById(objects: KubeObject[]): Map<string, KubeRow> {
  return new Map(objects.map((o) => [o.metadata.uid, toRow(events, o)]));
}

describe.skipIf(skip !== null)(
  `events in protobuf on the real test cluster${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let client: ClusterClient;

    beforeAll(() => {
      namespace.create();
      kubectlApply(counted);
      kubectlApply(series);
      client = new ClusterClient(loadKubeconfig([TEST_KUBECONFIG]).resolve('berth-a')!, staticCredentials);
    });

    afterAll(() => {
      client?.dispose();
      namespace.remove();
    });

    it('lists every event with the same row as JSON gives, however the bytes are cut', async () => {
      const json = await client.json<{ items: KubeObject[] }>({ path: '/api/v1/events', parse: parseApiJson });
      const expected = rowsById(json.items);
      const rows = [...expected.values()];
      // The cluster's own kinds of event are among them: a controller's (count, no eventTime) and the scheduler's.
      expect(rows.some((r) => r.cells.source === 'default-scheduler' || r.cells.source === 'kube-scheduler')).toBe(
        true,
      );
      expect(rows.some((r) => (r.cells.reason as string | null) === 'BackOff')).toBe(true);
      expect(rows.find((r) => r.name === 'counted')!.cells).toMatchObject({
        reason: 'Unhealthy',
        object: 'pod/web-1',
        subobject: 'spec.containers{web}',
        source: 'kubelet, node-7',
        count: 4,
        lastSeen: Date.parse('2026-12-04T10:21:12Z'),
      });
      expect(rows.find((r) => r.name === 'series')!.cells).toMatchObject({
        source: 'berth.dev/test',
        count: 3,
        firstSeen: Date.parse('2026-12-04T10:11:12.345Z'),
        lastSeen: Date.parse('2026-12-04T10:21:12.000Z'),
      });

      const chunks: Buffer[] = [];
      await client.stream(
        { path: '/api/v1/events', accept: PROTOBUF },
        (c) => chunks.push(c),
        AbortSignal.timeout(20_000),
      );
      const body = Buffer.concat(chunks);
      for (const chunkBytes of [7, 1000, 1 << 20]) {
        const items: KubeObject[] = [];
        const reader = new ProtobufListReader(eventMessage, (batch) => items.push(...(batch as KubeObject[])));
        for (let at = 0; at < body.length; at += chunkBytes) reader.push(body.subarray(at, at + chunkBytes));
        reader.end();
        const decoded = rowsById(items);
        // Events come and go between two lists (the cluster keeps writing them); compare those in both.
        const both = [...expected.keys()].filter((uid) => decoded.has(uid));
        expect(both.length).toBeGreaterThanOrEqual(expected.size - 10);
        for (const uid of both) {
          expect(decoded.get(uid), `${expected.get(uid)!.name}, cut every ${chunkBytes} bytes`).toEqual(
            expected.get(uid),
          );
        }
      }
    });

    it('reads a MicroTime with its microseconds, as JSON writes it', async () => {
      const chunks: Buffer[] = [];
      await client.stream(
        { path: `/api/v1/namespaces/${namespace.name}/events`, accept: PROTOBUF },
        (c) => chunks.push(c),
        AbortSignal.timeout(20_000),
      );
      const items: Array<Record<string, unknown>> = [];
      const reader = new ProtobufListReader(eventMessage, (batch) => items.push(...(batch as typeof items)));
      reader.push(Buffer.concat(chunks));
      reader.end();
      const byName = new Map(items.map((i) => [(i.metadata as { name: string }).name, i]));
      expect(byName.get('series')).toMatchObject({
        eventTime: '2026-12-04T10:11:12.345678Z',
        series: { count: 3, lastObservedTime: '2026-12-04T10:21:12.000007Z' },
        involvedObject: { kind: 'Pod', name: 'web-2', uid: 'uid-web-2' },
      });
      expect(byName.get('counted')).toMatchObject({
        firstTimestamp: '2026-12-04T10:11:12Z',
        count: 4,
        involvedObject: { kind: 'Pod', name: 'web-1', uid: 'uid-web-1', fieldPath: 'spec.containers{web}' },
      });
    });
  },
);
