import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Router } from '../core/router';
import { allowedHosts, chooseProtocol, isAllowedHost, isAllowedOrigin, requestToken, tokensEqual } from './auth';
import { SECURITY_HEADERS, serveStatic } from './staticFiles';
import { serveConnection } from './wsConnection';

export const WS_PATH = '/api/ws';

/** The largest WebSocket message a client may send; larger ones close its connection (1009). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface WebServerOptions {
  router: Router;
  /** The built renderer (out/renderer). */
  staticDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
}

export interface WebServer {
  url: string;
  /** The URL with the token, to print for the user. */
  loginUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The path of an origin-form request target (`/a/b?c`), or null for anything else: absolute-form
 * (`http://x/`), `*`, `//…` (an authority, not a path), or a path that does not parse or decode.
 */
export function requestPath(target: string | undefined): string | null {
  if (!target?.startsWith('/') || target.startsWith('//')) return null;
  try {
    const { pathname } = new URL(target, 'http://berth.invalid');
    // The decoded form is used, not only tried: a bundler drops a call whose result is unused.
    return decodeURIComponent(pathname).includes('\0') ? null : pathname;
  } catch {
    return null;
  }
}

/**
 * Web mode: the built renderer over HTTP and the router over a WebSocket. Static files are
 * public (they hold no data); the WebSocket, where all data flows, needs the token.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? generateToken();
  let port = options.port ?? 0;
  let allowed: Set<string> | 'any' = new Set<string>();

  const refuse = (res: ServerResponse, status: number, text: string): void => {
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(text);
  };

  const handleRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (!isAllowedHost(req.headers.host, allowed)) return refuse(res, 421, 'Unknown host.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    const path = requestPath(req.url);
    if (path === null) return refuse(res, 400, 'Malformed request path.');
    if (path === WS_PATH) {
      // A page whose socket will not open asks here whether its token is still the server's.
      if (!tokensEqual(requestToken(req), token)) return refuse(res, 401, 'The token was not accepted.');
      return refuse(res, 426, 'Use a WebSocket.');
    }
    serveStatic(options.staticDir, path, res).catch(() => answerFailure(res));
  };

  const answerFailure = (res: ServerResponse): void => {
    if (res.headersSent) res.destroy();
    else refuse(res, 500, 'The request could not be answered.');
  };

  // No request, however malformed, may end the process: every path ends in an answer.
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    try {
      handleRequest(req, res);
    } catch {
      answerFailure(res);
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, handleProtocols: chooseProtocol });

  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const reject = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const path = requestPath(req.url);
    if (path === null) return reject(400, 'Bad Request');
    if (path !== WS_PATH) return reject(404, 'Not Found');
    if (!isAllowedHost(req.headers.host, allowed)) return reject(421, 'Misdirected Request');
    if (!isAllowedOrigin(req.headers.origin, req.headers.host, allowed)) return reject(403, 'Forbidden');
    if (!tokensEqual(requestToken(req), token)) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, options.router));
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands over the raw socket without an error listener: a peer resetting it while we
    // answer would otherwise end the process.
    socket.on('error', () => socket.destroy());
    try {
      handleUpgrade(req, socket, head);
    } catch {
      socket.destroy();
    }
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  allowed = allowedHosts(host, port);
  // Once listening, the server emits errors only for connections it could not accept: those
  // peers are gone, the server goes on. (Out of descriptors, Node drops them without a word.)
  // Said at most every 10 s.
  let lastAcceptError = 0;
  server.on('error', (error: Error) => {
    if (Date.now() - lastAcceptError < 10_000) return;
    lastAcceptError = Date.now();
    process.stderr.write(`Berth web mode could not accept a connection: ${error.message}\n`);
  });

  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}/`;
  return {
    url,
    loginUrl: `${url}?token=${encodeURIComponent(token)}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
