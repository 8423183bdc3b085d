import { describe, expect, it } from 'vitest';
import { ariaSort, formatSort, matchesText, nextSort, parseSort, sortBy } from './gridQuery';

describe('sort specs in the URL', () => {
  const keys = ['name', 'cpu'] as const;
  it('round-trips through the URL and rejects unknown columns', () => {
    expect(parseSort('cpu:desc', keys, { key: 'name', dir: 'asc' })).toEqual({ key: 'cpu', dir: 'desc' });
    expect(parseSort('name', keys, { key: 'cpu', dir: 'asc' })).toEqual({ key: 'name', dir: 'asc' });
    expect(parseSort('bogus:desc', keys, { key: 'name', dir: 'asc' })).toEqual({ key: 'name', dir: 'asc' });
    expect(formatSort({ key: 'cpu', dir: 'desc' })).toBe('cpu:desc');
    expect(formatSort({ key: 'cpu', dir: 'asc' })).toBe('cpu');
  });
  it('flips direction on the same header and starts ascending on another', () => {
    expect(nextSort({ key: 'name', dir: 'asc' }, 'name')).toEqual({ key: 'name', dir: 'desc' });
    expect(nextSort({ key: 'name', dir: 'desc' }, 'cpu')).toEqual({ key: 'cpu', dir: 'asc' });
  });
  it('reports aria-sort for the sorted column only', () => {
    expect(ariaSort({ key: 'name', dir: 'desc' }, 'name')).toBe('descending');
    expect(ariaSort({ key: 'name', dir: 'desc' }, 'cpu')).toBe('none');
  });
});

describe('sortBy', () => {
  const rows = [
    { name: 'web-10', cpu: 5 },
    { name: 'web-2', cpu: undefined },
    { name: 'db', cpu: 50 },
    { name: 'api', cpu: 5 },
  ];
  it('sorts names naturally (web-2 before web-10)', () => {
    expect(
      sortBy(
        rows,
        (r) => r.name,
        'asc',
        (r) => r.name,
      ).map((r) => r.name),
    ).toEqual(['api', 'db', 'web-2', 'web-10']);
  });
  it('puts rows without a value last in both directions and breaks ties by name', () => {
    expect(
      sortBy(
        rows,
        (r) => r.cpu,
        'asc',
        (r) => r.name,
      ).map((r) => r.name),
    ).toEqual(['api', 'web-10', 'db', 'web-2']);
    expect(
      sortBy(
        rows,
        (r) => r.cpu,
        'desc',
        (r) => r.name,
      ).map((r) => r.name),
    ).toEqual(['db', 'api', 'web-10', 'web-2']);
  });
});

describe('matchesText', () => {
  it('needs every term somewhere, ignoring case', () => {
    expect(matchesText('WEB nginx', ['web-1', 'nginx:1.27'])).toBe(true);
    expect(matchesText('web redis', ['web-1', 'nginx:1.27'])).toBe(false);
    expect(matchesText('  ', ['anything'])).toBe(true);
    expect(matchesText('x', [undefined, 'box'])).toBe(true);
  });
});
