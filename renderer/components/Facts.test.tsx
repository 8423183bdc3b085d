import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Facts, TermList } from './Facts';

describe('facts of a details panel', () => {
  it('shows every row with a value, two of one label too, and leaves out the empty ones', () => {
    const html = renderToStaticMarkup(
      <Facts
        rows={[
          ['InternalIP', '10.0.0.1'],
          ['InternalIP', 'fd00::1'],
          ['Pod CIDR', false],
          ['Priority', undefined],
          ['Host IP', ''],
          ['Restarts', 0],
        ]}
      />,
    );
    expect(html).toBe(
      '<dl class="facts"><div><dt>InternalIP</dt><dd>10.0.0.1</dd></div><div><dt>InternalIP</dt><dd>fd00::1</dd></div>' +
        '<div><dt>Restarts</dt><dd>0</dd></div></dl>',
    );
  });

  it('lists terms as text, or says None', () => {
    expect(renderToStaticMarkup(<TermList title="Taints" terms={[]} />)).toBe('<p class="muted small">None</p>');
    expect(renderToStaticMarkup(<TermList title="Labels" terms={['a=<b>']} />)).toBe(
      '<ul class="label-list" aria-label="Labels"><li class="mono small">a=&lt;b&gt;</li></ul>',
    );
  });
});
