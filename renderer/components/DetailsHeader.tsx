import type { ReactNode } from 'react';

/** The head of a details panel: the object's name, its state, and the close button (Esc closes too). */
export function DetailsHeader(props: {
  name: string;
  title?: string | undefined;
  badge?: ReactNode;
  onClose: () => void;
}) {
  return (
    <header className="details-header">
      <h2 title={props.title}>{props.name}</h2>
      {props.badge}
      <button
        type="button"
        className="icon-button close"
        onClick={props.onClose}
        aria-label="Close details"
        title="Close details (Esc)"
      >
        <span aria-hidden="true">✕</span>
      </button>
    </header>
  );
}
