import { existsSync } from 'node:fs';

/** A missing browser or build is a failure with a clear reason, not a silent skip. */
export default function globalSetup(): void {
  const chromium = process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    throw new Error(`Chromium not found at ${chromium}: install Debian's chromium package (bash .ci/run does).`);
  }
  if (!existsSync('out/main/serve.js') || !existsSync('out/renderer/index.html')) {
    throw new Error('The app is not built: run `npm run build` before the end-to-end tests.');
  }
}
