import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Cookies are not isolated by port, so the name carries it: two servers never clash. */
export function tokenCookieName(port: number): string {
  return `berth_token_${port}`;
}

export function tokensEqual(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      // a malformed cookie is ignored, not fatal
    }
  }
  return cookies;
}

/** The token a request carries: `?token=`, a bearer header, or our cookie. */
export function requestToken(req: IncomingMessage, url: URL, port: number): string | undefined {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return parseCookies(req.headers.cookie).get(tokenCookieName(port));
}

/**
 * Hosts this server answers to. Checking Host (and Origin on WebSocket upgrades)
 * against this list defeats DNS rebinding: a hostile page's requests carry its own name.
 */
export function allowedHosts(bindHost: string, port: number): Set<string> | 'any' {
  // Bound to every interface on purpose: any name may reach us, the token still guards.
  if (bindHost === '0.0.0.0' || bindHost === '::') return 'any';
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', bindHost.includes(':') ? `[${bindHost}]` : bindHost]);
  return new Set([...names].map((name) => `${name}:${port}`));
}

export function isAllowedHost(hostHeader: string | undefined, allowed: Set<string> | 'any'): boolean {
  if (!hostHeader) return false;
  return allowed === 'any' || allowed.has(hostHeader.toLowerCase());
}

/**
 * Browsers always send Origin on WebSocket upgrades; it must name this server, so a
 * page from elsewhere cannot open a socket to us (cross-site WebSocket hijacking).
 */
export function isAllowedOrigin(
  origin: string | undefined,
  hostHeader: string | undefined,
  allowed: Set<string> | 'any',
): boolean {
  if (origin === undefined) return true; // not a browser: the token still has to match
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const host = url.host.toLowerCase();
    return allowed === 'any' ? host === hostHeader?.toLowerCase() : allowed.has(host);
  } catch {
    return false;
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
