import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../../shared/bridge';

/**
 * Characters a token may use: unreserved in a URL and allowed in a WebSocket subprotocol, so
 * the printed URL and the handshake carry it verbatim.
 */
const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{8,512}$/;

/** Why a user-supplied token cannot be used, or null when it can. */
export function tokenProblem(token: string): string | null {
  return TOKEN_PATTERN.test(token)
    ? null
    : 'must be 8 to 512 characters of A-Z, a-z, 0-9 and . _ ~ - (it travels in a URL and a WebSocket handshake)';
}

export function tokensEqual(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The token a request carries. Browsers offer it as a WebSocket subprotocol (`berth.token.T`,
 * next to `berth`): page script cannot set other handshake headers, and no cookie is needed, so
 * nothing secret is sent to other servers on this host. In the handshake rather than a first
 * message, so a peer without it is refused before it has a socket or reaches the frame parser.
 * Other clients may use a bearer header. Never the URL: it ends up in histories and logs.
 */
export function requestToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const offered = req.headers['sec-websocket-protocol'];
  for (const protocol of (offered ?? '').split(',')) {
    const trimmed = protocol.trim();
    if (trimmed.startsWith(WS_TOKEN_PROTOCOL_PREFIX)) return trimmed.slice(WS_TOKEN_PROTOCOL_PREFIX.length);
  }
  return undefined;
}

/** The subprotocol the server answers with: never the token's, so the secret is not echoed. */
export function chooseProtocol(offered: Set<string>): string | false {
  return offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false;
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
