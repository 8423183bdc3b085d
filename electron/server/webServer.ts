import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Router } from '../core/router';
import { allowedHosts, isAllowedHost, isAllowedOrigin, requestToken, tokenCookieName, tokensEqual } from './auth';
import { SECURITY_HEADERS, serveStatic } from './staticFiles';
import { serveConnection } from './wsConnection';

export const WS_PATH = '/api/ws';

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

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Web mode: the built renderer over HTTP and the router over a WebSocket, behind a token. */
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

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!isAllowedHost(req.headers.host, allowed)) return refuse(res, 421, 'Unknown host.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    if (!tokensEqual(requestToken(req, url, port), token)) {
      return refuse(
        res,
        401,
        'Berth web mode needs the token printed when the server started (open the URL it printed).',
      );
    }
    if (url.searchParams.has('token')) {
      // Trade the token in the address bar for a cookie, so it does not linger in history.
      url.searchParams.delete('token');
      res.writeHead(302, {
        ...SECURITY_HEADERS,
        'Set-Cookie': `${tokenCookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search + url.hash,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    if (url.pathname === WS_PATH) return refuse(res, 426, 'Use a WebSocket.');
    serveStatic(options.staticDir, url.pathname, res).catch(() => refuse(res, 500, 'Could not read the file.'));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reject = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== WS_PATH) return reject(404, 'Not Found');
    if (!isAllowedHost(req.headers.host, allowed)) return reject(421, 'Misdirected Request');
    if (!isAllowedOrigin(req.headers.origin, req.headers.host, allowed)) return reject(403, 'Forbidden');
    if (!tokensEqual(requestToken(req, url, port), token)) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, options.router));
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
