import type { AccessCheck, ActionPermission } from '../../../../shared/kube/actions';
import type { ClusterClient } from '../connection/clusterClient';
import { deniedReason } from './accessChecks';

/** Long enough for a panel's buttons and a table's Delete key; short enough that a new RoleBinding shows soon. */
const PERMISSION_TTL_MS = 30_000;

interface Cached<T> {
  at: number;
  value: Promise<T>;
}

interface AccessReviewStatus {
  status?: { allowed?: boolean; denied?: boolean; reason?: string };
}

interface SelfSubjectReview {
  status?: { userInfo?: { username?: string } };
}

/**
 * What the user may do in each context, asked of the API server (SelfSubjectAccessReview),
 * cached per context for a short while and forgotten when the context reconnects (the
 * credentials or the RBAC behind them may have changed).
 */
export class PermissionCache {
  private readonly reviews = new Map<string, Map<string, Cached<ActionPermission>>>();
  private readonly identities = new Map<string, Cached<string>>();

  constructor(private readonly ttlMs = PERMISSION_TTL_MS) {}

  clear(context: string): void {
    this.reviews.delete(context);
    this.identities.delete(context);
  }

  /** One answer per check, in order; checks already answered within the TTL are not asked again. */
  check(
    context: string,
    client: ClusterClient,
    fallbackUser: string,
    checks: AccessCheck[],
  ): Promise<ActionPermission[]> {
    let byKey = this.reviews.get(context);
    if (!byKey) this.reviews.set(context, (byKey = new Map()));
    const now = Date.now();
    return Promise.all(
      checks.map((check) => {
        const key = JSON.stringify(check);
        const hit = byKey.get(key);
        if (hit && now - hit.at < this.ttlMs) return hit.value;
        const value = this.review(context, client, fallbackUser, check);
        byKey.set(key, { at: now, value });
        // A failed review is asked again next time.
        value.catch(() => byKey.delete(key));
        return value;
      }),
    );
  }

  private async review(
    context: string,
    client: ClusterClient,
    fallbackUser: string,
    check: AccessCheck,
  ): Promise<ActionPermission> {
    const answer = await client.json<AccessReviewStatus>({
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      method: 'POST',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: check },
      },
    });
    if (answer.status?.allowed) return { allowed: true };
    const who = await this.identity(context, client, fallbackUser);
    return { allowed: false, reason: deniedReason(who, check) };
  }

  /** The user name the API server knows us by (SelfSubjectReview), else the kubeconfig's user. */
  private identity(context: string, client: ClusterClient, fallbackUser: string): Promise<string> {
    const hit = this.identities.get(context);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const value = client
      .json<SelfSubjectReview>({
        path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        method: 'POST',
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      })
      .then(
        (review) => review.status?.userInfo?.username || fallbackUser,
        () => fallbackUser,
      );
    this.identities.set(context, { at: Date.now(), value });
    return value;
  }
}
