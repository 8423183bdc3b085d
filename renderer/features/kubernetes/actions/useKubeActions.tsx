import { useState, type ReactNode } from 'react';
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

export interface KubeActionEntry {
  action: KubeActionName;
  label: string;
  /** Until the permission answer arrives an action is not allowed, without a reason. */
  allowed: boolean;
  reason?: string;
}

/**
 * The actions of one object, for the details panel's buttons and a table row's menu alike:
 * what its kind offers in its state, whether the user may run each (and why not), starting
 * one (asking first where it removes or replaces something), its outcome, and the dialogs.
 */
export function useKubeActions(context: string, kind: KindInfo, row: KubeRow) {
  const actions = offeredActions(kind, row);
  const permissions = useKubePermissions(context, kind.key, row.namespace, actions);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [busy, setBusy] = useState<KubeActionName | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const entries: KubeActionEntry[] = actions.map((action) => {
    const permission = permissions.error ? { allowed: true } : permissions.of(action);
    return {
      action,
      label: KUBE_ACTION_LABEL[action],
      allowed: permission?.allowed ?? false,
      ...(permission && !permission.allowed ? { reason: permission.reason ?? 'not allowed' } : {}),
    };
  });

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

  const start = (action: KubeActionName): void => {
    if (action === 'delete' || action === 'scale' || action === 'restart' || action === 'drain') setDialog(action);
    else runNow(action);
  };

  const close = (): void => setDialog(null);
  const dialogs: ReactNode = (
    <>
      {dialog === 'delete' && <KubeDeleteDialog context={context} kind={kind} row={row} onClose={close} />}
      {dialog === 'scale' && <KubeScaleDialog context={context} kind={kind} row={row} onClose={close} />}
      {dialog === 'drain' && <KubeDrainDialog context={context} kind={kind} row={row} onClose={close} />}
      {dialog === 'restart' && (
        <ConfirmDialog
          title={`Restart ${kind.kind} ${row.name} in ${context}?`}
          confirmLabel={`Restart ${row.name}`}
          danger
          onClose={close}
          onConfirm={async () => {
            const result = await api.invoke('kube.object.restart', targetOf(context, kind, row));
            setOutcome({ ok: true, text: result.message });
            close();
          }}
        >
          <p>
            Every pod of {kind.kind} <strong>{row.name}</strong> in {placeOf(context, row)} is replaced by a new one, as{' '}
            <span className="mono">kubectl rollout restart</span> does, following its update strategy.
          </p>
        </ConfirmDialog>
      )}
    </>
  );

  return { entries, start, busy, dialog, outcome, permissionError: permissions.error, dialogs };
}
