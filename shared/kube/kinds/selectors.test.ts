import { describe, expect, it } from 'vitest';
import type { LabelSelector } from '../object';
import { labelSelectorMatches } from './selectors';

describe('labelSelectorMatches, as the API server reads a label selector', () => {
  const cart = { app: 'cart', tier: 'web' };
  // A pod without labels is passed as `none` (a default parameter would turn undefined into `cart`).
  const match = (selector: LabelSelector | null | undefined, labels: Record<string, string> | 'none' = cart) =>
    labelSelectorMatches(selector, labels === 'none' ? undefined : labels);

  it('matchLabels: every pair must be there with the same value', () => {
    expect(match({ matchLabels: { app: 'cart' } })).toBe(true);
    expect(match({ matchLabels: { app: 'cart', tier: 'web' } })).toBe(true);
    expect(match({ matchLabels: { app: 'cart', tier: 'db' } })).toBe(false);
    expect(match({ matchLabels: { track: 'stable' } })).toBe(false);
    expect(match({ matchLabels: { app: 'cart' } }, 'none')).toBe(false);
    expect(match({ matchLabels: { app: '' } }, { app: '' })).toBe(true);
  });

  it('In: the label is there with one of the values', () => {
    expect(match({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] })).toBe(true);
    expect(match({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] })).toBe(false);
    expect(match({ matchExpressions: [{ key: 'track', operator: 'In', values: ['stable'] }] })).toBe(false);
    expect(match({ matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] })).toBe(false);
  });

  it('NotIn: the label is missing or has none of the values', () => {
    expect(match({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] })).toBe(true);
    expect(match({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db', 'web'] }] })).toBe(false);
    // A pod without the label at all is not in the set, so NotIn holds.
    expect(match({ matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }] })).toBe(true);
    expect(match({ matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }] }, 'none')).toBe(true);
  });

  it('Exists and DoesNotExist look at the key only', () => {
    expect(match({ matchExpressions: [{ key: 'app', operator: 'Exists' }] })).toBe(true);
    expect(match({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, { app: '' })).toBe(true);
    expect(match({ matchExpressions: [{ key: 'track', operator: 'Exists' }] })).toBe(false);
    expect(match({ matchExpressions: [{ key: 'track', operator: 'DoesNotExist' }] })).toBe(true);
    expect(match({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] })).toBe(false);
    expect(match({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, 'none')).toBe(true);
  });

  it('ANDs matchLabels and every expression', () => {
    const selector: LabelSelector = {
      matchLabels: { app: 'cart' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['web'] },
        { key: 'track', operator: 'DoesNotExist' },
      ],
    };
    expect(match(selector)).toBe(true);
    expect(match(selector, { ...cart, track: 'canary' })).toBe(false);
    expect(match(selector, { ...cart, app: 'shop' })).toBe(false);
    expect(
      match({ ...selector, matchExpressions: [...selector.matchExpressions!, { key: 'x', operator: 'Exists' }] }),
    ).toBe(false);
  });

  it('an empty selector matches everything, no selector matches nothing', () => {
    expect(match({})).toBe(true);
    expect(match({ matchLabels: {}, matchExpressions: [] })).toBe(true);
    expect(match({}, 'none')).toBe(true);
    expect(match(null)).toBe(false);
    expect(match(undefined)).toBe(false);
  });

  it('an operator the API server would refuse matches nothing', () => {
    const bad = { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] } as unknown as LabelSelector;
    expect(match(bad)).toBe(false);
  });
});
