/**
 * Removes what looks like a credential from text shown to the user or logged: bearer
 * tokens, JWTs (service-account and OIDC tokens), PEM private keys, and the values of
 * token/password fields. A safety net: messages are written not to contain them at all.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[private key]')
    .replace(/\beyJ[\w-]{5,}\.[\w-]+\.[\w-]*/g, '[token]')
    .replace(/\b(Bearer|Basic) [\w.~+/=-]+/g, '$1 [token]')
    .replace(
      /\b(token|password|secret|client-key-data|id-token|refresh-token)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
      '$1$2[hidden]',
    );
}
