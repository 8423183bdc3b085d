/**
 * Everything needed to talk to one context's API server, resolved from the kubeconfig:
 * file paths are already resolved against the file that named them, and file contents
 * (certificates, keys) are read lazily by the client so a rotated file is picked up.
 */
export interface ExecConfig {
  command: string;
  args?: string[];
  env?: Array<{ name: string; value: string }>;
  apiVersion?: string;
  /** Whether the plugin wants the cluster info (KUBERNETES_EXEC_INFO). */
  provideClusterInfo?: boolean;
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
  installHint?: string;
}

export interface ResolvedContext {
  name: string;
  cluster: string;
  user: string;
  /** The context's default namespace (kubectl's `--namespace` default). */
  namespace?: string;
  server: string;
  tls: {
    /** PEM text of the CA bundle, or its file path. */
    caData?: string;
    caFile?: string;
    insecureSkipVerify?: boolean;
    serverName?: string;
  };
  auth: {
    token?: string;
    tokenFile?: string;
    clientCertData?: string;
    clientCertFile?: string;
    clientKeyData?: string;
    clientKeyFile?: string;
    username?: string;
    password?: string;
    exec?: ExecConfig;
    /** Legacy in-tree auth providers (gcp, azure, oidc): refused with the name of the replacement plugin. */
    authProvider?: { name: string };
  };
  proxyUrl?: string;
  /** The cluster's `client.authentication.k8s.io/exec` extension, passed to exec plugins that ask for cluster info. */
  execClusterConfig?: unknown;
  /** Why this context cannot be used as written (its cluster or user is missing): a sentence for the user. */
  problem?: string;
}

/** Credentials an exec plugin (or another source) produced, cached until `expiresAt`. */
export interface Credential {
  token?: string;
  clientCertData?: string;
  clientKeyData?: string;
  /** Epoch ms; undefined = valid until the server rejects it. */
  expiresAt?: number;
}

/** Produces the credentials of a context's user; `invalidate` after a 401 forces a fresh one. */
export interface CredentialSource {
  get(signal?: AbortSignal): Promise<Credential>;
  invalidate(): void;
}
