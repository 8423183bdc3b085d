import { useState } from 'react';
import type { ContainerRow } from '../../../shared/docker';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { removeContainer, useContainerActions } from './containerActions';
import { containerKey } from './containerList';

/** Confirms removing one container by name; a running one can be force-removed (killed first). */
export function RemoveContainerDialog(props: { row: ContainerRow; onClose: (removed: boolean) => void }) {
  const { row } = props;
  const running = row.state === 'running' || row.state === 'paused' || row.state === 'restarting';
  const [force, setForce] = useState(running);
  const status = useContainerActions((s) => s[containerKey(row)]);
  const error = status?.error?.action === 'remove' ? status.error.message : null;

  return (
    <ConfirmDialog
      title={`Remove container ${row.name}?`}
      confirmLabel={force && running ? `Force remove ${row.name}` : `Remove ${row.name}`}
      danger
      busy={status?.busy === 'remove'}
      error={error}
      onClose={() => props.onClose(false)}
      onConfirm={async () => {
        if (await removeContainer(row, force)) props.onClose(true);
      }}
    >
      <p>
        The container <strong>{row.name}</strong> (<span className="mono">{row.id.slice(0, 12)}</span>, image{' '}
        <span className="mono">{row.image}</span>) and its writable layer will be deleted. Named volumes are kept.
      </p>
      {running && (
        <label className="checkbox">
          <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} />
          It is {row.state}: kill it first (force)
        </label>
      )}
    </ConfirmDialog>
  );
}
