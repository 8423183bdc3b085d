import { describe, expect, it } from 'vitest';
import { labelSelectorMatches } from './labelSelector';

describe('labelSelectorMatches', () => {
  const labels = { app: 'cart', tier: 'web' };

  it('matches on every matchLabels pair', () => {
    expect(labelSelectorMatches({ matchLabels: { app: 'cart' } }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'cart', tier: 'db' } }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { app: 'cart' } }, undefined)).toBe(false);
  });

  it('applies In, NotIn, Exists and DoesNotExist as the API server does', () => {
    expect(
      labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }, labels),
    ).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, labels)).toBe(
      false,
    );
    expect(
      labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] }, labels),
    ).toBe(true);
    // NotIn matches a pod without the label at all.
    expect(
      labelSelectorMatches({ matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }] }, labels),
    ).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels)).toBe(false);
    expect(
      labelSelectorMatches(
        { matchLabels: { app: 'cart' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] },
        labels,
      ),
    ).toBe(false);
  });

  it('matches nothing with an empty selector', () => {
    expect(labelSelectorMatches({}, labels)).toBe(false);
  });
});
