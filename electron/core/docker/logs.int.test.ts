import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamChunk } from '../../../shared/collection';
import type { LogLine } from '../../../shared/logs';
import {
  docker,
  removeTestContainers,
  runTestContainer,
  startLiveBackend,
  Subscription,
} from '../../../e2e/docker/dockerTestKit';
import { requireDocker } from '../../../e2e/docker/requireDocker';

const check = await requireDocker();
const SUITE = 'logs';
const engineId = 'env';
const ANSI_HTML = '\u001b[31mred\u001b[0m <b>html</b> <img src=x onerror=alert(1)>';
/** printf with octal escapes, so the shell writes real ESC bytes. */
const PRINT_ANSI_HTML = "printf '\\033[31mred\\033[0m <b>html</b> <img src=x onerror=alert(1)>\\n'";

describe.skipIf(!check.available)('container logs (real dockerd)', () => {
  let ctx: Awaited<ReturnType<typeof startLiveBackend>>;

  beforeAll(async () => {
    await removeTestContainers(SUITE);
    ctx = await startLiveBackend();
  });

  afterAll(async () => {
    await ctx?.dispose();
    await removeTestContainers(SUITE);
  });

  const lines = (sub: Subscription<StreamChunk<LogLine>>): LogLine[] => sub.events.flatMap((c) => c.items);
  const ended = (sub: Subscription<StreamChunk<LogLine>>) => sub.events.find((c) => c.end)?.end;

  it('tells stdout from stderr for a non-TTY container, keeps ANSI and markup as text, and ends when it stops', async () => {
    const id = await runTestContainer({
      suite: SUITE,
      cmd: ['sh', '-c', `echo out-1; echo err-1 >&2; ${PRINT_ANSI_HTML}; sleep 1; echo out-2`],
    });
    const sub = new Subscription<StreamChunk<LogLine>>(ctx.backend, 'docker.container.logs', { engineId, id });
    await sub.waitFor(() => ended(sub) !== undefined, 10_000, 'end of stream');
    expect(sub.error).toBeUndefined();
    const got = lines(sub);
    // stdout and stderr are separate pipes: their relative order is not guaranteed, each one's is.
    expect(got.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(['out-1', ANSI_HTML, 'out-2']);
    expect(got.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual(['err-1']);
    for (const line of got) expect(line.t).toBeGreaterThan(Date.now() - 60_000);
    expect(ended(sub)!.reason).toBe('container stopped (exit code 0)');
    expect(sub.events.map((c) => c.seq)).toEqual(sub.events.map((_, i) => i));
  });

  it('reads a TTY container as one stream, ANSI kept, CRLF trimmed', async () => {
    const id = await runTestContainer({
      suite: SUITE,
      tty: true,
      cmd: ['sh', '-c', `echo tty-out; echo tty-err >&2; ${PRINT_ANSI_HTML}`],
    });
    await docker.getContainer(id).wait();
    const sub = new Subscription<StreamChunk<LogLine>>(ctx.backend, 'docker.container.logs', {
      engineId,
      id,
      timestamps: false,
    });
    await sub.waitFor(() => ended(sub) !== undefined, 5000, 'end');
    expect(lines(sub)).toEqual([
      { stream: 'stdout', text: 'tty-out' },
      { stream: 'stdout', text: 'tty-err' },
      { stream: 'stdout', text: ANSI_HTML },
    ]);
  });

  it('honours tail and says when the container is removed', async () => {
    const id = await runTestContainer({
      suite: SUITE,
      cmd: ['sh', '-c', 'for i in 1 2 3 4 5; do echo line-$i; done; sleep 3600'],
    });
    // Let all five lines reach the log first, so "tail 2" has something to cut.
    for (let i = 0; i < 50; i++) {
      const log = await docker.getContainer(id).logs({ stdout: true, follow: false });
      if (log.toString().includes('line-5')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const sub = new Subscription<StreamChunk<LogLine>>(ctx.backend, 'docker.container.logs', { engineId, id, tail: 2 });
    await sub.waitFor(() => lines(sub).length >= 2, 5000, 'two lines');
    expect(lines(sub).map((l) => l.text)).toEqual(['line-4', 'line-5']);
    await docker.getContainer(id).remove({ force: true });
    await sub.waitFor(() => ended(sub) !== undefined, 5000, 'end');
    expect(ended(sub)!.reason).toMatch(/container (removed|stopped)/);
  });

  it('fails clearly for a container that does not exist', async () => {
    const sub = new Subscription(ctx.backend, 'docker.container.logs', { engineId, id: 'no-such-container-xyz' });
    await sub.waitFor(() => sub.error !== undefined, 3000, 'error');
    expect(sub.error).toMatchObject({ code: 'not_found' });
  });
});
