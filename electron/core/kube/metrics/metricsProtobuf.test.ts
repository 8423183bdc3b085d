import { describe, expect, it } from 'vitest';
import { parseNodeMetrics, parsePodMetrics } from './metricsApi';
import { decodeNodeMetricsList, decodePodMetricsList, isKubeProtobuf, MetricsBodyReader } from './metricsProtobuf';

/**
 * Protobuf bodies built field by field, as the API server writes them (the real server's
 * answers are compared with its JSON in kubeMetrics.cluster.test.ts).
 */
const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
};
const bytes = (field: number, value: number[] | string): number[] => {
  const body = typeof value === 'string' ? [...Buffer.from(value)] : value;
  return [...varint((field << 3) | 2), ...varint(body.length), ...body];
};
const number = (field: number, value: number): number[] => [...varint(field << 3), ...varint(value)];
/** A map<string, Quantity> entry in field `field`. */
const quantity = (field: number, name: string, value: string): number[] =>
  bytes(field, [...bytes(1, name), ...bytes(2, bytes(1, value))]);
const envelope = (kind: string, list: number[]): Buffer =>
  Buffer.from([
    ...Buffer.from('k8s\0', 'latin1'),
    ...bytes(1, [...bytes(1, 'metrics.k8s.io/v1beta1'), ...bytes(2, kind)]),
    ...bytes(2, list),
    ...bytes(3, ''),
    ...bytes(4, ''),
  ]);

/** 2026-12-03T04:29:21Z */
const SECONDS = 1796272161;
const podMetrics = (namespace: string, name: string, containers: Array<[string, string, string]>): number[] =>
  bytes(2, [
    // metadata, with labels (field 11) that are skipped unread
    ...bytes(1, [...bytes(1, name), ...bytes(3, namespace), ...bytes(11, [...bytes(1, 'app'), ...bytes(2, 'web')])]),
    ...bytes(2, [...number(1, SECONDS)]),
    ...bytes(3, [...number(1, 15)]),
    ...containers.flatMap(([container, cpu, memory]) =>
      bytes(4, [...bytes(1, container), ...quantity(2, 'cpu', cpu), ...quantity(2, 'memory', memory)]),
    ),
  ]);

const pods = envelope('PodMetricsList', [
  ...bytes(1, [...bytes(2, '')]),
  ...podMetrics('team-a', 'web-1', [
    ['app', '250m', '64Mi'],
    ['sidecar', '956126n', '1Mi'],
  ]),
  ...podMetrics('team-b', 'db-0', [['db', '1', '1Gi']]),
]);

describe('metrics.k8s.io in protobuf', () => {
  it('reads each pod’s name, namespace, scrape time and containers’ usage, as from JSON', () => {
    expect(isKubeProtobuf(pods)).toBe(true);
    const list = decodePodMetricsList(pods);
    expect(list.items?.[0]).toEqual({
      metadata: { name: 'web-1', namespace: 'team-a' },
      timestamp: '2026-12-03T04:29:21Z',
      containers: [
        { name: 'app', usage: { cpu: '250m', memory: '64Mi' } },
        { name: 'sidecar', usage: { cpu: '956126n', memory: '1Mi' } },
      ],
    });
    expect(parsePodMetrics(list, 0).samples).toEqual([
      { id: 'team-a/web-1', t: Date.parse('2026-12-03T04:29:21Z'), cpu: 250.956126, memory: 65 * 2 ** 20 },
      { id: 'team-b/db-0', t: Date.parse('2026-12-03T04:29:21Z'), cpu: 1000, memory: 2 ** 30 },
    ]);
  });

  it('reads nodes’ usage', () => {
    const nodes = envelope(
      'NodeMetricsList',
      bytes(2, [
        ...bytes(1, bytes(1, 'node-1')),
        ...bytes(2, number(1, SECONDS)),
        ...quantity(4, 'cpu', '1500m'),
        ...quantity(4, 'memory', '2Gi'),
      ]),
    );
    expect(parseNodeMetrics(decodeNodeMetricsList(nodes), 0).samples).toEqual([
      { id: 'node-1', t: Date.parse('2026-12-03T04:29:21Z'), cpu: 1500, memory: 2 * 2 ** 30 },
    ]);
  });

  it('refuses a body cut short or not protobuf, rather than reading part of it', () => {
    expect(() => decodePodMetricsList(pods.subarray(0, pods.length - 9))).toThrow(/past its/);
    expect(() => decodePodMetricsList(Buffer.from('{"items":[]}'))).toThrow(/not the API’s protobuf/);
  });

  it('takes whichever format the server answered, in chunks of any size', () => {
    const json = Buffer.from(
      JSON.stringify({
        kind: 'PodMetricsList',
        metadata: {},
        items: [
          {
            metadata: { name: 'web-1', namespace: 'team-a', labels: { app: 'web' } },
            timestamp: '2026-12-03T04:29:21Z',
            window: '15s',
            containers: [{ name: 'app', usage: { cpu: '250m', memory: '64Mi' } }],
          },
        ],
      }),
    );
    for (const body of [pods, json]) {
      for (const size of [1, 3, 7, body.length]) {
        const ids: string[] = [];
        const reader = new MetricsBodyReader(decodePodMetricsList, (items) =>
          ids.push(...parsePodMetrics({ items }, 0).samples.map((s) => s.id)),
        );
        for (let at = 0; at < body.length; at += size) reader.push(body.subarray(at, at + size));
        reader.end();
        expect(ids).toEqual(body === pods ? ['team-a/web-1', 'team-b/db-0'] : ['team-a/web-1']);
      }
    }
  });
});
