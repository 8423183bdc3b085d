import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

/**
 * In a process of its own (a module is loaded once per process): loads Berth's dockerode,
 * says whether ssh2 is loaded and how much memory V8 counts outside its heap, then asks an
 * ssh:// engine on `port` for a ping and says again.
 */
function probe(port: number): { before: { ssh2: boolean; externalMB: number }; ping: string; after: boolean } {
  const script = `
    import { createRequire } from 'node:module';
    const { Dockerode } = await import('./electron/core/docker/dockerode.ts');
    const modem = createRequire(createRequire(import.meta.url).resolve('docker-modem'));
    const ssh2Loaded = () => Object.keys(modem.cache).some((path) => path.includes('/node_modules/ssh2/'));
    await new Promise((r) => setTimeout(r, 300));
    const before = { ssh2: ssh2Loaded(), externalMB: process.memoryUsage().external / 2 ** 20 };
    const docker = new Dockerode({ protocol: 'ssh', host: '127.0.0.1', port: ${port}, username: 'nobody', sshOptions: { readyTimeout: 3000 } });
    const ping = await docker.ping().then(() => 'answered', (error) => String(error.code ?? error.message));
    console.log(JSON.stringify({ before, ping, after: ssh2Loaded() }));
    process.exit(0);
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.status !== 0) throw new Error(`the probe failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as ReturnType<typeof probe>;
}

describe('dockerode without ssh2 until an ssh:// engine is used', () => {
  it('loads no ssh2 (and no 16 MB WebAssembly heap) at start, and the real ssh2 for an ssh:// engine', async () => {
    // A port that refuses: the ssh connection must really be tried, by the real ssh2.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const result = probe(port);
    expect(result.before.ssh2).toBe(false);
    expect(result.before.externalMB).toBeLessThan(12);
    expect(result.ping).toBe('ECONNREFUSED');
    expect(result.after).toBe(true);
  });
});
