import type { ReactNode } from 'react';

/** What Berth looked for, where, and the one next step. */
export function EmptyState(props: { title: string; children?: ReactNode; looked?: string[]; action?: ReactNode }) {
  return (
    <section className="empty-state" aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.children}
      {props.looked && props.looked.length > 0 && (
        <details>
          <summary>Where Berth looked</summary>
          <ul className="mono">
            {props.looked.map((place) => (
              <li key={place}>{place}</li>
            ))}
          </ul>
        </details>
      )}
      {props.action}
    </section>
  );
}
