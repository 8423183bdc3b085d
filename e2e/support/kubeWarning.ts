import { kubectlApply } from '../cluster/clusterTestKit';

/** The object a warning is about. */
interface Involved {
  apiVersion: string;
  kind: string;
  name: string;
}

/**
 * Records a Warning event (count 2, happening now) in a namespace of the caller's own on
 * berth-a, as a kubelet would: seeded events expire with the API server's one-hour event TTL.
 */
export function recordWarning(
  namespace: string,
  involved: Involved = { apiVersion: 'v1', kind: 'Pod', name: 'berth-test-warned' },
): void {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  kubectlApply({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${involved.name}.berth-test-warning`, namespace },
    involvedObject: { ...involved, namespace },
    reason: 'BerthTestWarning',
    message: 'a warning recorded by a test',
    type: 'Warning',
    count: 2,
    firstTimestamp: now,
    lastTimestamp: now,
    source: { component: 'berth-test' },
  });
}
