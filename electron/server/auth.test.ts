import { describe, expect, it } from 'vitest';
import { allowedHosts, isAllowedOrigin, isLoopback, parseCookies, tokensEqual } from './auth';
import { resolveStaticPath } from './staticFiles';

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

  it('parses cookies and ignores malformed ones', () => {
    expect(parseCookies('a=1; b=%ZZ; c=x%20y')).toEqual(
      new Map([
        ['a', '1'],
        ['c', 'x y'],
      ]),
    );
  });

  it('keeps static paths inside the root', () => {
    expect(resolveStaticPath('/srv/app', '/assets/a.js')).toBe('/srv/app/assets/a.js');
    expect(resolveStaticPath('/srv/app', '/../etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(resolveStaticPath('/srv/app', '/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(resolveStaticPath('/srv/app', '/a%00b')).toBeNull();
  });
});
