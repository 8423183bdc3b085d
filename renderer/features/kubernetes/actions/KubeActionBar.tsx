import type { KindInfo, KubeRow } from '../../../../shared/kube/types';
import { useKubeActions } from './useKubeActions';

/**
 * The actions of one object in its details panel: those its kind offers in its current state,
 * then Delete (key Del). An action the user may not run is disabled with the reason, and the
 * reasons are listed under the buttons; the outcome of the last action shows there too.
 */
export function KubeActionBar(props: { context: string; kind: KindInfo; row: KubeRow }) {
  const { row } = props;
  const { entries, start, busy, outcome, permissionError, dialogs } = useKubeActions(props.context, props.kind, row);
  const reasons = [...new Set(entries.flatMap((entry) => (entry.reason ? [entry.reason] : [])))];

  return (
    <div className="kube-actions">
      <span className="toolbar-actions" role="group" aria-label={`Actions on ${row.name}`}>
        {entries.map(({ action, label, allowed, reason }) => {
          const name = `${label} ${row.name}`;
          const title = reason ? `${name}: not allowed (${reason})` : name;
          return (
            <button
              key={action}
              type="button"
              className={action === 'delete' || action === 'drain' ? 'danger-text' : undefined}
              aria-label={name}
              title={action === 'delete' ? `${title} (Del)` : title}
              aria-keyshortcuts={action === 'delete' ? 'Delete' : undefined}
              aria-busy={busy === action || undefined}
              disabled={!allowed || busy !== null}
              onClick={() => start(action)}
            >
              {busy === action && <span className="spinner" aria-hidden="true" />}
              {label}
              {action === 'delete' && (
                <kbd className="shortcut" aria-hidden="true">
                  Del
                </kbd>
              )}
            </button>
          );
        })}
      </span>
      {reasons.length > 0 && (
        <p className="muted small" role="note" aria-label="Why some actions are disabled">
          {reasons.join('; ')}
        </p>
      )}
      {permissionError && (
        <p className="muted small" role="note">
          Could not check your permissions ({permissionError}); the cluster decides when you act.
        </p>
      )}
      {outcome && (
        <p className={outcome.ok ? 'muted small' : 'tone-bad small'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
        </p>
      )}
      {dialogs}
    </div>
  );
}
