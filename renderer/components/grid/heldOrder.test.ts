import { describe, expect, it } from 'vitest';
import { stabilizeOrder } from './heldOrder';

describe('stabilizeOrder', () => {
  it('keeps existing rows in place and appends new ones', () => {
    expect(stabilizeOrder(['b', 'a', 'c'], ['a', 'b', 'd'])).toEqual(['b', 'a', 'd']);
  });
  it('follows the new order when not frozen', () => {
    expect(stabilizeOrder(null, ['a', 'b'])).toEqual(['a', 'b']);
  });
});
