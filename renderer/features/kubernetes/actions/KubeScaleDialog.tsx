import { useState } from 'react';
import type { KindInfo, KubeRow } from '../../../../shared/kube/types';
import { api } from '../../../api/client';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { desiredReplicas, placeOf, targetOf } from './kubeActionModel';

/** Asks for the new number of replicas; bad input is said next to the field and sends nothing. */
export function KubeScaleDialog(props: { context: string; kind: KindInfo; row: KubeRow; onClose: () => void }) {
  const { context, kind, row } = props;
  const current = desiredReplicas(row);
  const [text, setText] = useState(String(current));
  const replicas = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  const invalid = !Number.isInteger(replicas) || replicas > 10_000 ? 'A whole number from 0 to 10000.' : null;
  return (
    <ConfirmDialog
      title={`Scale ${kind.kind} ${row.name} in ${context}`}
      confirmLabel={Number.isNaN(replicas) ? 'Scale' : `Scale to ${replicas}`}
      onClose={props.onClose}
      onConfirm={async () => {
        if (invalid) throw new Error(invalid);
        await api.invoke('kube.object.scale', { ...targetOf(context, kind, row), replicas });
        props.onClose();
      }}
    >
      <p>
        {kind.kind} <strong>{row.name}</strong> in {placeOf(context, row)} wants {current} replica
        {current === 1 ? '' : 's'} now.
      </p>
      <label className="field">
        Replicas{' '}
        <input
          type="text"
          inputMode="numeric"
          className="replicas-input"
          value={text}
          aria-invalid={invalid ? true : undefined}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      {invalid && (
        <p className="tone-bad small" role="alert">
          {invalid}
        </p>
      )}
      {replicas === 0 && <p className="warn-note small">Scaling to 0 stops every pod of {row.name}.</p>}
    </ConfirmDialog>
  );
}
