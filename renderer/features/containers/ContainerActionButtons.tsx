import type { ContainerAction, ContainerRow } from '../../../shared/docker';
import {
  ACTION_LABEL,
  clearActionError,
  runContainerAction,
  useContainerActions,
  type ActionName,
} from './containerActions';
import { containerKey } from './containerList';
import { availableActions } from './containerState';

const GLYPH: Record<ActionName, string> = {
  start: '▶',
  stop: '■',
  restart: '↻',
  pause: '❚❚',
  unpause: '▶',
  kill: '⚡',
  remove: '✕',
};

/** How a shortcut key is written on the button (aria-keyshortcuts keeps the full key name). */
const SHORTCUT_LABEL: Record<string, string> = { Delete: 'Del' };

/**
 * The actions that make sense for a container's state. `compact` (list rows) shows glyph
 * buttons outside the Tab order (the grid is one Tab stop; the details panel has them all);
 * the toolbar shows words. Every button is named for its container: "Stop web-1".
 */
export function ContainerActionButtons(props: { row: ContainerRow; compact?: boolean; onRemove: () => void }) {
  const { row, compact } = props;
  const status = useContainerActions((s) => s[containerKey(row)]);
  const can = availableActions(row.state);
  const actions: ContainerAction[] = compact
    ? [can.start ? 'start' : 'stop', can.unpause ? 'unpause' : 'pause', 'restart']
    : (['start', 'stop', 'restart', 'pause', 'unpause', 'kill'] as const).filter((a) => can[a]);

  const button = (action: ActionName, onClick: () => void, enabled: boolean, shortcut?: string) => {
    const busy = status?.busy === action;
    const name = `${ACTION_LABEL[action]} ${row.name}`;
    return (
      <button
        key={action}
        type="button"
        className={`${compact ? 'icon-button' : ''}${action === 'remove' || action === 'kill' ? ' danger-text' : ''}`}
        aria-label={name}
        title={shortcut ? `${name} (${shortcut})` : name}
        aria-keyshortcuts={shortcut}
        aria-busy={busy || undefined}
        disabled={!enabled || !!status?.busy}
        tabIndex={compact ? -1 : undefined}
        onClick={(event) => {
          event.stopPropagation();
          onClick();
        }}
      >
        {busy ? (
          <span className="spinner" aria-hidden="true" />
        ) : compact ? (
          <span aria-hidden="true">{GLYPH[action]}</span>
        ) : null}
        {!compact && ACTION_LABEL[action]}
        {!compact && shortcut && (
          <kbd className="shortcut" aria-hidden="true">
            {SHORTCUT_LABEL[shortcut] ?? shortcut}
          </kbd>
        )}
      </button>
    );
  };

  return (
    <span className={compact ? 'row-actions' : 'toolbar-actions'}>
      {actions.map((action) =>
        button(action, () => void runContainerAction(row, action), can[action as keyof typeof can] ?? true),
      )}
      {button('remove', props.onRemove, row.state !== 'removing', 'Delete')}
    </span>
  );
}

/** The last failed action of a container, where the user looks (row or panel). */
export function ContainerActionError(props: { row: ContainerRow; compact?: boolean }) {
  const error = useContainerActions((s) => s[containerKey(props.row)]?.error);
  if (!error) return null;
  const text = `${ACTION_LABEL[error.action]} ${props.row.name} failed: ${error.message}`;
  if (props.compact) {
    return (
      <span className="tone-bad row-error" role="img" aria-label={text} title={text}>
        ⚠
      </span>
    );
  }
  return (
    <div className="error-banner" role="alert">
      {text}{' '}
      <button type="button" className="link small" onClick={() => clearActionError(containerKey(props.row))}>
        Dismiss
      </button>
    </div>
  );
}
