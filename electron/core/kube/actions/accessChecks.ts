import type { AccessCheck, KubeActionName } from '../../../../shared/kube/actions';
import type { KindInfo } from '../../../../shared/kube/types';

type Kind = Pick<KindInfo, 'group' | 'plural' | 'namespaced'>;

/**
 * The API requests an action makes, as SelfSubjectAccessReviews ask about them. What is
 * asked mirrors what `objectWrites.ts` and `drain.ts` send, so an allowed action does not
 * meet a 403 half way.
 */
export function accessChecks(action: KubeActionName, kind: Kind, namespace: string | undefined): AccessCheck[] {
  const on = (verb: string, subresource?: string): AccessCheck => ({
    verb,
    group: kind.group,
    resource: kind.plural,
    ...(subresource ? { subresource } : {}),
    ...(kind.namespaced && namespace ? { namespace } : {}),
  });
  switch (action) {
    case 'delete':
      return [on('delete')];
    case 'scale':
      return [on('update', 'scale')];
    case 'restart':
    case 'cordon':
    case 'uncordon':
    case 'suspend':
    case 'resume':
      return [on('patch')];
    case 'trigger':
      return [on('get'), { verb: 'create', group: 'batch', resource: 'jobs', ...(namespace ? { namespace } : {}) }];
    case 'drain':
      // Pods of any namespace may sit on the node.
      return [
        on('patch'),
        { verb: 'list', group: '', resource: 'pods' },
        { verb: 'create', group: '', resource: 'pods', subresource: 'eviction' },
      ];
  }
}

/** "berth-readonly may not delete pods in team-a" */
export function deniedReason(who: string, check: AccessCheck): string {
  const resource = check.subresource ? `${check.resource}/${check.subresource}` : check.resource;
  const where = check.namespace ? ` in ${check.namespace}` : check.resource === 'nodes' ? '' : ' in every namespace';
  return `${who} may not ${check.verb} ${resource}${where}`;
}
