import type { ReactNode } from 'react';

/**
 * The panel beside a list that shows one object. Esc closes it, except where Esc means
 * something else: in a terminal, a text box or a dialog.
 */
export function DetailsPanel(props: { label: string; onClose: () => void; children: ReactNode }) {
  return (
    <aside
      className="details-panel"
      aria-label={props.label}
      onKeyDown={(event) => {
        const target = event.target as HTMLElement;
        if (event.key !== 'Escape' || target.closest('.xterm, input, textarea, select, dialog')) return;
        event.preventDefault();
        props.onClose();
      }}
    >
      {props.children}
    </aside>
  );
}
