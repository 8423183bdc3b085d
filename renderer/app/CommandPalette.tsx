import { useEffect, useMemo, useRef, useState } from 'react';
import { create } from 'zustand';
import { api } from '../api/client';
import { useTopic } from '../api/useTopic';
import { showKind } from '../features/kubernetes/kubeLinks';
import { setDefaultContext } from '../features/kubernetes/setDefaultContext';
import { useAppStore } from '../store/appStore';
import { navigate } from './navigation';
import { filterCommands, paletteCommands } from './paletteCommands';

const usePalette = create<{ open: boolean }>(() => ({ open: false }));
export const openPalette = (): void => usePalette.setState({ open: true });
export const togglePalette = (): void => usePalette.setState((s) => ({ open: !s.open }));

/** Ctrl/Cmd+K: jump to any view, context or engine by typing. */
export function CommandPalette() {
  const open = usePalette((s) => s.open);
  return open ? <PaletteDialog onClose={() => usePalette.setState({ open: false })} /> : null;
}

function PaletteDialog(props: { onClose: () => void }) {
  const state = useAppStore((s) => s.state);
  const context = state?.kube.currentContext;
  const kinds = useTopic('kube.kinds', context ? { context } : null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const returnFocus = useRef<Element | null>(document.activeElement);

  const commands = useMemo(
    () =>
      paletteCommands(
        state,
        {
          navigate,
          selectContext: (name) => void api.invoke('kube.context.select', { name }).catch(() => {}),
          setDefaultContext,
          toggleEngine: (engineId) => {
            const selected = new Set(state?.docker.selectedEngineIds ?? []);
            if (selected.has(engineId)) selected.delete(engineId);
            else selected.add(engineId);
            void api.invoke('docker.engine.select', { engineIds: [...selected] }).catch(() => {});
          },
          openKind: showKind,
        },
        kinds.value ?? [],
      ),
    [state, kinds.value],
  );
  const matches = filterCommands(commands, query).slice(0, 50);
  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));

  useEffect(() => {
    input.current?.focus();
    const previous = returnFocus.current;
    return () => {
      if (previous instanceof HTMLElement) previous.focus();
    };
  }, []);

  const run = (index: number): void => {
    const command = matches[index];
    if (!command) return;
    props.onClose();
    command.run();
  };

  return (
    <div className="palette-backdrop" onMouseDown={props.onClose}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <input
          ref={input}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={matches[activeIndex] ? `palette-${activeIndex}` : undefined}
          aria-label="Type a command, view, kind, context or engine"
          placeholder="Go to view or kind, switch context, show engine…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((i) => Math.min(i + 1, matches.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((i) => Math.max(i - 1, 0));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              run(activeIndex);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              props.onClose();
            }
          }}
        />
        <ul id="palette-list" role="listbox" aria-label="Commands">
          {matches.map((command, index) => (
            <li
              key={command.id}
              id={`palette-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              onMouseEnter={() => setActive(index)}
              onClick={() => run(index)}
            >
              <span>{command.label}</span>
              <span className="muted small">{command.group}</span>
            </li>
          ))}
          {matches.length === 0 && <li className="muted">No match</li>}
        </ul>
      </div>
    </div>
  );
}
