import { readFile } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';
import { URL } from 'node:url';
import { withDeadline } from '../../net/deadline';
import { decodeStatus } from '../protobuf/kubeProtobuf';
import { errorFromStatus, type KubeStatus } from './kubeApiError';
import type { Credential, CredentialSource, ResolvedContext } from './resolvedContext';

/** Every request has a deadline; a streamed list fails after this long without a byte (a page of 5,000 pods may take longer whole). */
export const REQUEST_TIMEOUT_MS = 30_000;
/** A watch must send its response headers this soon; after that the watchdog judges silence. */
const WATCH_HEADERS_TIMEOUT_MS = 15_000;
const MAX_ERROR_BODY = 64 * 1024;

/** TLS settings of a connection to the API server (empty for plain http). */
export interface TlsOptions {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized?: boolean;
  servername?: string;
  /** The three above, parsed once (see ClusterClient.secureContextFor). */
  secureContext?: SecureContext;
}

export interface UpgradeTarget {
  url: URL;
  headers: Record<string, string>;
  tls: TlsOptions;
}

export interface KubeRequest {
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Accept header, e.g. the server's Table format. */
  accept?: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** The body's type when it is not plain JSON: a patch says which kind of patch it is. */
  contentType?: 'application/json-patch+json' | 'application/merge-patch+json';
  timeoutMs?: number;
  signal?: AbortSignal;
  /** How `json` turns the body's text into a value (default JSON.parse): lists drop what nobody reads first. */
  parse?: (text: string) => unknown;
}

/**
 * One long-lived client per context in use: keep-alive connections to its API server, TLS
 * from the kubeconfig, credentials from a cached source (an exec plugin runs once per
 * credential lifetime, not per request). Every request has a timeout and can be aborted.
 * Plain Node https: a slim row needs none of client-node's 2,500 generated models.
 */
export class ClusterClient {
  private readonly agent: http.Agent;
  /** Undefined when the kubeconfig gives no usable server address: every request then says so. */
  private readonly base: URL | undefined;
  private tlsFiles: Promise<{ ca?: string; cert?: string; key?: string }> | undefined;
  private secure: { ca?: string; cert?: string; key?: string; context: SecureContext } | undefined;

  constructor(
    readonly context: ResolvedContext,
    private readonly credentials: CredentialSource,
  ) {
    this.base = URL.canParse(context.server) ? new URL(context.server) : undefined;
    const secure = this.base?.protocol !== 'http:';
    this.agent = secure
      ? new https.Agent({ keepAlive: true, maxSockets: 64 })
      : new http.Agent({ keepAlive: true, maxSockets: 64 });
  }

  get server(): string {
    return this.context.server;
  }

  /** A JSON request: resolves with the parsed body of a 2xx answer, rejects with KubeApiError otherwise. */
  async json<T>(request: KubeRequest): Promise<T> {
    return withDeadline(
      request.timeoutMs ?? REQUEST_TIMEOUT_MS,
      async (signal) => {
        const response = await this.send(request, signal);
        const body = await readBody(response, signal, Infinity);
        return (request.parse ?? JSON.parse)(body.toString('utf8')) as T;
      },
      request.signal,
    );
  }

