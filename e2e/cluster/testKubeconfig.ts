import { existsSync } from 'node:fs';

/** The kubeconfig `bash e2e/cluster/up.sh` writes (contexts berth-a, berth-b, berth-a-readonly, berth-unreachable). */
export const TEST_KUBECONFIG =
  process.env.BERTH_TEST_KUBECONFIG ?? `${process.env.BERTH_CLUSTER_DIR ?? '/tmp/berth-cluster'}/kubeconfig`;

/**
 * Whether the test clusters are up. Without them a suite is skipped with the reason,
 * except in CI, where their absence is a failure.
 */
export function clusterSkipReason(): string | null {
  if (existsSync(TEST_KUBECONFIG)) return null;
  const reason = `no test cluster (${TEST_KUBECONFIG} missing): run "npm run cluster:up && npm run cluster:seed"`;
  if (process.env.CI === 'true') throw new Error(`CI requires the test clusters: ${reason}`);
  return reason;
}
