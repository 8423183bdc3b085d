import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerDetails, ContainerRow } from '../../../shared/docker';
import {
  docker,
  removeTestContainers,
  runTestContainer,
  sleep,
  startBackend,
  startLiveBackend,
  Subscription,
} from '../../../e2e/docker/dockerTestKit';
import { requireDocker } from '../../../e2e/docker/requireDocker';

const check = await requireDocker();
const SUITE = 'containers';
const engineId = 'env';

describe.skipIf(!check.available)('docker.containers follows the engine (real dockerd)', () => {
  let ctx: ReturnType<typeof startBackend>;
  let list: Subscription;

  beforeAll(async () => {
    await removeTestContainers(SUITE);
    ctx = await startLiveBackend();
    list = new Subscription(ctx.backend, 'docker.containers', { engineId });
  });

  afterAll(async () => {
    list?.unsubscribe();
    await ctx?.dispose();
    await removeTestContainers(SUITE);
  });

  const row = (id: string): ContainerRow | undefined => list.rows.get(id) as ContainerRow | undefined;

  it('shows run, pause, unpause, stop, start and remove within a second each', async () => {
    const id = await runTestContainer({
      suite: SUITE,
      cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'],
      labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' },
    });
    expect(await list.waitFor(() => row(id)?.state === 'running', 1000, 'running row')).toBeLessThan(1000);
    expect(row(id)).toMatchObject({
      engineId,
      image: 'berth-test/busybox:1',
      composeProject: 'shop',
      composeService: 'web',
    });

    const steps: Array<[string, ContainerRow['state']]> = [
      ['pause', 'paused'],
      ['unpause', 'running'],
      ['stop', 'exited'],
      ['start', 'running'],
    ];
    for (const [action, state] of steps) {
      const result = await ctx.backend.router.invoke('docker.container.action', { engineId, id, action });
      expect(result).toEqual({ ok: true, value: { ok: true } });
      await list.waitFor(() => row(id)?.state === state, 1000, `${action} → ${state}`);
    }

    expect(await ctx.backend.router.invoke('docker.container.remove', { engineId, id, force: true })).toEqual({
      ok: true,
      value: { ok: true },
    });
    await list.waitFor(() => !list.rows.has(id), 1000, 'row removed');
  });

  it('knows when running containers started: from start events, and by inspecting those found running', async () => {
    const startedAtOf = async (id: string): Promise<number> =>
      Date.parse((await docker.getContainer(id).inspect()).State.StartedAt);
    const before = await runTestContainer({ suite: SUITE, cmd: ['sleep', '3600'] });
    // A fresh backend finds `before` already running: it has to inspect it.
    const fresh = startBackend();
    const freshList = new Subscription(fresh.backend, 'docker.containers', { engineId });
    const startedOf = (id: string): number | undefined =>
      (freshList.rows.get(id) as ContainerRow | undefined)?.startedAt;
    try {
      await freshList.waitFor(() => startedOf(before) !== undefined, 5000, 'startedAt from inspect');
      const inspected = startedOf(before)!;
      expect(Math.abs(inspected - (await startedAtOf(before)))).toBeLessThan(5);
      // A container started while watching gets its start time from the event.
      const during = await runTestContainer({ suite: SUITE, cmd: ['sleep', '3600'] });
      await freshList.waitFor(() => startedOf(during) !== undefined, 2000, 'startedAt from event');
      const fromEvent = startedOf(during)!;
      expect(Math.abs(fromEvent - (await startedAtOf(during)))).toBeLessThan(1000);
    } finally {
      freshList.unsubscribe();
      await fresh.dispose();
    }
  });

  it('sees containers changed behind its back (docker CLI / API), with exit codes', async () => {
    const id = await runTestContainer({ suite: SUITE, cmd: ['sh', '-c', 'exit 3'] });
    await list.waitFor(() => row(id)?.state === 'exited', 2000, 'exited');
    expect(row(id)?.exitCode).toBe(3);
    await docker.getContainer(id).remove();
    await list.waitFor(() => !list.rows.has(id), 1000, 'removed');
  });

  it('says clearly when an action does not apply', async () => {
    const id = await runTestContainer({
      suite: SUITE,
      cmd: ['sleep', '3600'],
      name: `berth-int-conflict-${Date.now()}`,
    });
    await list.waitFor(() => row(id)?.state === 'running', 1000, 'running');
    await ctx.backend.router.invoke('docker.container.action', { engineId, id, action: 'pause' });
    const again = await ctx.backend.router.invoke('docker.container.action', { engineId, id, action: 'pause' });
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.code).toBe('conflict');
      expect(again.error.message).toMatch(/^Container “berth-int-conflict-\d+” is already paused\.$/);
    }
    const start = await ctx.backend.router.invoke('docker.container.action', {
      engineId,
      id: 'no-such-container-xyz',
      action: 'start',
    });
    expect(start.ok).toBe(false);
    if (!start.ok) expect(start.error.code).toBe('not_found');

    const remove = await ctx.backend.router.invoke('docker.container.remove', { engineId, id });
    expect(remove.ok).toBe(false);
    if (!remove.ok) expect(remove.error.code).toBe('conflict');
  });

  it('keeps hostile label values as plain data, and marks secret-like env values', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const container = await docker.createContainer({
      Image: 'berth-test/busybox:1',
      Cmd: ['sleep', '3600'],
      Env: ['DB_PASSWORD=hunter2', 'API_TOKEN=abc', 'DATABASE_URL=postgres://u:p@db/x', 'LANG=C.UTF-8'],
      Labels: { 'berth.test': '1', 'berth.test.suite': SUITE, note: hostile },
    });
    await container.start();
    await list.waitFor(() => row(container.id)?.state === 'running', 1000, 'running');
    expect(row(container.id)?.labels.note).toBe(hostile);

    const details = await ctx.backend.router.invoke('docker.container.details', { engineId, id: container.id });
    expect(details.ok).toBe(true);
    const value = (details as { value: ContainerDetails }).value;
    expect(value.labels.note).toBe(hostile);
    const secret = Object.fromEntries(value.env.map((e) => [e.name, e.secretLike]));
    expect(secret).toMatchObject({ DB_PASSWORD: true, API_TOKEN: true, DATABASE_URL: true, LANG: false });
    expect(value.command).toEqual(['sleep', '3600']);
    expect(value.restartPolicy.name).toBe('no');

    const raw = await ctx.backend.router.invoke('docker.container.inspect', { engineId, id: container.id });
    expect(raw.ok && (raw.value as { Id: string }).Id).toBe(container.id);
  });

  it('rejects bad input before it reaches the engine', async () => {
    const bad = await ctx.backend.router.invoke('docker.container.action', {
      engineId,
      id: '../../etc',
      action: 'start',
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('invalid_input');
    const unknownEngine = await ctx.backend.router.invoke('docker.container.action', {
      engineId: 'nope',
      id: 'x',
      action: 'start',
    });
    expect(!unknownEngine.ok && unknownEngine.error.code).toBe('not_found');
  });

  it('a second subscriber gets the same rows as a snapshot', async () => {
    await sleep(200);
    const second = new Subscription(ctx.backend, 'docker.containers', { engineId });
    expect(second.events[0]).toMatchObject({ type: 'snapshot', seq: 0 });
    expect([...second.rows.keys()].sort()).toEqual([...list.rows.keys()].sort());
    second.unsubscribe();
  });
});
