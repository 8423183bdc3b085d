import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KindInfo, KubeRow } from '../../../../shared/kube/types';
import { useKubeActions } from './useKubeActions';

/**
 * A table row's actions at the pointer (right click) or under the row (context-menu key):
 * the same entries as the details panel, disabled with the reason where not allowed. Arrows
 * move, Enter runs, Esc closes. An action that asks first opens its dialog; one that runs at
 * once shows its outcome in place of the menu.
 */
export function KubeRowMenu(props: {
  context: string;
  kind: KindInfo;
  row: KubeRow;
  at: { x: number; y: number };
  onClose: () => void;
}) {
  const { row, onClose } = props;
  const { entries, start, busy, dialog, outcome, dialogs } = useKubeActions(props.context, props.kind, row);
  const [chosen, setChosen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);

  // The caller may pass a new function each render: the effects below follow the latest.
  const closeRef = useRef(onClose);
  useLayoutEffect(() => {
    closeRef.current = onClose;
  });

  // Done when the dialog the choice opened has closed.
  const finished = chosen && dialog === null && busy === null && outcome === null;
  useEffect(() => {
    if (finished) closeRef.current();
  }, [finished]);

  useEffect(() => {
    if (dialog !== null) return;
    menuRef.current
      ?.querySelector<HTMLElement>('[role=menuitem]:not([disabled]), [role=status], [role=alert]')
      ?.focus();
    const onPointer = (event: PointerEvent): void => {
      if (!menuRef.current?.contains(event.target as Node)) closeRef.current();
    };
    // Esc closes it wherever focus is (every item may be disabled, leaving focus on the table).
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      event.preventDefault();
      closeRef.current();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey, true);
    };
  }, [dialog, entries.length, outcome]);

  const move = (step: number): void => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role=menuitem]:not([disabled])') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    items[(index + step + items.length) % items.length]?.focus();
  };

  return (
    <>
      {dialog === null && (
        <div
          ref={menuRef}
          className="popover row-menu"
          style={{ position: 'fixed', left: props.at.x, top: props.at.y }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') move(1);
            else if (event.key === 'ArrowUp') move(-1);
            else return;
            event.preventDefault();
            event.stopPropagation();
          }}
        >
          {chosen && (busy !== null || outcome) ? (
            <p
              tabIndex={-1}
              className={outcome && !outcome.ok ? 'tone-bad small' : 'small'}
              role={outcome && !outcome.ok ? 'alert' : 'status'}
            >
              {outcome ? outcome.text : 'Working…'}
            </p>
          ) : (
            <div role="menu" aria-label={`Actions on ${row.name}`}>
              {entries.map(({ action, label, allowed, reason }) => (
                <button
                  key={action}
                  type="button"
                  role="menuitem"
                  className={action === 'delete' || action === 'drain' ? 'danger-text' : undefined}
                  disabled={!allowed}
                  title={reason ? `Not allowed: ${reason}` : undefined}
                  onClick={() => {
                    setChosen(true);
                    start(action);
                  }}
                >
                  {label}
                  {reason && <span className="muted small"> ({reason})</span>}
                  {action === 'delete' && (
                    <kbd className="shortcut" aria-hidden="true">
                      Del
                    </kbd>
                  )}
                </button>
              ))}
            </div>
          )}
        </div>
      )}
      {dialogs}
    </>
  );
}
