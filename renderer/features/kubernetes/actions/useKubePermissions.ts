import type { ActionPermission, KubeActionName } from '../../../../shared/kube/actions';
import { useMethod } from '../../../api/useMethod';
import { useAppStore } from '../../../store/appStore';

/**
 * Whether the user may run each action on objects of a kind in a namespace: one call for the
 * whole set, asked again when the context is marked or unmarked read-only in Berth. Until the
 * answer arrives every action counts as not yet known (disabled without a reason).
 */
export function useKubePermissions(
  context: string,
  kind: string,
  namespace: string | undefined,
  actions: readonly KubeActionName[],
): { of: (action: KubeActionName) => ActionPermission | undefined; error: string | null } {
  const readOnly = useAppStore((s) => s.state?.kube.readOnly.includes(context) ?? false);
  const answer = useMethod(
    'kube.permissions',
    actions.length ? { context, kind, ...(namespace ? { namespace } : {}), actions: [...actions] } : null,
    readOnly,
  );
  return { of: (action) => answer.value?.[action], error: answer.error };
}
