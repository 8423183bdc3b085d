/**
 * An object's name that wraps at its own separators (`/`, `-`, `.`, `_`, `:`) before it wraps
 * mid-word: `pod/cart-6fc4575c4d-76rlr` breaks after `pod/` or a dash, never inside `cart`.
 * The text stays one string for copy and search; `<wbr>` only offers the break.
 */
import { Fragment } from 'react';

const AFTER_SEPARATOR = /(?<=[/\-._:])/;

export function NameText(props: { text: string }) {
  const parts = props.text.split(AFTER_SEPARATOR);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}
