import { afterEach, describe, expect, it } from 'vitest';
import { toRow } from '../../../../shared/kube/kind';
import { events } from '../../../../shared/kube/kinds/event';
import { nodes } from '../../../../shared/kube/kinds/node';
import { pods } from '../../../../shared/kube/kinds/pod';
import type { KubeObject } from '../../../../shared/kube/object';
import type { KubeContextSummary } from '../../../../shared/kube/summary';
import type { KubeRow } from '../../../../shared/kube/types';
import { LiveCollection } from '../../streams/liveCollection';
import { KubeApiError } from '../connection/kubeApiError';
import { KubeMetrics } from '../metrics/kubeMetrics';
import { followSummary, type SummaryRuntime } from './followSummary';

const NOW = Date.parse('2026-12-01T10:00:00Z');
const at = (secondsAgo: number): string => new Date(NOW - secondsAgo * 1000).toISOString();
let uid = 0;
const meta = (name: string, namespace?: string) => ({
  name,
  ...(namespace ? { namespace } : {}),
  uid: `uid-${(uid += 1)}`,
  resourceVersion: '1',
  creationTimestamp: at(3600),
});

/** Objects as the API server sends them. */
function pod(name: string, phase: string, waiting?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, 'team-a'),
    spec: { nodeName: 'kwok-a-node-0', containers: [{ name: 'app', image: 'busybox' }] },
    status: {
      phase,
      containerStatuses: [
        {
          name: 'app',
          ready: phase === 'Running' && !waiting,
          restartCount: waiting ? 5 : 0,
          state: waiting ? { waiting: { reason: waiting } } : { running: { startedAt: at(600) } },
        },
      ],
    },
  } as KubeObject;
}

function node(name: string, ready: boolean, unschedulable = false): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(name),
    spec: unschedulable ? { unschedulable: true } : {},
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: at(900) }] },
  } as KubeObject;
}

function event(reason: string, type: string, secondsAgo: number, involved: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta(`${involved}.${reason}`, 'team-a'),
    type,
    reason,
    message: `${reason} on ${involved}`,
    count: 3,
    firstTimestamp: at(secondsAgo + 300),
    lastTimestamp: at(secondsAgo),
    source: { component: 'kubelet', host: 'kwok-a-node-0' },
    involvedObject: { kind: 'Pod', name: involved, namespace: 'team-a', uid: `uid-${involved}` },
  } as KubeObject;
}

class FakeRuntime implements SummaryRuntime {
  readonly name = 'berth-a';
  readonly collections = {
    pods: new LiveCollection<KubeRow>(10),
    nodes: new LiveCollection<KubeRow>(10),
    events: new LiveCollection<KubeRow>(10),
  };
  leases = 0;
  readonly metrics: KubeMetrics;

  constructor(metricsFail?: unknown) {
    this.metrics = new KubeMetrics({
      context: this.name,
      source: {
        stream: (_request, onChunk) => {
          if (metricsFail) return Promise.reject(metricsFail);
          onChunk(Buffer.from('{"items":[]}'));
          return Promise.resolve();
        },
      },
    });
  }

  failKind: string | undefined;

  acquire(kindKey: string) {
    if (kindKey === this.failKind) {
      return Promise.reject(new Error(`The cluster of “berth-a” does not serve the kind “${kindKey}”.`));
    }
    const rows = this.collections[kindKey as keyof FakeRuntime['collections']];
    this.leases += 1;
    return Promise.resolve({ cache: { rows }, release: () => (this.leases -= 1) });
  }
}

const runtimes: FakeRuntime[] = [];
afterEach(() => {
  for (const r of runtimes.splice(0)) r.metrics.dispose();
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

describe('followSummary: the Overview card of a context from its live watches', () => {
  it('counts rows made by the kind declarations, follows their changes and the metrics availability', async () => {
    const runtime = new FakeRuntime(
      new KubeApiError(404, 'NotFound', 'the server could not find the requested resource'),
    );
    runtimes.push(runtime);
    const { collections } = runtime;
    const crashing = pod('crashloop-demo', 'Running', 'CrashLoopBackOff');
    collections.pods.replaceAll(
      [pod('web-1', 'Running'), crashing, pod('pending-demo', 'Pending'), pod('job-x', 'Succeeded')].map((o) =>
        toRow(pods, o),
      ),
    );
    collections.nodes.replaceAll(
      [node('kwok-a-node-0', true), node('kwok-a-node-1', true, true), node('kwok-a-node-2', false)].map((o) =>
        toRow(nodes, o),
      ),
    );
    collections.events.replaceAll(
      [
        event('BackOff', 'Warning', 10, 'crashloop-demo'),
        event('Pulled', 'Normal', 5, 'web-1'),
        event('FailedScheduling', 'Warning', 60, 'pending-demo'),
      ].map((o) => toRow(events, o)),
    );

    const got: KubeContextSummary[] = [];
    const second: KubeContextSummary[] = [];
    const [stop, stopSecond] = await Promise.all([
      followSummary(runtime, (s) => got.push(s)),
      followSummary(runtime, (s) => second.push(s)),
    ]);
    expect(runtime.leases).toBe(3); // pods, nodes and events once, however many subscribers
    expect(got[0]).toMatchObject({
      context: 'berth-a',
      nodes: { ready: 2, total: 3 },
      pods: { running: 2, pending: 1, succeeded: 1, failed: 0, crashLooping: 1, total: 4 },
      metrics: { state: 'waiting' },
    });
    expect(got[0]!.warnings.map((w) => [w.reason, w.involved.name, w.lastSeen])).toEqual([
      ['BackOff', 'crashloop-demo', NOW - 10_000],
      ['FailedScheduling', 'pending-demo', NOW - 60_000],
    ]);
    expect(second[0]).toEqual(got[0]);

    // The crash-looping pod is deleted, and the metrics API turns out to be missing: one message.
    collections.pods.delete(crashing.metadata.uid);
    await runtime.metrics.pollOnce();
    await until(() => got.length === 2);
    expect(got[1]!.pods).toMatchObject({ running: 1, crashLooping: 0, total: 3 });
    expect(got[1]!.metrics.state).toBe('missing');

    stop();
    stopSecond();
    expect(runtime.leases).toBe(0);
  });

  it('fails with the reason when a watch it needs cannot be held, and holds nothing', async () => {
    const runtime = new FakeRuntime();
    runtimes.push(runtime);
    runtime.failKind = 'nodes';
    await expect(followSummary(runtime, () => {})).rejects.toThrow('does not serve the kind “nodes”');
    expect(runtime.leases).toBe(0);
    runtime.failKind = undefined;
    const stop = await followSummary(runtime, () => {});
    expect(runtime.leases).toBe(3);
    stop();
    expect(runtime.leases).toBe(0);
  });
});
