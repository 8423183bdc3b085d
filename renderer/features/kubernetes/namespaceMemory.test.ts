import { describe, expect, it } from 'vitest';
import { rememberedNamespaces, rememberNamespaces } from './namespaceMemory';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data,
  };
}

describe('namespaces remembered per context', () => {
  it('gives each context back its own choice; all namespaces is remembered as []', () => {
    const s = memoryStorage();
    rememberNamespaces(s, 'berth-a', ['team-a', 'shop']);
    rememberNamespaces(s, 'berth-b', []);
    expect(rememberedNamespaces(s, 'berth-a')).toEqual(['team-a', 'shop']);
    expect(rememberedNamespaces(s, 'berth-b')).toEqual([]);
    expect(rememberedNamespaces(s, 'other')).toBeNull();
  });

  it('treats unreadable storage as nothing remembered, and keeps working after it', () => {
    const s = memoryStorage({ 'berth.kube.namespaces': '{not json' });
    expect(rememberedNamespaces(s, 'berth-a')).toBeNull();
    rememberNamespaces(s, 'berth-a', ['team-a']);
    expect(rememberedNamespaces(s, 'berth-a')).toEqual(['team-a']);
    const odd = memoryStorage({ 'berth.kube.namespaces': '{"berth-a":["ok",3,"../x"],"b":"x"}' });
    expect(rememberedNamespaces(odd, 'berth-a')).toEqual(['ok']);
    expect(rememberedNamespaces(odd, 'b')).toBeNull();
  });

  it('survives storage that refuses writes', () => {
    const s = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => rememberNamespaces(s, 'a', ['x'])).not.toThrow();
  });
});
