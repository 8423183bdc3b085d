import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
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

/** Opens the Kubernetes view at `query` (`ctx=…&kind=…`) in a tab that has the server's token. */
export async function openKubeView(page: Page, server: WebModeServer, query: string): Promise<void> {
  await page.goto(server.loginUrl);
  await page.goto(`${server.baseUrl}#/kubernetes?${query}`);
  await expect(page.getByRole('heading', { name: 'Kubernetes', level: 1 })).toBeVisible();
}
