import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeContextSummary } from '../../../../shared/kube/summary';
import { Subscription } from '../../../../e2e/docker/dockerTestKit';
import { clusterSkipReason, TEST_KUBECONFIG } from '../../../../e2e/cluster/testKubeconfig';
import { Backend } from '../../backend';
import { SUMMARY_COALESCE_MS } from './followSummary';

const skip = clusterSkipReason();
const NAMESPACE = `berth-test-summary-${randomBytes(3).toString('hex')}`;

function kubectl(...args: string[]): string {
  return execFileSync('kubectl', ['--context', 'berth-a', ...args], {
    env: { ...process.env, KUBECONFIG: TEST_KUBECONFIG },
    encoding: 'utf8',
  });
}

const pod = (name: string): string[] => [
  'run',
  name,
  '-n',
  NAMESPACE,
  '--image=berth-test/busybox:1',
  '--restart=Never',
];

describe.skipIf(skip !== null)(
  `the context summary on the real test cluster${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let backend: Backend;

    beforeAll(() => {
      kubectl('create', 'namespace', NAMESPACE);
      kubectl(...pod('first'));
      backend = new Backend({
        mode: 'web',
        version: 't',
        env: { KUBECONFIG: TEST_KUBECONFIG, DOCKER_HOST: 'unix:///nonexistent.sock' },
      });
    });

    afterAll(async () => {
      await backend?.dispose();
      kubectl('delete', 'namespace', NAMESPACE, '--ignore-not-found', '--wait=false');
    });

    it('is sent again only when it reads differently: a pod relabelled changes no count', async () => {
      const summaries = new Subscription<KubeContextSummary>(backend, 'kube.context.summary', { context: 'berth-a' });
      const pods = new Subscription(backend, 'kube.resources', {
        context: 'berth-a',
        kind: 'pods',
        namespaces: [NAMESPACE],
      });
      try {
        await pods.waitFor(() => pods.rows.size === 1, 30_000, 'the first pod listed');
        await summaries.waitFor(
          () => (summaries.events.at(-1)?.pods.total ?? 0) > 0,
          30_000,
          'a summary counting the listed pods',
        );
        const settle = (): Promise<unknown> => new Promise((resolve) => setTimeout(resolve, 4 * SUMMARY_COALESCE_MS));
        await settle();

        // A watch delta that changes no count, and time for the summary's coalescing to pass.
        kubectl('label', 'pod', 'first', '-n', NAMESPACE, 'berth.test/relabelled=yes');
        await pods.waitFor(
          () => [...pods.rows.values()].some((r) => (r.labels as Record<string, string>)?.['berth.test/relabelled']),
          30_000,
          'the label seen by the pods watch',
        );
        await settle();

        // A change that does count: the summary after it is the next one sent.
        const before = JSON.stringify(summaries.events.at(-1));
        kubectl(...pod('second'));
        await summaries.waitFor(
          () => JSON.stringify(summaries.events.at(-1)) !== before,
          30_000,
          'a summary counting the second pod',
        );
        const sent = summaries.events.map((s) => JSON.stringify(s));
        for (let i = 1; i < sent.length; i++) expect(sent[i]).not.toBe(sent[i - 1]);
      } finally {
        summaries.unsubscribe();
        pods.unsubscribe();
      }
    }, 120_000);
  },
);