  /**
   * A streaming GET (a watch, a list read as it comes): calls `onChunk` with raw bytes until
   * the server ends the stream (resolves) or it fails (rejects). Abort `signal` to stop it.
   * With `begin`, the body is read only once `begin` resolves: until then it waits in the
   * connection, which holds the server back (TCP flow control) rather than filling our memory.
   */
  async stream(
    request: KubeRequest,
    onChunk: (chunk: Buffer) => void,
    signal: AbortSignal,
    begin?: Promise<void>,
  ): Promise<void> {
    const response = await withDeadline(
      request.timeoutMs ?? WATCH_HEADERS_TIMEOUT_MS,
      (headersSignal) => this.send(request, headersSignal),
      signal,
    );
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        response.destroy();
        reject(abortError(signal));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      const read = (): void => {
        if (signal.aborted) return;
        response.on('data', onChunk);
        response.once('end', () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      };
      response.once('error', (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      });
      if (!begin) return read();
      begin.then(read, (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        response.destroy();
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  dispose(): void {
    this.agent.destroy();
  }

  private async send(request: KubeRequest, signal: AbortSignal): Promise<IncomingMessage> {
    const credential = await this.credentials.get(signal);
    const response = await this.sendOnce(request, signal, credential);
    if (response.statusCode === 401 && (credential.token !== undefined || credential.clientCertData !== undefined)) {
      // A fetched (exec plugin) credential the server no longer takes: fetch a fresh one once, then give up.
      response.resume();
      this.credentials.invalidate();
      return this.check(await this.sendOnce(request, signal, await this.credentials.get(signal)), signal);
    }
    return this.check(response, signal);
  }

  private async check(response: IncomingMessage, signal: AbortSignal): Promise<IncomingMessage> {
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return response;
    const body = await readBody(response, signal, MAX_ERROR_BODY).catch(() => Buffer.alloc(0));
    let parsed: KubeStatus;
    try {
      // A request that accepted protobuf gets its error's Status in protobuf too.
      parsed = decodeStatus(body) ?? (JSON.parse(body.toString('utf8')) as KubeStatus);
    } catch {
      parsed = { message: body.toString('utf8').slice(0, 500) || `HTTP ${status}` };
    }
    throw errorFromStatus(parsed, status);
  }

  /**
   * What an upgraded connection (a terminal's or a port-forward's WebSocket) needs to reach
   * the API server as this context's user: the URL of `path`, the Authorization header and
   * the TLS settings, exactly as every request of this client uses them.
   */
  async upgradeTarget(path: string, signal: AbortSignal): Promise<UpgradeTarget> {
    const credential = await this.credentials.get(signal);
    const url = this.url(path);
    return { url, headers: await this.authHeaders(credential), tls: await this.tlsOptions(url, credential) };
  }

  /** The server refused the credential of an upgrade (401): the next one is fetched fresh. */
  credentialRejected(): void {
    this.credentials.invalidate();
  }

  private url(path: string): URL {
    if (!this.base) {
      throw Object.assign(new Error(`the server address “${this.context.server}” is not a URL`), {
        code: 'ERR_INVALID_URL',
      });
    }
    return new URL(this.base.pathname.replace(/\/$/, '') + path, this.base);
  }

  private async authHeaders(credential: Credential): Promise<Record<string, string>> {
    const token = credential.token ?? (await this.staticToken());
    if (token) return { Authorization: `Bearer ${token}` };
    if (this.context.auth.username !== undefined) {
      const basic = Buffer.from(`${this.context.auth.username}:${this.context.auth.password ?? ''}`).toString('base64');
      return { Authorization: `Basic ${basic}` };
    }
    return {};
  }

  private async tlsOptions(url: URL, credential: Credential): Promise<TlsOptions> {
    if (url.protocol !== 'https:') return {};
    const files = await this.readTlsFiles();
    const ca = files.ca;
    const cert = credential.clientCertData ?? files.cert;
    const key = credential.clientKeyData ?? files.key;
    return {
      // Still given with the context: the agent pools connections by them, so a new client
      // certificate (an exec plugin's) gets connections of its own.
      ca,
      cert,
      key,
      secureContext: this.secureContextFor(ca, cert, key),
      rejectUnauthorized: !this.context.tls.insecureSkipVerify,
      ...(this.context.tls.serverName ? { servername: this.context.tls.serverName } : {}),
    };
  }

  private async sendOnce(request: KubeRequest, signal: AbortSignal, credential: Credential): Promise<IncomingMessage> {
    const url = this.url(request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      Accept: request.accept ?? 'application/json',
      ...(await this.authHeaders(credential)),
    };
    let payload: Buffer | undefined;
    if (request.body !== undefined) {
      payload = Buffer.from(JSON.stringify(request.body));
      headers['Content-Type'] =
        request.contentType ?? (request.method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');
      // Node sends a DELETE body without a length unless told, and the API server then ignores it (and its preconditions).
      headers['Content-Length'] = String(payload.length);
    }
    const secure = url.protocol === 'https:';
    const options: https.RequestOptions = {
      method: request.method ?? 'GET',
      headers,
      agent: this.agent,
      signal,
      ...(await this.tlsOptions(url, credential)),
    };
    return new Promise((resolve, reject) => {
      const req = (secure ? https : http).request(url, options, resolve);
      req.once('error', (error) => reject(signal.aborted ? abortError(signal) : error));
      req.end(payload);
    });
  }

  private async staticToken(): Promise<string | undefined> {
    const { token, tokenFile } = this.context.auth;
    if (token) return token;
    // Re-read each time: projected service-account tokens rotate on disk.
    if (tokenFile) return (await readFile(tokenFile, 'utf8')).trim();
    return undefined;
  }

  /**
   * The CA, certificate and key parsed once while they stay the same: given as text only,
   * Node parses them again for every new connection (1.5 ms with an EC key, more with RSA),
   * and a context's first second opens a dozen (lists, watches, metrics, discovery).
   */
  private secureContextFor(ca?: string, cert?: string, key?: string): SecureContext {
    const known = this.secure;
    if (known && known.ca === ca && known.cert === cert && known.key === key) return known.context;
    const context = createSecureContext({ ca, cert, key });
    this.secure = { ca, cert, key, context };
    return context;
  }

  private readTlsFiles(): Promise<{ ca?: string; cert?: string; key?: string }> {
    const { tls, auth } = this.context;
    this.tlsFiles ??= (async () => ({
      ca: tls.caData ?? (tls.caFile ? await readFile(tls.caFile, 'utf8') : undefined),
      cert: auth.clientCertData ?? (auth.clientCertFile ? await readFile(auth.clientCertFile, 'utf8') : undefined),
      key: auth.clientKeyData ?? (auth.clientKeyFile ? await readFile(auth.clientKeyFile, 'utf8') : undefined),
    }))();
    // A failed read (file moved) is tried again on the next request.
    this.tlsFiles.catch(() => (this.tlsFiles = undefined));
    return this.tlsFiles;
  }
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return Object.assign(new Error('the API server did not answer in time'), { code: 'TIMEOUT' });
  }
  return reason instanceof Error ? reason : Object.assign(new Error('aborted'), { code: 'ABORT_ERR' });
}

function readBody(response: IncomingMessage, signal: AbortSignal, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onAbort = (): void => {
      response.destroy();
      reject(abortError(signal));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    response.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length <= limit) chunks.push(chunk);
    });
    response.once('end', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(Buffer.concat(chunks));
    });
    response.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(signal.aborted ? abortError(signal) : error);
    });
  });
}
