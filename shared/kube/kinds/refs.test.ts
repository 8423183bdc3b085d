import { describe, expect, it } from 'vitest';
import { named, uniqueRefs } from './refs';

describe('uniqueRefs', () => {
  it('keeps the first of each target in order, without the empty ones', () => {
    const refs = [
      named('uses', 'Secret', 'token', 'shop'),
      null,
      named('uses', 'ConfigMap', 'token', 'shop'),
      named('uses', 'Secret', 'token', 'shop'),
      named('uses', 'Secret', 'token', 'other'),
      undefined,
      named('serviceAccount', 'ServiceAccount', 'token', 'shop'),
    ];
    expect(uniqueRefs(refs)).toEqual([refs[0], refs[2], refs[4], refs[6]]);
  });

  it('is the same with many references (past the few it compares one by one)', () => {
    const many = Array.from({ length: 40 }, (_, i) => named('uses', 'ConfigMap', `cm-${i % 25}`, 'shop'));
    const unique = uniqueRefs(many);
    expect(unique.map((r) => r.name)).toEqual(Array.from({ length: 25 }, (_, i) => `cm-${i}`));
  });
});
