/**
 * `npm run serve`: the backend under plain Node, serving the built renderer and the
 * API over a WebSocket. Prints one line with the URL (and its token).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultSettingsDir } from '../core/app/settingsStore';
import { Backend } from '../core/backend';
import { isLoopback } from './auth';
import { chooseToken } from './tokenSource';
import { startWebServer } from './webServer';

const here = dirname(fileURLToPath(import.meta.url));

function packageVersion(): string {
  for (const candidate of [join(here, '../../package.json'), join(here, '../package.json')]) {
    if (existsSync(candidate)) return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      'static-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run serve -- [--host 127.0.0.1] [--port N] [--token T | --token-file PATH] [--static-dir out/renderer]\n' +
        'The token may also come from the BERTH_TOKEN environment variable; without one, a random token is made.\n',
    );
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535, got ${values.port}`);
  const token = chooseToken({ flag: values.token, file: values['token-file'], env: process.env.BERTH_TOKEN });
  // Processes the backend starts (credential plugins, shells) have no business with it.
  delete process.env.BERTH_TOKEN;
  const staticDir = resolve(values['static-dir'] ?? join(here, '../renderer'));
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`No built renderer at ${staticDir}. Run \`npm run build\` first.`);
  }
  if (!isLoopback(values.host)) {
    process.stderr.write(
      `WARNING: binding to ${values.host}, not loopback. Anyone who can reach this address and has the token ` +
        'can control your Docker engines and clusters. Use only on a network you trust.\n',
    );
  }

  const backend = new Backend({ mode: 'web', version: packageVersion(), settingsDir: defaultSettingsDir() });
  const server = await startWebServer({
    router: backend.router,
    staticDir,
    host: values.host,
    port,
    ...(token ? { token } : {}),
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void Promise.all([server.close(), backend.dispose()]).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Printed last: whoever waits for this line may stop us at once, and gets a clean shutdown.
  process.stdout.write(`Berth web mode: ${server.loginUrl}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Berth web mode could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
