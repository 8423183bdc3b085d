import { describe, expect, it } from 'vitest';
import { cpuMillicores, memoryBytes, parseQuantity } from './quantity';

describe('Kubernetes quantities as metrics-server writes them', () => {
  it('reads CPU in millicores from cores, millicores and nanocores', () => {
    expect(cpuMillicores('250m')).toBe(250);
    expect(cpuMillicores('1')).toBe(1000);
    expect(cpuMillicores('1.5')).toBe(1500);
    expect(cpuMillicores('0')).toBe(0);
    expect(cpuMillicores('12345n')).toBe(0.012345);
    expect(cpuMillicores('1234567890n')).toBe(1234.56789);
    expect(cpuMillicores('500u')).toBe(0.5);
    expect(cpuMillicores('2k')).toBe(2_000_000);
  });

  it('reads memory in bytes from binary and decimal suffixes', () => {
    expect(memoryBytes('64Mi')).toBe(64 * 1024 * 1024);
    expect(memoryBytes('1Gi')).toBe(1024 ** 3);
    expect(memoryBytes('123456Ki')).toBe(123456 * 1024);
    expect(memoryBytes('1.5Gi')).toBe(1.5 * 1024 ** 3);
    expect(memoryBytes('1G')).toBe(1e9);
    expect(memoryBytes('128974848')).toBe(128974848);
    expect(memoryBytes('2Ti')).toBe(2 * 1024 ** 4);
  });

  it('reads decimal exponents and signs', () => {
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('12E-3', 3)).toBe(12);
    expect(parseQuantity('-1')).toBe(-1);
    expect(parseQuantity('+.5')).toBe(0.5);
  });

  it('reads the plain forms metrics-server writes to the same value as any other spelling', () => {
    // A leading "+" takes the general path; the plain digits-and-suffix form a shorter one.
    for (const text of ['999210n', '1234567890n', '250m', '1024Ki', '64Mi', '3Gi', '7', '500u', '2k', '0n']) {
      for (const scale of [0, 3]) expect(parseQuantity(text, scale)).toBe(parseQuantity(`+${text}`, scale));
    }
  });

  it('rejects what is not a quantity, naming it', () => {
    for (const bad of ['', 'abc', '1x', '1 Mi', 'Mi', '1mi', '1.2.3', '1KiB']) {
      expect(() => parseQuantity(bad)).toThrow(/not a Kubernetes quantity/);
    }
    expect(() => cpuMillicores('12 cores')).toThrow('"12 cores"');
  });
});
