export interface ProblemDescription {
  message: string;
  hint: string;
  detail: string;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** The first string `code` and numeric HTTP status found along an error's cause chain. */
function codesOf(error: unknown): { code?: string; status?: number; text: string } {
  let code: string | undefined;
  let status: number | undefined;
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; statusCode?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && !code) code = e.code;
    if (typeof e.code === 'number' && !status) status = e.code;
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
  const detail = text.slice(0, 1000);
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
  if (code === 'ECONNREFUSED') {
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
  if (
    code === 'ETIMEDOUT' ||
    code === 'ECONNRESET' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'TIMEOUT'
  ) {
    return {
      message: `${where} does not answer.`,
      hint: 'Check your network or VPN connection; Berth keeps retrying.',
      detail,
    };
  }
  if (code && TLS_CODES.has(code)) {
    return {
      message: `The TLS certificate of ${where} is not trusted (${code}).`,
      hint: 'Check certificate-authority-data in your kubeconfig for this cluster.',
      detail,
    };
  }
  if (/exec|plugin|command/i.test(text) && /not found|ENOENT|exit/i.test(text)) {
    return {
      message: `The credential plugin of “${context}” failed.`,
      hint: 'Install or fix the authentication plugin named in your kubeconfig, then reload.',
      detail,
    };
  }
  return { message: `Cannot reach the cluster of “${context}”.`, hint: 'Berth keeps retrying.', detail };
}
