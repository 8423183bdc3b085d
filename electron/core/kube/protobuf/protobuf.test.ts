import { describe, expect, it } from 'vitest';
import { decodeMessage, message, rfc3339 } from './messageSchema';
import { decodeStatus } from './kubeProtobuf';
import { nodeMetricsMessage, podMetricsMessage } from './metricsMessage';
import { podMessage } from './podMessage';
import { ProtobufListReader } from './protobufList';
import { ProtobufWatchReader } from './protobufWatch';
import { ProtoReader } from './protoReader';

/**
 * The wire format as the API server writes it, made by hand here: the cluster tests compare
 * whole pods with their JSON; these pin the edges (negative numbers, bytes cut anywhere,
 * bodies cut short, errors) that a healthy cluster rarely sends.
 */
function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, BigInt(n));
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}
const bytes = (num: number, content: number[] | string): number[] => {
  const body = typeof content === 'string' ? [...Buffer.from(content)] : content;
  return [...varint((num << 3) | 2), ...varint(body.length), ...body];
};
const number = (num: number, value: number): number[] => [...varint(num << 3), ...varint(value)];
const envelope = (kind: string, raw: number[]): number[] => [
  ...Buffer.from('k8s\0', 'latin1'),
  ...bytes(1, [...bytes(1, 'v1'), ...bytes(2, kind)]),
  ...bytes(2, raw),
  ...bytes(3, ''),
  ...bytes(4, ''),
];
const pod = (name: string, rv: string, extra: number[] = []): number[] => [
  ...bytes(1, [...bytes(1, name), ...bytes(3, 'ns'), ...bytes(5, `uid-${name}`), ...bytes(6, rv)]),
  ...extra,
];

