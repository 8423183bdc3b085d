import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redactSecrets';

describe('secrets kept out of messages', () => {
  it('hides JWTs, bearer tokens, private keys and token or password values, and leaves words alone', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln';
    expect(redactSecrets(`invalid bearer token ${jwt}`)).toBe('invalid bearer token [token]');
    expect(redactSecrets('Authorization: Bearer abc.def-123')).toBe('Authorization: Bearer [token]');
    expect(redactSecrets('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY----- done')).toBe(
      '[private key] done',
    );
    expect(redactSecrets('{"token":"s3cret","password": "hunter2"}')).toBe(
      '{"token":"[hidden]","password": "[hidden]"}',
    );
    expect(redactSecrets('the token has expired; password required')).toBe('the token has expired; password required');
  });
});
