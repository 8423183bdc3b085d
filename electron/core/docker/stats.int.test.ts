import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionEvent } from '../../../shared/collection';
import type { StatsEvent, StatsSummaryRow } from '../../../shared/docker';
import {
  removeTestContainers,
  runBusyAndIdle,
  sleep,
  startBackend,
  Subscription,
} from '../../../e2e/docker/dockerTestKit';
import { ResourceProbe } from '../../../e2e/docker/processResources';
import { requireDocker } from '../../../e2e/docker/requireDocker';
import { until } from '../../../e2e/support/until';
import { RELEASE_GRACE_MS } from './statsHub';
import { busyCpuThreshold } from '../../../e2e/support/dockerFixtures';

const check = await requireDocker();

/** `yes` keeps one core busy: ~100 % as docker counts it. */
const busyThreshold = (): number => busyCpuThreshold(60);
const SUITE = 'stats';
const engineId = 'env';

describe.skipIf(!check.available)('container stats (real dockerd)', () => {
  let ctx: ReturnType<typeof startBackend>;
  let busy: string;
  let idle: string;

  beforeAll(async () => {
    await removeTestContainers(SUITE);
    ctx = startBackend();
    ({ busy, idle } = await runBusyAndIdle(ctx.backend, SUITE, ['sh', '-c', 'yes > /dev/null']));
  });

  afterAll(async () => {
    await ctx?.dispose();
    await removeTestContainers(SUITE);
  });

  const samplesOf = (sub: Subscription<StatsEvent>) => sub.events.flatMap((e) => e.samples);

  it('reads a busy container near 100 % CPU and an idle one near 0 %', async () => {
    const busyStats = new Subscription<StatsEvent>(ctx.backend, 'docker.container.stats', { engineId, id: busy });
    const idleStats = new Subscription<StatsEvent>(ctx.backend, 'docker.container.stats', { engineId, id: idle });
    // The history may have streamed it already: what it kept comes first.
    expect(busyStats.events[0]!.type).toBe('history');
    await busyStats.waitFor(() => samplesOf(busyStats).length >= 4, 10_000, 'busy samples');
    await idleStats.waitFor(() => samplesOf(idleStats).length >= 4, 10_000, 'idle samples');
    // The first sample compares with nothing; judge the later ones.
    const busyCpu = samplesOf(busyStats)
      .slice(1)
      .map((s) => s.cpuPercent);
    const idleCpu = samplesOf(idleStats)
      .slice(1)
      .map((s) => s.cpuPercent);
    expect(Math.max(...busyCpu)).toBeGreaterThan(busyThreshold());
    expect(Math.max(...idleCpu)).toBeLessThan(5);
    const last = samplesOf(idleStats).at(-1)!;
    expect(last.memUsage).toBeGreaterThan(0);
    expect(last.memLimit).toBeGreaterThan(last.memUsage);
    expect(last.pids).toBeGreaterThanOrEqual(1);
    // Batched: fewer messages than samples would be one per sample at most, never more.
    expect(busyStats.events.length - 1).toBeLessThanOrEqual(samplesOf(busyStats).length);
    busyStats.unsubscribe();
    idleStats.unsubscribe();
  });

  it('gives a returning subscriber the history first', async () => {
    const again = new Subscription<StatsEvent>(ctx.backend, 'docker.container.stats', { engineId, id: busy });
    expect(again.events[0]!.type).toBe('history');
    expect(again.events[0]!.samples.length).toBeGreaterThanOrEqual(4);
    again.unsubscribe();
  });

  it('summarises many containers once per second, with sparklines', async () => {
    const summary = new Subscription<CollectionEvent<StatsSummaryRow>>(ctx.backend, 'docker.stats.summary', {
      engineId,
      ids: [busy, idle],
    });
    expect(summary.events[0]!.type).toBe('snapshot');
    await summary.waitFor(() => summary.events.length >= 3, 5000, 'two deltas');
    const busyRow = summary.rows.get(busy) as unknown as StatsSummaryRow;
    expect(busyRow.spark.length).toBeGreaterThan(3);
    expect(Math.max(...busyRow.spark)).toBeGreaterThan(busyThreshold());
    summary.unsubscribe();
  });

  it('a view shares the stream the history holds for a running container, and leaving closes none', async () => {
    const hub = ctx.backend.docker.runtime(engineId).stats;
    // The engine's history streams every running container, whether a view is open or not.
    await until('the history streaming the idle container', 10_000, async () => hub.isStreaming(idle) || undefined);
    const before = hub.openStreams;
    const sub = new Subscription<StatsEvent>(ctx.backend, 'docker.container.stats', { engineId, id: idle });
    // Counted in the same tick: other containers of the shared engine cannot move it meanwhile.
    expect(hub.openStreams).toBe(before);
    await sub.waitFor(() => samplesOf(sub).length >= 1, 10_000, 'a sample');
    sub.unsubscribe();
    await sleep(RELEASE_GRACE_MS + 600);
    expect(hub.isStreaming(idle)).toBe(true);
  });

  it('creates no state for ids of containers the engine does not have', () => {
    const hub = ctx.backend.docker.runtime(engineId).stats;
    const before = hub.size;
    const ids = Array.from({ length: 200 }, (_, i) => `no-such-container-${i}`);
    const summary = new Subscription<CollectionEvent<StatsSummaryRow>>(ctx.backend, 'docker.stats.summary', {
      engineId,
      ids,
    });
    expect(summary.error).toBeUndefined();
    expect(summary.events[0]).toEqual({ type: 'snapshot', seq: 0, rows: [] });
    expect(hub.size).toBe(before);
    summary.unsubscribe();
    expect(hub.size).toBe(before);
  });

  it('a reconnect the engine does not notice leaves no stats stream behind', async () => {
    const runtime = ctx.backend.docker.runtime(engineId);
    const probe = new ResourceProbe();
    const subs = [busy, idle].map(
      (id) => new Subscription<StatsEvent>(ctx.backend, 'docker.container.stats', { engineId, id }),
    );
    for (const sub of subs) await sub.waitFor(() => samplesOf(sub).length >= 2, 10_000, 'samples');
    const before = probe.counts().sockets;
    const streamsBefore = runtime.stats.openStreams;

    // What a missed heartbeat does: drop the connection and reconnect, while dockerd keeps
    // the old sockets open.
    for (let i = 0; i < 4; i++) {
      runtime.connection.reconnectNow();
      const deadline = Date.now() + 10_000;
      while (!runtime.connection.isLive) {
        if (Date.now() > deadline) throw new Error('not live again after a reconnect');
        await sleep(20);
      }
    }
    const counted = subs.map((sub) => samplesOf(sub).length);
    await subs[0]!.waitFor(() => samplesOf(subs[0]!).length >= counted[0]! + 2, 10_000, 'samples again');
    const start = samplesOf(subs[1]!).length;
    await sleep(5000);
    // One stream per container: about one sample a second (a leaked stream would double it).
    expect(samplesOf(subs[1]!).length - start).toBeLessThanOrEqual(7);
    // Two streams, four reconnects: eight orphaned engine connections if any were leaked. The
    // history streams every running container of the shared engine: those that started or
    // stopped meanwhile are not leaks.
    const streamsMoved = runtime.stats.openStreams - streamsBefore;
    expect(probe.counts().sockets - before - streamsMoved).toBeLessThanOrEqual(3);
    for (const id of [busy, idle]) expect(runtime.stats.isStreaming(id)).toBe(true);
    for (const sub of subs) sub.unsubscribe();
  });
});
