/**
 * Is this URL our own renderer? IPC handlers ask this of every sender frame, so that
 * a foreign page (should one ever load) cannot reach the backend.
 */
export function isTrustedRendererUrl(url: string, trusted: { indexFileUrl: string; devServerUrl?: string }): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (trusted.devServerUrl) {
    const dev = new URL(trusted.devServerUrl);
    if (parsed.origin === dev.origin) return true;
  }
  if (parsed.protocol !== 'file:') return false;
  const index = new URL(trusted.indexFileUrl);
  return parsed.pathname === index.pathname;
}

/**
 * Links a user may open in their browser from the app: the documentation sites, and the
 * local address of a port-forward running right now (`forwardPorts`), nothing else on loopback.
 */
export function isAllowedExternalUrl(url: string, forwardPorts: ReadonlySet<number> = new Set()): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' && parsed.hostname === '127.0.0.1') return forwardPorts.has(Number(parsed.port));
    return parsed.protocol === 'https:' && ['kubernetes.io', 'docs.docker.com', 'github.com'].includes(parsed.hostname);
  } catch {
    return false;
  }
}

/** Permissions our own renderer may use (copy and paste in logs and terminals); everything else is denied. */
const RENDERER_PERMISSIONS = new Set(['clipboard-sanitized-write', 'clipboard-read']);

export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  isTrusted: (url: string) => boolean,
): boolean {
  return RENDERER_PERMISSIONS.has(permission) && isTrusted(requestingUrl);
}
