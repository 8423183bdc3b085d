import { useId, useState } from 'react';
import { isNamespaceName } from './kubeLocation';
import { usePopover } from './usePopover';

function summary(selected: readonly string[]): string {
  if (selected.length === 0) return 'All namespaces';
  if (selected.length <= 2) return selected.join(', ');
  return `${selected.length} namespaces`;
}

/**
 * One, several or all namespaces. The list comes from the cluster; a user who may not list
 * namespaces can still type one in.
 */
export function NamespaceSelector(props: {
  /** Namespaces the cluster lists (may be empty when listing them is not allowed). */
  available: readonly string[];
  /** [] = all namespaces. */
  selected: readonly string[];
  onChange: (namespaces: string[]) => void;
  /** Why the list is short, when listing namespaces failed. */
  problem?: string;
}) {
  const { open, toggle: toggleOpen, buttonRef, popoverRef } = usePopover();
  const [find, setFind] = useState('');
  const id = useId();
  const all = props.selected.length === 0;
  const names = [...new Set([...props.available, ...props.selected])].sort();
  const wanted = find.trim().toLowerCase();
  const shown = wanted ? names.filter((n) => n.includes(wanted)) : names;
  const canAdd = wanted && isNamespaceName(wanted) && !names.includes(wanted);

  const toggle = (name: string): void => {
    const next = props.selected.includes(name) ? props.selected.filter((n) => n !== name) : [...props.selected, name];
    props.onChange(next.sort());
  };

  return (
    <div className="namespace-selector">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={`Namespaces: ${summary(props.selected)}`}
        onClick={toggleOpen}
        title={all ? 'Showing all namespaces' : `Showing ${props.selected.join(', ')}`}
      >
        <span className="muted">Namespace</span> {summary(props.selected)} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div ref={popoverRef} className="popover namespace-popover" role="dialog" aria-label="Choose namespaces">
          <input
            type="search"
            aria-label="Find or add a namespace"
            placeholder="Find or type a namespace…"
            value={find}
            autoFocus
            onChange={(event) => setFind(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && canAdd) {
                props.onChange([...props.selected, wanted].sort());
                setFind('');
              }
            }}
          />
          <fieldset>
            <legend className="sr-only">Namespaces shown</legend>
            <label className="checkbox">
              <input type="checkbox" checked={all} onChange={() => props.onChange([])} />
              All namespaces
            </label>
            <div className="namespace-list" id={`${id}-list`}>
              {shown.map((name) => (
                <label key={name} className="checkbox">
                  <input type="checkbox" checked={props.selected.includes(name)} onChange={() => toggle(name)} />
                  {name}
                </label>
              ))}
            </div>
          </fieldset>
          {canAdd && (
            <button
              type="button"
              onClick={() => {
                props.onChange([...props.selected, wanted].sort());
                setFind('');
              }}
            >
              Show namespace {wanted}
            </button>
          )}
          {props.problem && <p className="muted small">{props.problem}</p>}
        </div>
      )}
    </div>
  );
}
