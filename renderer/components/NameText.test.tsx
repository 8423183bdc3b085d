import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NameText } from './NameText';

describe('a name that wraps at its separators', () => {
  it('offers a break after each separator and keeps every character', () => {
    expect(renderToStaticMarkup(<NameText text="pod/cart-6fc4575c4d-76rlr" />)).toBe(
      'pod/<wbr/>cart-<wbr/>6fc4575c4d-<wbr/>76rlr',
    );
    expect(renderToStaticMarkup(<NameText text="horizontalpodautoscaler" />)).toBe('horizontalpodautoscaler');
  });

  it('shows markup in a name as text', () => {
    expect(renderToStaticMarkup(<NameText text="<img src=x onerror=alert(1)>-x" />)).toBe(
      '&lt;img src=x onerror=alert(1)&gt;-<wbr/>x',
    );
  });
});
