import { BerthFailure, type BerthError, type ErrorCode } from '../../../shared/errors';

/** What the status bar shows for an engine that cannot be used. */
export interface ConnectionProblem {
  code: ErrorCode;
  message: string;
  hint: string;
  detail: string;
}

function errorField(error: unknown, field: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[field] : undefined;
}

/** Node's system error code (ECONNREFUSED, EACCES, CERT_HAS_EXPIRED…), if any. */
export function systemCode(error: unknown): string | undefined {
  const code = errorField(error, 'code');
  if (typeof code === 'string') return code;
  const cause = errorField(error, 'cause');
  return cause && cause !== error ? systemCode(cause) : undefined;
}

/** The engine's HTTP status for an API error (docker-modem sets statusCode). */
export function httpStatus(error: unknown): number | undefined {
  const status = errorField(error, 'statusCode');
  return typeof status === 'number' ? status : undefined;
}

/** The engine's own message ("Container abc is already paused"), without docker-modem's prefix. */
export function engineMessage(error: unknown): string {
  const json = errorField(error, 'json');
  if (typeof json === 'object' && json !== null) {
    const message = (json as Record<string, unknown>).message;
    if (typeof message === 'string' && message.trim()) return message.trim();
  }
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim() || text;
}

function technical(error: unknown): string {
  const code = systemCode(error);
  const text = error instanceof Error ? error.message : String(error);
  return code && !text.includes(code) ? `${code}: ${text}` : text;
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)|EPROTO$|ERR_OSSL)/;

const CERT_FILES = 'DOCKER_CERT_PATH or the docker context’s TLS files';

/** Which side of a TLS handshake gave up, and why: the fix differs (ca.pem vs cert.pem/key.pem vs renewal). */
function tlsReason(code: string, detail: string): { reason: string; hint: string } {
  if (
    /ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_REQUIRED|CERTIFICATE_UNKNOWN|CERTIFICATE_EXPIRED)/.test(
      code + detail,
    )
  ) {
    return {
      reason: 'the engine refused Berth’s client certificate',
      hint: `Use a client certificate (cert.pem, key.pem in ${CERT_FILES}) signed by the CA the engine trusts (its --tlscacert), and not expired.`,
    };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return {
      reason:
        code === 'CERT_HAS_EXPIRED'
          ? 'the engine’s certificate has expired'
          : 'the engine’s certificate is not valid yet',
      hint: 'Renew the engine’s certificate (or check this computer’s clock).',
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      reason: 'the engine’s certificate is for another host name',
      hint: 'Connect with the host name or IP address the certificate names, or reissue it with this one.',
    };
  }
  if (/^(UNABLE_TO_(VERIFY|GET)|SELF_SIGNED|DEPTH_ZERO)/.test(code)) {
    return {
      reason: 'Berth does not trust the engine’s certificate',
      hint: `ca.pem (in ${CERT_FILES}) must be the CA that signed the engine’s certificate.`,
    };
  }
  return {
    reason: 'the handshake did not complete',
    hint: `Check the certificates (${CERT_FILES}) and DOCKER_TLS_VERIFY, and that the engine serves TLS on that port.`,
  };
}

