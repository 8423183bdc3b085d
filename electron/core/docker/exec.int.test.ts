import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamChunk } from '../../../shared/collection';
import type { ExecStarted } from '../../../shared/docker';
import {
  removeTestContainers,
  runTestContainer,
  sleep,
  startBackend,
  Subscription,
} from '../../../e2e/docker/dockerTestKit';
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

  /** A /bin/sh in the test container, and its output as a viewer subscribed to it sees it. */
  async function openShell(): Promise<{ sessionId: string; out: Subscription<StreamChunk<string>> }> {
    const started = await ctx.backend.router.invoke('docker.exec.start', {
      engineId,
      id,
      shell: '/bin/sh',
      cols: 80,
      rows: 24,
    });
    const { sessionId } = (started as { value: ExecStarted }).value;
    return { sessionId, out: new Subscription<StreamChunk<string>>(ctx.backend, 'docker.exec.output', { sessionId }) };
  }

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
    const { sessionId, out } = await openShell();
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

  it('parallel starts never open more terminals than the cap', async () => {
    const exec = ctx.backend.docker.exec;
    const free = 16 - exec.size;
    const results = await Promise.all(
      Array.from({ length: free + 4 }, () =>
        ctx.backend.router.invoke('docker.exec.start', { engineId, id, shell: '/bin/sh', cols: 80, rows: 24 }),
      ),
    );
    const opened = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(opened).toHaveLength(free);
    expect(refused).toHaveLength(4);
    for (const r of refused)
      expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: /Too many open terminals/ } });
    expect(exec.size).toBeLessThanOrEqual(16);
    for (const r of opened)
      await ctx.backend.router.invoke('docker.exec.close', {
        sessionId: (r as { value: ExecStarted }).value.sessionId,
      });
  });

  it('input to a shell that stops reading waits for it, and is refused beyond a bound instead of piling up', async () => {
    const { sessionId, out } = await openShell();
    await ctx.backend.router.invoke('docker.exec.input', { sessionId, data: 'echo reading; sleep 3600\n' });
    await out.waitFor(() => text(out).includes('reading'), 5000, 'shell busy');

    // Whole lines (a TTY drops the excess of an overlong line instead of blocking).
    const chunk = `${'x'.repeat(1023)}\n`.repeat(64);
    const input = () => ctx.backend.router.invoke('docker.exec.input', { sessionId, data: chunk });
    let sent = 0;
    let waiting: ReturnType<typeof input> | undefined;
    // Like the terminal view: one input at a time, the next once the previous is taken.
    while (sent < 64 * 1024 * 1024) {
      const pending = input();
      const taken = await Promise.race([pending.then(() => true), sleep(3000).then(() => false)]);
      if (!taken) {
        waiting = pending;
        break;
      }
      sent += chunk.length;
    }
    expect(waiting, `every input was taken at once (${sent} bytes): no backpressure`).toBeDefined();
    expect(sent).toBeLessThan(16 * 1024 * 1024);

    // More senders at once: held while under the bound, then refused with a reason.
    const more = await Promise.all(
      Array.from({ length: 8 }, () => Promise.race([input(), sleep(1500).then(() => 'waiting' as const)])),
    );
    const refused = more.filter((r) => r !== 'waiting' && !r.ok);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const r of refused)
      expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: /not reading its input/ } });
    expect(more.filter((r) => r !== 'waiting' && r.ok)).toHaveLength(0);

    // Closing the terminal settles what was waiting.
    await ctx.backend.router.invoke('docker.exec.close', { sessionId });
    out.unsubscribe();
    const settled = await Promise.race([waiting!.then(() => true), sleep(10_000).then(() => false)]);
    expect(settled).toBe(true);
  }, 60_000);
});
