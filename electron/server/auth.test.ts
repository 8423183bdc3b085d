import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allowedHosts, chooseProtocol, isAllowedOrigin, isLoopback, requestToken, tokensEqual } from './auth';
import { resolveStaticPath } from './staticFiles';
import { chooseToken } from './tokenSource';
import { requestPath } from './webServer';

const withHeaders = (headers: IncomingMessage['headers']): IncomingMessage => ({ headers }) as IncomingMessage;

describe('web mode auth helpers', () => {
  it('compares tokens exactly', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abd', 'abc')).toBe(false);
    expect(tokensEqual('ab', 'abc')).toBe(false);
    expect(tokensEqual(undefined, 'abc')).toBe(false);
  });

  it('accepts only our own origins on loopback', () => {
    const allowed = allowedHosts('127.0.0.1', 5000);
    expect(isAllowedOrigin('http://127.0.0.1:5000', '127.0.0.1:5000', allowed)).toBe(true);
    expect(isAllowedOrigin('http://localhost:5000', 'localhost:5000', allowed)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:5001', '127.0.0.1:5000', allowed)).toBe(false);
    expect(isAllowedOrigin('file://', '127.0.0.1:5000', allowed)).toBe(false);
    expect(isAllowedOrigin(undefined, '127.0.0.1:5000', allowed)).toBe(true);
  });

  it('on a wildcard bind, requires Origin to match the Host the browser used', () => {
    const allowed = allowedHosts('0.0.0.0', 5000);
    expect(isAllowedOrigin('http://box.lan:5000', 'box.lan:5000', allowed)).toBe(true);
    expect(isAllowedOrigin('http://evil.example', 'box.lan:5000', allowed)).toBe(false);
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '192.168.1.2', '::'].some(isLoopback)).toBe(false);
  });

  it('reads the token from the WebSocket subprotocol or a bearer header, never a cookie or the URL', () => {
    expect(requestToken(withHeaders({ 'sec-websocket-protocol': 'berth, berth.token.abc-DEF_123' }))).toBe(
      'abc-DEF_123',
    );
    expect(requestToken(withHeaders({ authorization: 'Bearer abc12345' }))).toBe('abc12345');
    expect(requestToken(withHeaders({ cookie: 'berth_token_1=abc12345' }))).toBeUndefined();
    expect(requestToken(withHeaders({ 'sec-websocket-protocol': 'berth' }))).toBeUndefined();
  });

  it('answers with the plain subprotocol, never echoing the token', () => {
    expect(chooseProtocol(new Set(['berth', 'berth.token.secret-secret']))).toBe('berth');
    expect(chooseProtocol(new Set(['berth.token.secret-secret']))).toBe(false);
  });

  it('takes the token from --token, --token-file or BERTH_TOKEN, and says what is wrong with a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-token-'));
    const file = join(dir, 'token');
    writeFileSync(file, 'from-the-file-123\nignored second line\n');
    expect(chooseToken({})).toBeUndefined();
    expect(chooseToken({ env: 'from-the-env-123' })).toBe('from-the-env-123');
    expect(chooseToken({ flag: 'from-the-flag-123', env: 'from-the-env-123' })).toBe('from-the-flag-123');
    expect(chooseToken({ file, env: 'from-the-env-123' })).toBe('from-the-file-123');
    expect(() => chooseToken({ flag: 'from-the-flag-123', file })).toThrow('either --token or --token-file');
    expect(() => chooseToken({ file: join(dir, 'missing') })).toThrow(/Could not read --token-file .*missing: ENOENT/);
    expect(() => chooseToken({ flag: 'abc' })).toThrow('--token must be 8 to 512 characters');
    expect(() => chooseToken({ env: 'has spaces in it' })).toThrow('BERTH_TOKEN must be 8 to 512 characters');
    writeFileSync(file, '\n');
    expect(() => chooseToken({ file })).toThrow(`The token in ${file} must be 8 to 512 characters`);
  });

  it('accepts only origin-form request paths that parse', () => {
    expect(requestPath('/assets/a.js?x=1')).toBe('/assets/a.js');
    expect(requestPath('//[')).toBeNull();
    expect(requestPath('//evil.example/a')).toBeNull();
    expect(requestPath('/%E0%A4%A')).toBeNull();
    expect(requestPath('/%ZZ')).toBeNull();
    expect(requestPath('/a%00b')).toBeNull();
    expect(requestPath('http://evil.example/')).toBeNull();
    expect(requestPath('*')).toBeNull();
    expect(requestPath('')).toBeNull();
    expect(requestPath(undefined)).toBeNull();
  });

  it('keeps static paths inside the root', () => {
    expect(resolveStaticPath('/srv/app', '/assets/a.js')).toBe('/srv/app/assets/a.js');
    expect(resolveStaticPath('/srv/app', '/../etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(resolveStaticPath('/srv/app', '/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(resolveStaticPath('/srv/app', '/a%00b')).toBeNull();
  });
});
