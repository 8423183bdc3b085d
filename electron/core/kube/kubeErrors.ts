import { CredentialError } from './connection/execCredential';
import { redactSecrets } from './connection/redactSecrets';

export interface ProblemDescription {
  message: string;
  hint: string;
  /** The technical cause, for the curious; never contains a token or a key. */
  detail: string;
}

/** The server's certificate is not one we trust. */
const UNTRUSTED_SERVER_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A TLS alert from the server about our client certificate. */
const CLIENT_CERT_ALERT =
  /^ERR_SSL_(SSLV3|TLSV1|TLSV13)_ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_REQUIRED|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED)$/;

/** OpenSSL could not use a certificate or key we hold (malformed PEM, key not matching its certificate). */
const LOCAL_CERT_OR_KEY = /^ERR_OSSL_(PEM|X509|ASN1|EVP|DECODER|UNSUPPORTED)/;

const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EHOSTDOWN']);
const TIMEOUT = new Set(['ETIMEDOUT', 'TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** The first string `code` and HTTP status found along an error's cause chain, and its messages. */
function codesOf(error: unknown): { code?: string; status?: number; text: string } {
  let code: string | undefined;
  let status: number | undefined;
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; statusCode?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && !code) code = e.code;
    if (typeof e.code === 'number' && e.code >= 100 && e.code < 600 && !status) status = e.code;
    if (typeof e.statusCode === 'number' && !status) status = e.statusCode;
    if (typeof e.message === 'string') texts.push(e.message.split('\n')[0] ?? '');
    current = e.cause;
  }
  return { code, status, text: texts.join(' ← ') || String(error) };
}

/** A failed request to a cluster → what the user reads, and what they can do. */
export function describeKubeError(error: unknown, context: string, server: string | undefined): ProblemDescription {
  const { code, status, text } = codesOf(error);
  const where = server ?? `the server of context ${context}`;
  const detail = redactSecrets(text).slice(0, 1000);
  if (error instanceof CredentialError) {
    return { message: error.message, hint: error.hint, detail: `${error.problem}` };
  }
  if (status === 401) {
    return {
      message: `The cluster of “${context}” rejected your credentials: they are missing, invalid or expired.`,
      hint: 'Log in again (for example refresh your cloud CLI login), then reload the kubeconfig.',
      detail,
    };
  }
  if (status === 403) {
    return {
      message: `You are not allowed to read from “${context}”.`,
      hint: 'Ask for access to this cluster.',
      detail,
    };
  }
  if (code && UNREACHABLE.has(code)) {
    return {
      message: `Nothing answers at ${where}.`,
      hint: 'Is the cluster running? Start it, or check the server address.',
      detail,
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {
      message: `Cannot resolve the address of ${where}.`,
      hint: 'Check your network or VPN connection.',
      detail,
    };
  }
  if (code && TIMEOUT.has(code)) {
    return {
      message: `${where} does not answer.`,
      hint: 'Check your network or VPN connection; Berth keeps retrying.',
      detail,
    };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return {
      message: `${where} dropped the connection.`,
      hint: 'Check your network or VPN connection, or a proxy between you and the cluster; Berth keeps retrying.',
      detail,
    };
  }
  if (code && CLIENT_CERT_ALERT.test(code)) {
    return {
      message: `${where} refused the client certificate of “${context}”.`,
      hint: 'Your client certificate may have expired or be for another cluster: get a new kubeconfig for this cluster.',
      detail,
    };
  }
  if (code && UNTRUSTED_SERVER_CODES.has(code)) {
    return {
      message: `The TLS certificate of ${where} is not trusted (${code}).`,
      hint: 'Check certificate-authority-data in your kubeconfig for this cluster.',
      detail,
    };
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO') {
    return {
      message: `${where} does not speak HTTPS.`,
      hint: 'Check the server address in your kubeconfig (its scheme and port).',
      detail,
    };
  }
  if (code && LOCAL_CERT_OR_KEY.test(code)) {
    return {
      message: `The certificates or key in the kubeconfig of “${context}” cannot be used.`,
      hint: 'Check client-certificate, client-key and certificate-authority for this context: a file may be damaged, or the key may not belong to the certificate.',
      detail,
    };
  }
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    return {
      message: `A file named in the kubeconfig of “${context}” cannot be read.`,
      hint: 'Check the certificate, key and token file paths for this context.',
      detail,
    };
  }
  return { message: `Cannot reach the cluster of “${context}”.`, hint: 'Berth keeps retrying.', detail };
}
