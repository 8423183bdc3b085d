import { useState } from 'react';
import { KUBE_ACTION_LABEL, type KubeActionName } from '../../../../shared/kube/actions';
import type { KindInfo, KubeRow } from '../../../../shared/kube/types';
import { api, errorMessage } from '../../../api/client';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { KubeDeleteDialog } from './KubeDeleteDialog';
import { KubeDrainDialog } from './KubeDrainDialog';
import { KubeScaleDialog } from './KubeScaleDialog';
import { offeredActions, placeOf, targetOf } from './kubeActionModel';
import { useKubePermissions } from './useKubePermissions';

/** Actions that ask first: they remove or replace something. */
type Dialog = 'delete' | 'scale' | 'restart' | 'drain';

/**
 * The actions of one object in its details panel: those its kind offers in its current state,
 * then Delete (key Del). An action the user may not run is disabled with the reason, and the
 * reasons are listed under the buttons; the outcome of the last action shows there too.
 */
export function KubeActionBar(props: { context: string; kind: KindInfo; row: KubeRow }) {
  const { context, kind, row } = props;
  const actions = offeredActions(kind, row);
  const permissions = useKubePermissions(context, kind.key, row.namespace, actions);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [busy, setBusy] = useState<KubeActionName | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const runNow = (action: KubeActionName): void => {
    const target = targetOf(context, kind, row);
    const call =
      action === 'cordon' || action === 'uncordon'
        ? api.invoke('kube.node.cordon', { ...target, unschedulable: action === 'cordon' })
        : action === 'suspend' || action === 'resume'
          ? api.invoke('kube.cronjob.suspend', { ...target, suspend: action === 'suspend' })
          : api.invoke('kube.cronjob.trigger', target);
    setBusy(action);
    setOutcome(null);
    call
      .then(
        (result) => setOutcome({ ok: true, text: result.message }),
        (error: unknown) =>
          setOutcome({ ok: false, text: `${KUBE_ACTION_LABEL[action]} failed: ${errorMessage(error)}` }),
      )
      .finally(() => setBusy(null));
  };

  const reasons = new Set<string>();
  const buttons = actions.map((action) => {
    const permission = permissions.error ? { allowed: true } : permissions.of(action);
    const allowed = permission?.allowed ?? false;
    if (permission && !allowed && permission.reason) reasons.add(permission.reason);
    const label = KUBE_ACTION_LABEL[action];
    const name = `${label} ${row.name}`;
    const title = permission && !allowed ? `${name}: not allowed (${permission.reason ?? 'no reason given'})` : name;
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
        onClick={() => {
          if (action === 'delete' || action === 'scale' || action === 'restart' || action === 'drain')
            setDialog(action);
          else runNow(action);
        }}
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
  });

  return (
    <div className="kube-actions">
      <span className="toolbar-actions" role="group" aria-label={`Actions on ${row.name}`}>
        {buttons}
      </span>
      {reasons.size > 0 && (
        <p className="muted small" role="note" aria-label="Why some actions are disabled">
          {[...reasons].join('; ')}
        </p>
      )}
      {permissions.error && (
        <p className="muted small" role="note">
          Could not check your permissions ({permissions.error}); the cluster decides when you act.
        </p>
      )}
      {outcome && (
        <p className={outcome.ok ? 'muted small' : 'tone-bad small'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
        </p>
      )}
      {dialog === 'delete' && (
        <KubeDeleteDialog context={context} kind={kind} row={row} onClose={() => setDialog(null)} />
      )}
      {dialog === 'scale' && (
        <KubeScaleDialog context={context} kind={kind} row={row} onClose={() => setDialog(null)} />
      )}
      {dialog === 'drain' && (
        <KubeDrainDialog context={context} kind={kind} row={row} onClose={() => setDialog(null)} />
      )}
      {dialog === 'restart' && (
        <ConfirmDialog
          title={`Restart ${kind.kind} ${row.name} in ${context}?`}
          confirmLabel={`Restart ${row.name}`}
          danger
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            const result = await api.invoke('kube.object.restart', targetOf(context, kind, row));
            setOutcome({ ok: true, text: result.message });
            setDialog(null);
          }}
        >
          <p>
            Every pod of {kind.kind} <strong>{row.name}</strong> in {placeOf(context, row)} is replaced by a new one, as{' '}
            <span className="mono">kubectl rollout restart</span> does, following its update strategy.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
