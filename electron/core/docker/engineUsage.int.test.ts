import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionEvent } from '../../../shared/collection';
import type { EngineUsageEvent, EngineUsagePoint, EngineWarningRow } from '../../../shared/docker';
import {
  docker,
  removeTestContainers,
  runBusyAndIdle,
  runTestContainer,
  sleep,
  startLiveBackend,
  Subscription,
} from '../../../e2e/docker/dockerTestKit';
import { requireDocker } from '../../../e2e/docker/requireDocker';
import { busyCpuThreshold } from '../../../e2e/support/dockerFixtures';
import { RELEASE_GRACE_MS } from './statsHub';

const check = await requireDocker();
const SUITE = 'engine-usage';
const engineId = 'env';

describe.skipIf(!check.available)('engine usage and warnings (real dockerd)', () => {
  let ctx: Awaited<ReturnType<typeof startLiveBackend>>;
  let ours: string[];

  beforeAll(async () => {
    await removeTestContainers(SUITE);
    ctx = await startLiveBackend();
    const { busy, idle } = await runBusyAndIdle(ctx.backend, SUITE, ['sh', '-c', 'while :; do :; done']);
    ours = [busy, idle];
  });

  afterAll(async () => {
    await ctx?.dispose();
    await removeTestContainers(SUITE);
  });

  const pointsOf = (sub: Subscription<EngineUsageEvent>): EngineUsagePoint[] =>
    sub.events.filter((e) => e.type === 'samples').flatMap((e) => e.samples);

  it('sums the running containers: a busy one puts the engine above 50 % CPU, memory above 0', async () => {
    const runtime = ctx.backend.docker.runtime(engineId);
    // The engine's history sums it all the time, before any view subscribes.
    expect(runtime.usage.active).toBe(true);
    const usage = new Subscription<EngineUsageEvent>(ctx.backend, 'docker.engine.usage', { engineId });
    try {
      expect(usage.events[0]!.type).toBe('history');
      await usage.waitFor(() => runtime.stats.openStreams >= 2, 5000, 'a stream per running container');
      const threshold = busyCpuThreshold(50);
      const busySince = (): number => pointsOf(usage).findIndex((p) => p.cpuPercent > threshold);
      await usage.waitFor(
        () => busySince() >= 0 && pointsOf(usage).length - busySince() >= 5,
        20_000,
        `five points from the first above ${threshold} % CPU`,
      );
      const points = pointsOf(usage);
      const last = points.at(-1)!;
      expect(last.memUsage).toBeGreaterThan(0);
      expect(last.containers).toBeGreaterThanOrEqual(2);
      // One point per second, on whole seconds, moving forward.
      expect(points.every((p) => p.t % 1000 === 0)).toBe(true);
      expect(points.every((p, i) => i === 0 || p.t > points[i - 1]!.t)).toBe(true);
      // Once summing, the busy container never drops out of the total (no dips towards 0).
      expect(Math.min(...points.slice(busySince()).map((p) => p.cpuPercent))).toBeGreaterThan(threshold / 2);
    } finally {
      usage.unsubscribe();
    }
  });

  it('follows containers that start and stop while watched', async () => {
    const runtime = ctx.backend.docker.runtime(engineId);
    const usage = new Subscription<EngineUsageEvent>(ctx.backend, 'docker.engine.usage', { engineId });
    try {
      await usage.waitFor(() => runtime.stats.openStreams >= 2, 5000, 'streams');
      const before = runtime.stats.openStreams;
      const late = await runTestContainer({ suite: SUITE, cmd: ['sleep', '3600'] });
      await usage.waitFor(() => runtime.stats.openStreams === before + 1, 5000, 'a stream for the new container');
      await docker.getContainer(late).kill();
      // Let go when it stopped: its stream closes after the StatsHub's grace period at the latest.
      await usage.waitFor(
        () => runtime.stats.openStreams === before,
        RELEASE_GRACE_MS + 3000,
        'its stream closed once it stopped',
      );
    } finally {
      usage.unsubscribe();
    }
  });

  it('gives a returning subscriber the history first; leaving, the history keeps summing on the same streams', async () => {
    const runtime = ctx.backend.docker.runtime(engineId);
    const again = new Subscription<EngineUsageEvent>(ctx.backend, 'docker.engine.usage', { engineId });
    expect(again.events[0]!.type).toBe('history');
    expect(again.events[0]!.samples.length).toBeGreaterThanOrEqual(3);
    again.unsubscribe();
    expect(runtime.usage.active).toBe(true);
    await sleep(RELEASE_GRACE_MS + 800);
    for (const id of ours) expect(runtime.stats.isStreaming(id)).toBe(true);
  });

  it('lists a container that exited with a non-zero code among the latest warnings', async () => {
    const warnings = new Subscription<CollectionEvent<EngineWarningRow>>(ctx.backend, 'docker.engine.warnings', {
      engineId,
    });
    const id = await runTestContainer({ suite: SUITE, cmd: ['sh', '-c', 'exit 3'] });
    await warnings.waitFor(() => warnings.rows.has(`${id}/exited/3`), 5000, 'the warning');
    const row = warnings.rows.get(`${id}/exited/3`) as unknown as EngineWarningRow;
    expect(row).toMatchObject({ kind: 'exited', exitCode: 3, containerId: id, count: 1 });
    expect(row.containerName).toMatch(/^[a-z_]+$/); // docker's generated name, without the leading slash
    warnings.unsubscribe();
  });
});
