import type { KubeConfig } from '@kubernetes/client-node';
import type { Credential, CredentialSource, ExecConfig, ResolvedContext } from './resolvedContext';

/** The context `name` of a merged kubeconfig, with everything its client needs; null if it does not exist. */
export function resolveContext(config: KubeConfig, name: string): ResolvedContext | null {
  const context = config.getContextObject(name);
  if (!context) return null;
  const cluster = config.getCluster(context.cluster);
  const user = config.getUser(context.user);
  const pem = (base64: string | undefined): string | undefined =>
    base64 ? Buffer.from(base64, 'base64').toString('utf8') : undefined;
  return {
    name,
    cluster: context.cluster,
    user: context.user,
    ...(context.namespace ? { namespace: context.namespace } : {}),
    server: cluster?.server ?? '',
    tls: {
      caData: pem(cluster?.caData),
      caFile: cluster?.caFile,
      insecureSkipVerify: cluster?.skipTLSVerify ?? false,
      serverName: cluster?.tlsServerName,
    },
    auth: {
      token: user?.token,
      clientCertData: pem(user?.certData),
      clientCertFile: user?.certFile,
      clientKeyData: pem(user?.keyData),
      clientKeyFile: user?.keyFile,
      username: user?.username,
      password: user?.password,
      exec: user?.exec as ExecConfig | undefined,
      authProvider: user?.authProvider ? { name: String((user.authProvider as { name?: unknown }).name) } : undefined,
    },
    ...(cluster?.proxyUrl ? { proxyUrl: cluster.proxyUrl } : {}),
  };
}

/** Credentials written in the kubeconfig itself (token, client certificate): nothing to fetch. */
export const staticCredentials: CredentialSource = {
  get: (): Promise<Credential> => Promise.resolve({}),
  invalidate: () => {},
};
