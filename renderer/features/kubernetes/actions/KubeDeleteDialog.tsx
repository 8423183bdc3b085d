import type { KindInfo, KubeRow } from '../../../../shared/kube/types';
import { api } from '../../../api/client';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { targetOf } from './kubeActionModel';
import { useKubePermissions } from './useKubePermissions';

/**
 * Confirms deleting one object, naming the context, the namespace and what goes with it. The
 * delete carries the uid and resourceVersion shown: if the object was replaced or changed
 * meanwhile, nothing is deleted and the dialog says so.
 */
export function KubeDeleteDialog(props: {
  context: string;
  kind: KindInfo;
  row: KubeRow;
  onClose: (deleted: boolean) => void;
}) {
  const { context, kind, row } = props;
  const permission = useKubePermissions(context, kind.key, row.namespace, ['delete']).of('delete');
  const denied = permission && !permission.allowed ? (permission.reason ?? 'not allowed') : null;
  return (
    <ConfirmDialog
      title={`Delete ${kind.kind} ${row.name} in ${context}?`}
      confirmLabel={`Delete ${row.name}`}
      danger
      done={!!denied}
      cancelLabel={denied ? 'Close' : 'Cancel'}
      onClose={() => props.onClose(false)}
      onConfirm={async () => {
        await api.invoke('kube.object.delete', targetOf(context, kind, row));
        props.onClose(true);
      }}
    >
      <p>
        Context <strong>{context}</strong>
        {row.namespace && (
          <>
            , namespace <strong>{row.namespace}</strong>
          </>
        )}
        : the {kind.kind} <strong>{row.name}</strong> (<span className="mono">{row.id.slice(0, 8)}</span>) will be
        deleted. Objects it owns are deleted after it, in the background.
      </p>
      {denied && (
        <p className="tone-bad" role="note">
          Not allowed: {denied}.
        </p>
      )}
    </ConfirmDialog>
  );
}
