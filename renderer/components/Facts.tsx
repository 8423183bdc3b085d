import type { ReactNode } from 'react';

/**
 * A details panel's facts: label, value and what the label means (a tooltip), one per line. A
 * row whose value is missing (no value, empty text, false) is left out, so an object shows
 * only what it has.
 */
export function Facts(props: { rows: ReadonlyArray<readonly [string, ReactNode, string?]> }) {
  return (
    <dl className="facts">
      {props.rows.map(([name, value, help], i) =>
        value === undefined || value === null || value === '' || value === false ? null : (
          // By place too: a node may have two addresses of one type (dual-stack).
          <div key={`${i}:${name}`}>
            <dt title={help}>{name}</dt>
            <dd>{value}</dd>
          </div>
        ),
      )}
    </dl>
  );
}

/** Short terms in monospace (labels, taints, tolerations), or "None". */
export function TermList(props: { title: string; terms: readonly string[] }) {
  return props.terms.length === 0 ? (
    <p className="muted small">None</p>
  ) : (
    <ul className="label-list" aria-label={props.title}>
      {props.terms.map((t) => (
        <li key={t} className="mono small">
          {t}
        </li>
      ))}
    </ul>
  );
}