describe('protobuf wire format', () => {
  it('reads negative int32 (ten bytes) and int64 values as JSON numbers', () => {
    const schema = message({ 1: ['exitCode', 'int'], 2: ['big', 'int'], 3: ['small', 'int'] });
    const buf = Buffer.from([...number(1, -1), ...number(2, 2 ** 40 + 5), ...number(3, 137)]);
    expect(decodeMessage(schema, buf, 0, buf.length)).toEqual({ exitCode: -1, big: 2 ** 40 + 5, small: 137 });
  });

  it('writes times as the API server’s JSON does, and the zero time as none', () => {
    for (const seconds of [1, 951782400, 1709251199, 1764766182, 4102444800]) {
      expect(rfc3339(seconds)).toBe(`${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`);
    }
    const schema = message({ 8: ['creationTimestamp', 'time'], 9: ['deletionTimestamp', 'time'] });
    const buf = Buffer.from([...bytes(8, number(1, 1764766182)), ...bytes(9, [])]);
    expect(decodeMessage(schema, buf, 0, buf.length)).toEqual({ creationTimestamp: '2025-12-03T12:49:42Z' });
  });

  it('leaves out empty strings as Go’s JSON does, but keeps an empty label value', () => {
    const labels = [
      ...bytes(11, [...bytes(1, 'empty'), ...bytes(2, '')]),
      ...bytes(11, [...bytes(1, 'app'), ...bytes(2, 'é')]),
    ];
    const buf = Buffer.from(pod('a', '1', bytes(3, [...bytes(1, 'Running'), ...bytes(4, '')])));
    const withLabels = Buffer.from([...bytes(1, [...bytes(1, 'a'), ...labels])]);
    expect(decodeMessage(podMessage, buf, 0, buf.length).status).toEqual({ phase: 'Running' });
    expect(decodeMessage(podMessage, withLabels, 0, withLabels.length).metadata).toEqual({
      name: 'a',
      labels: { empty: '', app: 'é' },
    });
  });

  it('reads a map of quantities (metrics) as JSON’s object of quantity strings', () => {
    const quantity = (key: string, text: string): number[] => [...bytes(1, key), ...bytes(2, bytes(1, text))];
    const container = (name: string, cpu: string, memory: string): number[] =>
      bytes(4, [...bytes(1, name), ...bytes(2, quantity('cpu', cpu)), ...bytes(2, quantity('memory', memory))]);
    const item = [
      ...bytes(1, [...bytes(1, 'web-1'), ...bytes(3, 'shop'), ...bytes(11, [...bytes(1, 'app'), ...bytes(2, 'web')])]),
      ...bytes(2, number(1, 1764766182)),
      ...bytes(3, number(1, 15)),
      ...container('app', '649208n', '1Mi'),
      ...container('sidecar', '0', '12Ki'),
    ];
    const buf = Buffer.from(item);
    expect(decodeMessage(podMetricsMessage, buf, 0, buf.length)).toEqual({
      metadata: { name: 'web-1', namespace: 'shop' },
      timestamp: '2025-12-03T12:49:42Z',
      containers: [
        { name: 'app', usage: { cpu: '649208n', memory: '1Mi' } },
        { name: 'sidecar', usage: { cpu: '0', memory: '12Ki' } },
      ],
    });
    const node = Buffer.from([...bytes(1, bytes(1, 'node-0')), ...bytes(4, quantity('cpu', '2'))]);
    expect(decodeMessage(nodeMetricsMessage, node, 0, node.length)).toEqual({
      metadata: { name: 'node-0' },
      usage: { cpu: '2' },
    });
  });

  it('reads map keys of any length and script the same, short ones made once or not', () => {
    const keys = ['cpu', 'cpu', 'memory', 'é', 'ü', 'a\u0000', 'a', 'memoryx', 'pod-template-hash', '日本'];
    const labels = keys.map((key, i) => bytes(11, [...bytes(1, key), ...bytes(2, String(i))]));
    for (const cut of [labels, [...labels].reverse()]) {
      const buf = Buffer.from(bytes(1, cut.flat()));
      const { labels: read } = decodeMessage(podMessage, buf, 0, buf.length).metadata as {
        labels: Record<string, string>;
      };
      expect(Object.keys(read).sort()).toEqual([...new Set(keys)].sort());
    }
    const reader = (text: string) => {
      const buf = Buffer.from(bytes(1, text));
      const r = new ProtoReader(buf, 0, buf.length);
      r.tag();
      return r.shortString();
    };
    // Keys alike in their bytes' value but not in their length stay apart.
    expect(reader('\u0000a')).toBe('\u0000a');
    expect(reader('a')).toBe('a');
    expect(reader('')).toBe('');
  });

  it('reads each time as its own text when times alternate', () => {
    const schema = message({ 2: ['timestamp', 'time'] });
    for (const seconds of [1764766182, 1764766182, 1764766197, 1764766182, 1]) {
      const buf = Buffer.from(bytes(2, number(1, seconds)));
      expect(decodeMessage(schema, buf, 0, buf.length)).toEqual({ timestamp: rfc3339(seconds) });
    }
  });

  it('refuses a field that runs past its message', () => {
    const buf = Buffer.from([...varint((1 << 3) | 2), 50, 1, 2]);
    expect(() => decodeMessage(podMessage, buf, 0, buf.length)).toThrow(/runs past/);
    expect(() => new ProtoReader(buf, 0, buf.length).skip(3)).toThrow(/wire type 3/);
  });
});

describe('ProtobufListReader', () => {
  const list = (items: number[][], rv = '42', token?: string): Buffer =>
    Buffer.from(
      envelope('PodList', [
        ...bytes(1, [...bytes(2, rv), ...(token ? bytes(3, token) : [])]),
        ...items.flatMap((item) => bytes(2, item)),
      ]),
    );

  it('hands on every item once, in order, wherever the bytes are cut, and the head before them', () => {
    const body = list([pod('a', '1'), pod('b', '2'), pod('c', '3')], '42', 'next-page');
    for (const size of [1, 3, 17, body.length]) {
      const names: string[] = [];
      const heads: unknown[] = [];
      const reader = new ProtobufListReader(
        podMessage,
        (items) => names.push(...items.map((i) => (i as { metadata: { name: string } }).metadata.name)),
        (head) => heads.push(head),
      );
      for (let at = 0; at < body.length; at += size) reader.push(body.subarray(at, at + size));
      expect(names).toEqual(['a', 'b', 'c']);
      expect(heads).toEqual([{ metadata: { resourceVersion: '42', continue: 'next-page' } }]);
      expect(reader.end()).toEqual(heads[0]);
    }
  });

  it('fails a body cut short, and one that is not protobuf, rather than list part of it', () => {
    const body = list([pod('a', '1'), pod('b', '2')]);
    const cut = new ProtobufListReader(podMessage, () => {});
    cut.push(body.subarray(0, body.length - 12));
    expect(() => cut.end()).toThrow(/ended early/);
    const json = new ProtobufListReader(podMessage, () => {});
    expect(() => json.push(Buffer.from('{"kind":"PodList"}'))).toThrow(/not in the API server’s protobuf/);
  });
});

