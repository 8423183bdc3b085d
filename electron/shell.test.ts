import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, isPermissionAllowed, isTrustedRendererUrl } from './trustedUrl';
import { DEFAULT_SIZE, parseWindowState, restoreBounds } from './windowState';

describe('sender frame check', () => {
  const trusted = { indexFileUrl: 'file:///opt/Berth/resources/app/out/renderer/index.html' };
  it('trusts only our own renderer file (and the dev server in development)', () => {
    expect(isTrustedRendererUrl('file:///opt/Berth/resources/app/out/renderer/index.html#/containers', trusted)).toBe(
      true,
    );
    expect(isTrustedRendererUrl('file:///tmp/evil.html', trusted)).toBe(false);
    expect(isTrustedRendererUrl('https://evil.example/', trusted)).toBe(false);
    expect(isTrustedRendererUrl('not a url', trusted)).toBe(false);
    const dev = { ...trusted, devServerUrl: 'http://localhost:5173/' };
    expect(isTrustedRendererUrl('http://localhost:5173/#/overview', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', dev)).toBe(false);
  });

  it('grants only clipboard permissions, and only to our renderer', () => {
    const ours = (url: string): boolean => isTrustedRendererUrl(url, trusted);
    expect(isPermissionAllowed('clipboard-sanitized-write', trusted.indexFileUrl, ours)).toBe(true);
    expect(isPermissionAllowed('clipboard-read', trusted.indexFileUrl, ours)).toBe(true);
    expect(isPermissionAllowed('clipboard-read', 'https://evil.example/', ours)).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'fileSystem']) {
      expect(isPermissionAllowed(p, trusted.indexFileUrl, ours)).toBe(false);
    }
  });

  it('opens only allow-listed https links externally', () => {
    expect(isAllowedExternalUrl('https://kubernetes.io/docs/')).toBe(true);
    expect(isAllowedExternalUrl('http://kubernetes.io/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('https://evil.example/')).toBe(false);
    // A running port-forward's address opens; any other loopback port does not.
    expect(isAllowedExternalUrl('http://127.0.0.1:28080/', new Set([28080]))).toBe(true);
    expect(isAllowedExternalUrl('http://127.0.0.1:28081/', new Set([28080]))).toBe(false);
    expect(isAllowedExternalUrl('http://localhost:28080/', new Set([28080]))).toBe(false);
  });
});

describe('window state', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 };
  it('restores saved bounds that are on a display', () => {
    const saved = parseWindowState(
      JSON.stringify({ bounds: { x: 100, y: 50, width: 1000, height: 700 }, maximized: true }),
    );
    expect(saved?.maximized).toBe(true);
    expect(restoreBounds(saved, [display])).toEqual({ x: 100, y: 50, width: 1000, height: 700 });
  });

  it('keeps the size but lets the OS place a window whose monitor is gone', () => {
    const saved = parseWindowState(JSON.stringify({ bounds: { x: 3000, y: 0, width: 1000, height: 700 } }));
    expect(restoreBounds(saved, [display])).toEqual({ width: 1000, height: 700 });
  });

  it('falls back to defaults on a malformed file', () => {
    expect(parseWindowState('{oops')).toBeNull();
    expect(parseWindowState(JSON.stringify({ bounds: { x: 'a' } }))).toBeNull();
    expect(restoreBounds(null, [display])).toEqual(DEFAULT_SIZE);
  });
});
