import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamChunk } from '../../../shared/collection';
import type { ExecStarted } from '../../../shared/docker';
import { removeTestContainers, runTestContainer, startBackend, Subscription } from '../../../e2e/docker/dockerTestKit';
import { requireDocker } from '../../../e2e/docker/requireDocker';

const check = await requireDocker();
const SUITE = 'exec';
const engineId = 'env';

describe.skipIf(!check.available)('terminal in a container (real dockerd)', () => {
  let ctx: ReturnType<typeof startBackend>;
  let id: string;

  beforeAll(async () => {
    await removeTestContainers(SUITE);
    ctx = startBackend();
    id = await runTestContainer({ suite: SUITE, cmd: ['sleep', '3600'] });
    const list = new Subscription(ctx.backend, 'docker.containers', { engineId });
    await list.waitFor(
      () => (list.rows.get(id) as { state?: string } | undefined)?.state === 'running',
      10_000,
      'running',
    );
    list.unsubscribe();
  });

  afterAll(async () => {
    await ctx?.dispose();
    await removeTestContainers(SUITE);
  });

  const text = (sub: Subscription<StreamChunk<string>>): string => sub.events.flatMap((c) => c.items).join('');

  it('echoes input back through the shell and reports its exit code', async () => {
    const started = await ctx.backend.router.invoke('docker.exec.start', { engineId, id, cols: 100, rows: 30 });
    expect(started.ok).toBe(true);
    const { sessionId, shell } = (started as { value: ExecStarted }).value;
    // busybox has no bash: the default falls back to /bin/sh.
    expect(shell).toBe('/bin/sh');
    const out = new Subscription<StreamChunk<string>>(ctx.backend, 'docker.exec.output', { sessionId });
    expect(
      await ctx.backend.router.invoke('docker.exec.input', { sessionId, data: 'echo "berth-$((40+2))"\n' }),
    ).toEqual({
      ok: true,
      value: { ok: true },
    });
    await out.waitFor(() => text(out).includes('berth-42'), 5000, 'echo output');

    expect((await ctx.backend.router.invoke('docker.exec.resize', { sessionId, cols: 120, rows: 40 })).ok).toBe(true);
    await ctx.backend.router.invoke('docker.exec.input', { sessionId, data: 'stty size\n' });
    await out.waitFor(() => text(out).includes('40 120'), 5000, 'new size');

    await ctx.backend.router.invoke('docker.exec.input', { sessionId, data: 'exit 7\n' });
    await out.waitFor(() => out.events.some((c) => c.end), 5000, 'end');
    expect(out.events.find((c) => c.end)!.end!.reason).toBe('shell exited with code 7');
    out.unsubscribe();
  });

  it('ends the shell when the last viewer leaves', async () => {
    const started = await ctx.backend.router.invoke('docker.exec.start', {
      engineId,
      id,
      shell: '/bin/sh',
      cols: 80,
      rows: 24,
    });
    const { sessionId } = (started as { value: ExecStarted }).value;
    const out = new Subscription<StreamChunk<string>>(ctx.backend, 'docker.exec.output', { sessionId });
    await ctx.backend.router.invoke('docker.exec.input', { sessionId, data: 'echo ready\n' });
    await out.waitFor(() => text(out).includes('ready'), 5000, 'ready');
    out.unsubscribe();
    const after = await ctx.backend.router.invoke('docker.exec.input', { sessionId, data: 'echo nope\n' });
    expect(after).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses a terminal in a container that is not running, with a reason', async () => {
    const stopped = await runTestContainer({ suite: SUITE, cmd: ['true'], start: false });
    const result = await ctx.backend.router.invoke('docker.exec.start', { engineId, id: stopped, cols: 80, rows: 24 });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!result.ok) expect(result.error.message).toMatch(/is not running/);
  });
});