describe('ProtobufWatchReader', () => {
  const frame = (type: string, object: number[]): number[] => {
    const event = [...bytes(1, type), ...bytes(2, bytes(1, object))];
    const length = Buffer.alloc(4);
    length.writeUInt32BE(event.length);
    return [...length, ...event];
  };

  it('decodes events as their last byte comes in, however the stream is cut', () => {
    const stream = Buffer.from([
      ...frame('ADDED', envelope('Pod', pod('a', '5'))),
      ...frame('BOOKMARK', envelope('Pod', bytes(1, bytes(6, '9')))),
      ...frame(
        'ERROR',
        envelope('Status', [
          ...bytes(2, 'Failure'),
          ...bytes(3, 'too old resource version: 1 (9)'),
          ...bytes(4, 'Expired'),
          ...number(6, 410),
        ]),
      ),
    ]);
    for (const size of [1, 5, stream.length]) {
      const reader = new ProtobufWatchReader(podMessage, 1 << 20);
      const events = [];
      for (let at = 0; at < stream.length; at += size) events.push(...reader.push(stream.subarray(at, at + size)));
      expect(events).toEqual([
        { type: 'ADDED', object: { metadata: { name: 'a', namespace: 'ns', uid: 'uid-a', resourceVersion: '5' } } },
        { type: 'BOOKMARK', object: { metadata: { resourceVersion: '9' } } },
        {
          type: 'ERROR',
          object: {
            kind: 'Status',
            status: 'Failure',
            message: 'too old resource version: 1 (9)',
            reason: 'Expired',
            code: 410,
          },
        },
      ]);
    }
  });

  it('reads the annotation that ends a streaming list from a bookmark, which object schemas leave out', () => {
    const annotation = (key: string, value: string) => bytes(12, [...bytes(1, key), ...bytes(2, value)]);
    const meta = (version: string) => [...bytes(6, version), ...annotation('k8s.io/initial-events-end', 'true')];
    const reader = new ProtobufWatchReader(podMessage, 1 << 20);
    const events = reader.push(
      Buffer.from([
        ...frame('ADDED', envelope('Pod', bytes(1, [...bytes(1, 'a'), ...meta('5')]))),
        ...frame('BOOKMARK', envelope('Pod', bytes(1, meta('9')))),
      ]),
    );
    expect(events).toEqual([
      { type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '5' } } },
      {
        type: 'BOOKMARK',
        object: { metadata: { resourceVersion: '9', annotations: { 'k8s.io/initial-events-end': 'true' } } },
      },
    ]);
  });

  it('refuses an event longer than its limit instead of buffering it', () => {
    const reader = new ProtobufWatchReader(podMessage, 100);
    expect(() => reader.push(Buffer.from(frame('ADDED', envelope('Pod', pod('a'.repeat(200), '1')))))).toThrow(/bytes/);
  });
});

describe('decodeStatus', () => {
  it('reads an error body in protobuf, and says nothing of one that is not a Status', () => {
    const body = Buffer.from(
      envelope('Status', [...bytes(3, 'pods "x" not found'), ...bytes(4, 'NotFound'), ...number(6, 404)]),
    );
    expect(decodeStatus(body)).toEqual({
      kind: 'Status',
      message: 'pods "x" not found',
      reason: 'NotFound',
      code: 404,
    });
    expect(decodeStatus(Buffer.from(envelope('Pod', pod('a', '1'))))).toBeUndefined();
    expect(decodeStatus(Buffer.from('{"kind":"Status"}'))).toBeUndefined();
  });
});
