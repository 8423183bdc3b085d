import { navigate, parseHash } from '../../app/navigation';
import { kubeParams, readKubeLocation } from './kubeLocation';

/**
 * Shows a kind's table from anywhere (the command palette): in the Kubernetes view it keeps
 * the context and namespaces shown; elsewhere it opens the view on that kind.
 */
export function showKind(key: string): void {
  const here = parseHash(location.hash);
  const current = here.view === 'kubernetes' ? readKubeLocation(here.params) : null;
  navigate(
    'kubernetes',
    kubeParams({ kind: key, ...(current ? { context: current.context, namespaces: current.namespaces } : {}) }),
  );
}
