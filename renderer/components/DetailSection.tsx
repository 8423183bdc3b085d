import type { ReactNode } from 'react';

/** A titled part of a details panel's overview; `empty` shows "None" instead of its content. */
export function DetailSection(props: { title: string; children: ReactNode; empty?: boolean }) {
  return (
    <section className="detail-section" aria-label={props.title}>
      <h3>{props.title}</h3>
      {props.empty ? <p className="muted small">None</p> : props.children}
    </section>
  );
}
