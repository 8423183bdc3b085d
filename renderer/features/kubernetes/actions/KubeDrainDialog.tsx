import { useState } from 'react';
import type { DrainPod } from '../../../../shared/kube/actions';
import type { KindInfo, KubeRow } from '../../../../shared/kube/types';
import { api, errorMessage } from '../../../api/client';
import { useTopic } from '../../../api/useTopic';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { StateBadge, type Tone } from '../../../components/StateBadge';
import { targetOf } from './kubeActionModel';

const POD_TONE: Record<DrainPod['state'], Tone> = {
  pending: 'idle',
  evicting: 'idle',
  blocked: 'warn',
  evicted: 'idle',
  gone: 'ok',
  failed: 'bad',
};

/**
 * Drains a Node after a confirmation naming the context: cordon, then evict each pod through
 * the Eviction API (PodDisruptionBudgets respected). Shows each pod's progress, what it waits
 * for, and can stop the drain (the Node stays cordoned).
 */
export function KubeDrainDialog(props: { context: string; kind: KindInfo; row: KubeRow; onClose: () => void }) {
  const { context, kind, row } = props;
  const [id, setId] = useState<string | null>(null);
  const [stopError, setStopError] = useState<string | null>(null);
  const progress = useTopic('kube.drain.progress', id ? { id } : null).value;
  const running = !!progress && (progress.state === 'cordoning' || progress.state === 'evicting');
  return (
    <ConfirmDialog
      title={`Drain node ${row.name} in ${context}?`}
      confirmLabel={`Drain ${row.name}`}
      danger
      done={id !== null}
      cancelLabel={id ? 'Close' : 'Cancel'}
      onClose={props.onClose}
      onConfirm={async () => {
        const started = await api.invoke('kube.node.drain', targetOf(context, kind, row));
        setId(started.id);
      }}
    >
      <p>
        Context <strong>{context}</strong>: node <strong>{row.name}</strong> is cordoned (no new pods), then every pod
        on it is evicted, except DaemonSet and mirror pods. PodDisruptionBudgets are respected: a pod they protect waits
        until its budget allows.
      </p>
      {progress && (
        <div className="drain-progress" role="status" aria-label={`Drain of ${row.name}`}>
          <p>{progress.message}</p>
          {progress.pods.length > 0 && (
            <ul className="drain-pods">
              {progress.pods.map((pod) => (
                <li key={`${pod.namespace}/${pod.name}`}>
                  <StateBadge tone={POD_TONE[pod.state]} label={pod.state} />{' '}
                  <span className="mono">
                    {pod.namespace}/{pod.name}
                  </span>
                  {pod.message && <span className="muted small"> {pod.message}</span>}
                </li>
              ))}
            </ul>
          )}
          {running && (
            <button
              type="button"
              onClick={() => {
                setStopError(null);
                api
                  .invoke('kube.drain.cancel', { id: progress.id })
                  .catch((e: unknown) => setStopError(errorMessage(e)));
              }}
            >
              Stop drain
            </button>
          )}
          {stopError && (
            <p className="tone-bad small" role="alert">
              {stopError}
            </p>
          )}
        </div>
      )}
    </ConfirmDialog>
  );
}
