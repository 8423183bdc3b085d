import type { MethodInput } from '../../../shared/contract';
import { useMethod } from '../../api/useMethod';
import { useNow } from '../../components/useNow';

/** History is recorded every second to every 15 s: reading it again every 5 s keeps a chart current. */
const REFRESH_MS = 5000;

/** A history method, called again every few seconds while shown (a read of the main process, not of an engine). */
export function useHistory<
  M extends 'history.engine' | 'history.context' | 'history.container' | 'history.kube.timeline',
>(method: M, input: MethodInput<M> | null) {
  const tick = useNow(REFRESH_MS);
  return useMethod(method, input, Math.floor(tick / REFRESH_MS));
}
