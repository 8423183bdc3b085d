import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { TEST_KUBECONFIG } from '../cluster/testKubeconfig';
import { startWebMode, type WebModeServer } from './webMode';

/**
 * Web mode on the test clusters' kubeconfig, with a home folder of its own so nothing of the
 * machine's user (their ~/.kube, their settings) leaks into a spec.
 */
export function startKubeWebMode(env: NodeJS.ProcessEnv = {}): Promise<WebModeServer> {
  return startWebMode({
    env: { KUBECONFIG: TEST_KUBECONFIG, HOME: mkdtempSync(join(tmpdir(), 'berth-home-')), ...env },
  });
}

/** The view's parameters in the page's address (`#/kubernetes?ctx=…&kind=…`). */
export function hashParams(page: Page): URLSearchParams {
  return new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
}
