import { useEffect, useState } from 'react';
import type { EngineInfo } from '../../../shared/app';
import type { PruneKind, PrunePreview, PruneResult } from '../../../shared/docker';
import { api, errorMessage } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatBytes } from '../../format/units';

const WHAT: Record<PruneKind, string> = {
  containers: 'stopped containers',
  images: 'dangling images (untagged and unused)',
  volumes: 'volumes no container uses',
  networks: 'networks no container uses',
};

type EngineStep =
  | { engine: EngineInfo; phase: 'preview'; preview?: PrunePreview; error?: string }
  | { engine: EngineInfo; phase: 'done'; result?: PruneResult; error?: string };

/**
 * Prune in two steps: first the list of what would go (names, sizes) from the engine's
 * current state, then, once confirmed, what the engine actually deleted.
 */
export function PruneDialog(props: { kind: PruneKind; engines: readonly EngineInfo[]; onClose: () => void }) {
  const { kind } = props;
  // The dialog is modal: the engines it was opened for are the ones it prunes.
  const [engines] = useState(props.engines);
  const [steps, setSteps] = useState<EngineStep[]>(engines.map((engine) => ({ engine, phase: 'preview' })));
  const done = steps.every((s) => s.phase === 'done');

  useEffect(() => {
    let current = true;
    for (const engine of engines) {
      api.invoke('docker.prune.preview', { engineId: engine.id, kind }).then(
        (preview) =>
          current &&
          setSteps((prev) => prev.map((s) => (s.engine.id === engine.id ? { engine, phase: 'preview', preview } : s))),
        (error: unknown) =>
          current &&
          setSteps((prev) =>
            prev.map((s) => (s.engine.id === engine.id ? { engine, phase: 'preview', error: errorMessage(error) } : s)),
          ),
      );
    }
    return () => {
      current = false;
    };
  }, [kind, engines]);

  const loading = steps.some((s) => s.phase === 'preview' && !s.preview && !s.error);
  const toPrune = steps.filter((s) => s.phase === 'preview' && (s.preview?.items.length ?? 0) > 0);
  const run = async (): Promise<void> => {
    const results = await Promise.all(
      toPrune.map(async (s): Promise<EngineStep> => {
        try {
          return {
            engine: s.engine,
            phase: 'done',
            result: await api.invoke('docker.prune.run', { engineId: s.engine.id, kind }),
          };
        } catch (error) {
          return { engine: s.engine, phase: 'done', error: errorMessage(error) };
        }
      }),
    );
    setSteps((prev) =>
      prev.map((s) => results.find((r) => r.engine.id === s.engine.id) ?? { engine: s.engine, phase: 'done' }),
    );
  };

  return (
    <ConfirmDialog
      title={done ? `Pruned ${kind}` : `Prune unused ${kind}?`}
      confirmLabel={`Prune ${kind}`}
      danger
      done={done || loading || toPrune.length === 0}
      cancelLabel={done ? 'Close' : 'Cancel'}
      onConfirm={run}
      onClose={props.onClose}
    >
      {!done && <p>This deletes the {WHAT[kind]}. It cannot be undone.</p>}
      {steps.map((step) => (
        <section
          key={step.engine.id}
          className="prune-engine"
          aria-label={`${step.engine.name}: ${step.phase === 'done' ? 'result' : 'what will be deleted'}`}
        >
          {engines.length > 1 && <h3>{step.engine.name}</h3>}
          {step.error && (
            <div className="error-banner" role="alert">
              {step.phase === 'done' ? 'Prune failed' : 'Could not compute what would be pruned'} on {step.engine.name}:{' '}
              {step.error}
            </div>
          )}
          {step.phase === 'preview' && !step.error && !step.preview && <p className="muted">Looking…</p>}
          {step.phase === 'preview' &&
            step.preview &&
            (step.preview.items.length === 0 ? (
              <p className="muted">Nothing to prune: there are no {WHAT[kind]}.</p>
            ) : (
              <>
                <p>
                  {step.preview.items.length} to delete
                  {step.preview.totalSize > 0 && <>, freeing about {formatBytes(step.preview.totalSize)}</>}:
                </p>
                <ul className="prune-list mono small">
                  {step.preview.items.map((item) => (
                    <li key={item.id}>
                      {item.name}
                      {item.size !== undefined && <span className="muted"> · {formatBytes(item.size)}</span>}
                    </li>
                  ))}
                </ul>
              </>
            ))}
          {step.phase === 'done' && step.result && (
            <p role="status">
              Deleted {step.result.deleted.length} {kind}, reclaimed {formatBytes(step.result.spaceReclaimed)}.
              {step.result.deleted.length > 0 && (
                <span className="mono small muted">
                  {' '}
                  {step.result.deleted.slice(0, 20).join(', ')}
                  {step.result.deleted.length > 20 ? ' …' : ''}
                </span>
              )}
            </p>
          )}
          {step.phase === 'done' && !step.result && !step.error && <p className="muted">Nothing was pruned.</p>}
        </section>
      ))}
    </ConfirmDialog>
  );
}
