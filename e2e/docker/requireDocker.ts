import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';

export const DOCKER_SOCKET = process.env.BERTH_TEST_DOCKER_SOCKET ?? '/var/run/docker.sock';
export { TEST_IMAGE } from '../support/dockerFixtures';
import { TEST_IMAGE } from '../support/dockerFixtures';

export interface DockerCheck {
  available: boolean;
  /** Why tests are skipped (printed), when not available. */
  reason?: string;
}

function get(path: string, method = 'GET'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: DOCKER_SOCKET, path, method, timeout: 3000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * For integration tests that need the real dockerd: is its socket reachable, and is the
 * local test image there (built if missing)? Outside CI a missing engine skips the tests
 * with the reason printed; in CI (`CI=true`) it is a failure, never a silent skip.
 *
 *   const docker = await requireDocker();
 *   describe.skipIf(!docker.available)('…', () => { … });
 */
export async function requireDocker(): Promise<DockerCheck> {
  let reason: string | undefined;
  try {
    const status = await get('/_ping');
    if (status !== 200) reason = `dockerd at ${DOCKER_SOCKET} answered /_ping with HTTP ${status}`;
  } catch (error) {
    reason = `no Docker engine at ${DOCKER_SOCKET} (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!reason) {
    const image = await get(`/images/${encodeURIComponent(TEST_IMAGE)}/json`).catch(() => 0);
    if (image !== 200) {
      try {
        execFileSync('bash', [join(__dirname, 'make-test-image.sh')], { stdio: 'pipe' });
      } catch (error) {
        reason = `the test image ${TEST_IMAGE} is missing and could not be built: ${String(error)}`;
      }
    }
  }
  if (!reason) return { available: true };
  if (process.env.CI === 'true') throw new Error(`Docker integration tests need dockerd in CI: ${reason}`);
  console.warn(`[skipped] Docker integration tests: ${reason}`);
  return { available: false, reason };
}