/** Turns a failure to reach an engine into words a user can act on. */
export function describeConnectionError(error: unknown, endpoint: string): ConnectionProblem {
  const code = systemCode(error) ?? '';
  const detail = technical(error);
  const isSocket = endpoint.startsWith('unix://') || endpoint.startsWith('npipe://');
  const where = isSocket ? endpoint.replace(/^(unix|npipe):\/\//, '') : endpoint;
  if (code === 'ECONNREFUSED' || code === 'ENOENT' || (isSocket && code === 'ECONNRESET')) {
    return {
      code: 'unavailable',
      message: `Docker engine at ${where} is not running.`,
      hint: 'Start Docker Desktop / dockerd (or Colima, Podman, OrbStack…), or set DOCKER_HOST to the engine you use.',
      detail,
    };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return {
      code: 'permission_denied',
      message: `Permission denied on the Docker socket ${where}.`,
      hint: 'Add your user to the docker group (sudo usermod -aG docker $USER, then log in again) or check the socket’s permissions.',
      detail,
    };
  }
  if (TLS_CODES.test(code) || /certificate|tls|ssl/i.test(detail)) {
    const { reason, hint } = tlsReason(code, detail);
    return { code: 'unauthorized', message: `The TLS connection to ${where} failed: ${reason}.`, hint, detail };
  }
  if (['EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET'].includes(code)) {
    return {
      code: 'unavailable',
      message: `Cannot reach the Docker host ${where}.`,
      hint: 'Check the address and port, your network or VPN, and that the engine listens there.',
      detail,
    };
  }
  if (code === 'ABORT_ERR' || code === 'ERR_TIMEOUT' || errorField(error, 'name') === 'TimeoutError') {
    return {
      code: 'timeout',
      message: `The Docker engine at ${where} does not answer.`,
      hint: 'The engine may be starting or overloaded; Berth keeps retrying.',
      detail,
    };
  }
  const status = httpStatus(error);
  if (status !== undefined) {
    return {
      code: 'unavailable',
      message: `The endpoint ${where} answered, but not like a Docker engine (HTTP ${status}).`,
      hint: 'Check that DOCKER_HOST or the docker context points at a Docker-compatible engine.',
      detail,
    };
  }
  return {
    code: 'unavailable',
    message: `Cannot connect to the Docker engine at ${where}.`,
    hint: 'Check that the engine is running and that DOCKER_HOST or the docker context is right.',
    detail,
  };
}

/** What an action was about, for messages: "stop container “web”". */
export interface ActionContext {
  verb: string;
  /** e.g. "container “web”". */
  what: string;
  endpoint: string;
  /** For 304 (not modified): what the object already is, e.g. "running". */
  alreadyState?: string;
}

/** Maps an engine API error (404, 409, 304, 5xx) or a connection error to a readable BerthError. */
export function toDockerError(error: unknown, ctx: ActionContext): BerthError {
  if (error instanceof BerthFailure) return error.error;
  const status = httpStatus(error);
  const said = engineMessage(error);
  if (status === undefined) {
    const problem = describeConnectionError(error, ctx.endpoint);
    return {
      code: problem.code,
      message: `Could not ${ctx.verb} ${ctx.what}: ${problem.message}`,
      detail: problem.detail,
    };
  }
  const capital = ctx.what.charAt(0).toUpperCase() + ctx.what.slice(1);
  switch (status) {
    case 304:
      return {
        code: 'conflict',
        message: `${capital} is already ${ctx.alreadyState ?? 'in that state'}.`,
        detail: said,
      };
    case 404:
      return { code: 'not_found', message: `${capital} no longer exists.`, detail: said };
    case 409: {
      // "Container 3f…(64 hex) is already paused": say it with the name the user knows.
      const already = /\bis already (\w+)/i.exec(said);
      if (already) return { code: 'conflict', message: `${capital} is already ${already[1]}.`, detail: said };
      if (/is not running/i.test(said))
        return { code: 'conflict', message: `${capital} is not running.`, detail: said };
      return {
        code: 'conflict',
        message: `Could not ${ctx.verb} ${ctx.what}: ${said.replace(/\b[0-9a-f]{64}\b/g, (id) => id.slice(0, 12))}`,
        detail: said,
      };
    }
    case 401:
    case 403:
      return {
        code: 'permission_denied',
        message: `The engine refused to ${ctx.verb} ${ctx.what}: ${said}`,
        detail: said,
      };
    case 400:
      return { code: 'invalid_input', message: `Could not ${ctx.verb} ${ctx.what}: ${said}`, detail: said };
    default:
      return {
        code: 'internal',
        message: `The engine failed to ${ctx.verb} ${ctx.what}: ${said}`,
        detail: `HTTP ${status}: ${said}`,
      };
  }
}

export function dockerFailure(error: unknown, ctx: ActionContext): BerthFailure {
  return new BerthFailure(toDockerError(error, ctx));
}
