import { useId, type KeyboardEvent, type ReactNode } from 'react';

export interface TabDef<K extends string> {
  id: K;
  label: string;
  /** The key that opens this tab from the list (shown beside the label). */
  shortcut?: string;
}

/**
 * A tablist with one tabpanel (WAI-ARIA tabs): arrow keys, Home and End move between
 * tabs; only the selected tab is in the Tab order.
 */
export function Tabs<K extends string>(props: {
  label: string;
  tabs: ReadonlyArray<TabDef<K>>;
  selected: K;
  onSelect: (id: K) => void;
  children: ReactNode;
  className?: string;
}) {
  const base = useId();
  const tabId = (id: K): string => `${base}-tab-${id}`;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = props.tabs.findIndex((t) => t.id === props.selected);
    let next = -1;
    if (event.key === 'ArrowRight') next = (index + 1) % props.tabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + props.tabs.length) % props.tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = props.tabs.length - 1;
    if (next < 0) return;
    event.preventDefault();
    const tab = props.tabs[next]!;
    props.onSelect(tab.id);
    document.getElementById(tabId(tab.id))?.focus();
  };
  return (
    <div className={`tabs ${props.className ?? ''}`}>
      <div role="tablist" aria-label={props.label} className="tablist" onKeyDown={onKeyDown}>
        {props.tabs.map((tab) => {
          const selected = tab.id === props.selected;
          return (
            <button
              key={tab.id}
              id={tabId(tab.id)}
              type="button"
              role="tab"
              aria-selected={selected}
              aria-controls={`${base}-panel`}
              tabIndex={selected ? 0 : -1}
              title={tab.shortcut ? `${tab.label} (${tab.shortcut})` : undefined}
              aria-keyshortcuts={tab.shortcut}
              onClick={() => props.onSelect(tab.id)}
            >
              {tab.label}
              {tab.shortcut && (
                <kbd className="shortcut" aria-hidden="true">
                  {tab.shortcut}
                </kbd>
              )}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={tabId(props.selected)} className="tabpanel">
        {props.children}
      </div>
    </div>
  );
}
