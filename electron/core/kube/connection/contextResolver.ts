import type { Kubeconfig } from './kubeconfigLoader';
import type { Credential, CredentialSource, ResolvedContext } from './resolvedContext';

/** The context `name` of a merged kubeconfig, with everything its client needs; null if it does not exist. */
export function resolveContext(config: Kubeconfig, name: string): ResolvedContext | null {
  const context = config.contexts.find((c) => c.name === name);
  if (!context) return null;
  const cluster = config.clusters.find((c) => c.name === context.cluster);
  const user = config.users.find((u) => u.name === context.user);
  const pem = (base64: string | undefined): string | undefined =>
    base64 ? Buffer.from(base64, 'base64').toString('utf8') : undefined;
  // kubectl refuses such a context; saying why beats an "Invalid URL" later.
  const problem = !context.cluster
    ? `The context “${name}” names no cluster.`
    : !cluster
      ? `The context “${name}” uses the cluster “${context.cluster}”, which is not in your kubeconfig.`
      : !cluster.server
        ? `The cluster “${cluster.name}” of context “${name}” has no server address.`
        : !/^https?:\/\/[^/]/i.test(cluster.server)
          ? `The server address “${cluster.server}” of cluster “${cluster.name}” is not an http(s) URL.`
          : context.user && !user
            ? `The context “${name}” uses the user “${context.user}”, which is not in your kubeconfig.`
            : undefined;
  return {
    name,
    cluster: context.cluster,
    user: context.user,
    ...(context.namespace ? { namespace: context.namespace } : {}),
    server: cluster?.server ?? '',
    tls: {
      caData: pem(cluster?.certificateAuthorityData),
      caFile: cluster?.certificateAuthority,
      insecureSkipVerify: cluster?.insecureSkipTlsVerify ?? false,
      serverName: cluster?.tlsServerName,
    },
    auth: {
      token: user?.token,
      tokenFile: user?.tokenFile,
      clientCertData: pem(user?.clientCertificateData),
      clientCertFile: user?.clientCertificate,
      clientKeyData: pem(user?.clientKeyData),
      clientKeyFile: user?.clientKey,
      username: user?.username,
      password: user?.password,
      exec: user?.exec,
      authProvider: user?.authProvider,
    },
    ...(cluster?.proxyUrl ? { proxyUrl: cluster.proxyUrl } : {}),
    ...(cluster?.execExtension !== undefined ? { execClusterConfig: cluster.execExtension } : {}),
    ...(problem ? { problem } : {}),
  };
}

/** Credentials written in the kubeconfig itself (token, client certificate): nothing to fetch. */
export const staticCredentials: CredentialSource = {
  get: (): Promise<Credential> => Promise.resolve({}),
  invalidate: () => {},
};
