import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsEvent } from '../../../shared/docker';
import type { DashboardHistory, TimelineHistory } from '../../../shared/history';
import {
  docker,
  removeTestContainers,
  runTestContainer,
  startLiveBackend,
  Subscription,
} from '../../../e2e/docker/dockerTestKit';
import { requireDocker } from '../../../e2e/docker/requireDocker';
import { until } from '../../../e2e/support/until';

const check = await requireDocker();
const SUITE = 'engine-history';
const engineId = 'env';
const WINDOW = 15 * 60_000;

describe.skipIf(!check.available)('engine history (real dockerd)', () => {
  let ctx: Awaited<ReturnType<typeof startLiveBackend>>;

  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const result = await ctx.backend.router.invoke(method, input);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as T;
  };

  beforeAll(async () => {
    await removeTestContainers(SUITE);
    ctx = await startLiveBackend();
  });

  afterAll(async () => {
    await ctx?.dispose();
    await removeTestContainers(SUITE);
  });

  it('a container that exits non-zero shows its exit and code on its timeline, and counts as a warning', async () => {
    const id = await runTestContainer({ suite: SUITE, cmd: ['sh', '-c', 'sleep 1; exit 3'] });
    const timeline = await until('the exit on the timeline', 40_000, async () => {
      const t = await call<TimelineHistory>('history.container', { engineId, id, windowMs: WINDOW });
      return t.events.some((e) => e.kind === 'exit') ? t : undefined;
    });
    const exit = timeline.events.find((e) => e.kind === 'exit')!;
    expect(exit.exitCode).toBe(3);
    expect(exit.title).toBe('exited (code 3)');
    expect(timeline.events.some((e) => e.kind === 'start')).toBe(true);
    const dashboard = await call<DashboardHistory>('history.engine', { engineId, windowMs: WINDOW });
    expect(dashboard.incidents.reduce((n, p) => n + p.warnings, 0)).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('a container that restarts shows each restart on its timeline and in the engine restarts series', async () => {
    const container = await docker.createContainer({
      Image: 'berth-test/busybox:1',
      Cmd: ['sh', '-c', 'sleep 1; exit 2'],
      Labels: { 'berth.test.suite': SUITE },
      HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } },
    });
    await container.start();
    const timeline = await until('two restarts on the timeline', 50_000, async () => {
      const t = await call<TimelineHistory>('history.container', { engineId, id: container.id, windowMs: WINDOW });
      return t.events.filter((e) => e.kind === 'restart').length >= 2 ? t : undefined;
    });
    const restart = timeline.events.find((e) => e.kind === 'restart')!;
    expect(restart.previous?.exitCode).toBe(2);
    expect(timeline.events.filter((e) => e.kind === 'exit').every((e) => e.exitCode === 2)).toBe(true);
    const dashboard = await call<DashboardHistory>('history.engine', { engineId, windowMs: WINDOW });
    expect(dashboard.incidents.reduce((n, p) => n + p.restarts, 0)).toBeGreaterThanOrEqual(2);
  }, 70_000);

  it('records CPU and memory of a running container every second without any view open, on streams it shares', async () => {
    const id = await runTestContainer({ suite: SUITE, cmd: ['sleep', '3600'] });
    const runtime = ctx.backend.docker.runtime(engineId);
    // A one-minute window is drawn in 1 s buckets: the 1 s tier, point for point. No view is open.
    const timeline = await until('16 s of CPU and memory', 45_000, async () => {
      const t = await call<TimelineHistory>('history.container', { engineId, id, windowMs: 60_000 });
      return t.usage.length > 0 && t.to - t.usage[0]!.t >= 16_000 ? t : undefined;
    });
    const recent = timeline.usage.filter((p) => p.t > timeline.to - 15_000);
    // About one point a second: the engine collects every second plus the time collecting takes
    // (0.8 a second measured with 20 running containers); the one-shot requests every 10 s this
    // replaced gave one or two.
    expect(recent.length).toBeGreaterThanOrEqual(8);
    expect(recent.length).toBeLessThanOrEqual(16);
    expect(timeline.usage.at(-1)!.memory).toBeGreaterThan(0);
    // The Stats tab of the same container shares the history's stream instead of opening one more
    // (counted in the same tick: other containers of the shared engine cannot move it meanwhile).
    const streams = runtime.stats.openStreams;
    const stats = new Subscription<StatsEvent>(ctx.backend, 'docker.container.stats', { engineId, id });
    expect(runtime.stats.openStreams).toBe(streams);
    try {
      await stats.waitFor(() => stats.events.length >= 2, 10_000, 'a live sample');
    } finally {
      stats.unsubscribe();
    }
    const dashboard = await call<DashboardHistory>('history.engine', { engineId, windowMs: 60_000 });
    const running = dashboard.states.points.at(-1)?.values[dashboard.states.keys.indexOf('running')] ?? 0;
    expect(running).toBeGreaterThanOrEqual(1);
    // The engine's total, also each second, on whole seconds.
    const totals = dashboard.usage.filter((p) => p.t > dashboard.to - 15_000);
    expect(totals.length).toBeGreaterThanOrEqual(12);
    expect(totals.at(-1)!.memory).toBeGreaterThan(0);
    expect(dashboard.cpuUnit).toBe('%');
    expect(dashboard.sampling).toMatch(/every second/);
  }, 70_000);

  it('says which window it refuses, with a message', async () => {
    const result = await ctx.backend.router.invoke('history.engine', { engineId, windowMs: 10 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/at least one minute/);
  });
});
