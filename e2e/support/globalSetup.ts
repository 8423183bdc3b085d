import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './chromium';

/** A missing browser or build is a failure with a clear reason, not a silent skip. */
export default function globalSetup(): void {
  const chromium = CHROMIUM_PATH;
  if (!existsSync(chromium)) {
    throw new Error(`Chromium not found at ${chromium}: install Debian's chromium package (bash .ci/run does).`);
  }
  if (!existsSync('out/main/serve.js') || !existsSync('out/renderer/index.html')) {
    throw new Error('The app is not built: run `npm run build` before the end-to-end tests.');
  }
}
