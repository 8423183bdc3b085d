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
  | { engine: EngineInfo; phase: 'done'; preview?: PrunePreview; result?: PruneResult; error?: string };

/**
 * Prune in two steps: first the list of what would go (names, sizes) from the engine's
 * current state, then, once confirmed, exactly those items are deleted (by id): whatever
 * became unused since the preview stays, and a previewed item now in use (or gone) is
 * skipped and listed with the reason.
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
        const preview = s.preview!;
        try {
          const ids = preview.items.map((item) => item.id);
          const result = await api.invoke('docker.prune.run', { engineId: s.engine.id, kind, ids });
          return { engine: s.engine, phase: 'done', preview, result };
        } catch (error) {
          return { engine: s.engine, phase: 'done', preview, error: errorMessage(error) };
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
      {!done && <p>This deletes the {WHAT[kind]} listed below, and only those. It cannot be undone.</p>}
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
            <PruneOutcome kind={kind} result={step.result} preview={step.preview} />
          )}
          {step.phase === 'done' && !step.result && !step.error && <p className="muted">Nothing was pruned.</p>}
        </section>
      ))}
    </ConfirmDialog>
  );
}

/** What was deleted (with the space the preview said it takes) and what was left alone, and why. */
function PruneOutcome(props: { kind: PruneKind; result: PruneResult; preview: PrunePreview | undefined }) {
  const { kind, result } = props;
  const byId = new Map((props.preview?.items ?? []).map((item) => [item.id, item]));
  const name = (id: string): string => byId.get(id)?.name ?? id;
  const freed = result.deleted.reduce((sum, id) => sum + (byId.get(id)?.size ?? 0), 0);
  return (
    <>
      <p role="status">
        Deleted {result.deleted.length} {kind}
        {freed > 0 && <>, freeing about {formatBytes(freed)}</>}.
        {result.deleted.length > 0 && (
          <span className="mono small muted">
            {' '}
            {result.deleted.slice(0, 20).map(name).join(', ')}
            {result.deleted.length > 20 ? ' …' : ''}
          </span>
        )}
      </p>
      {result.skipped.length > 0 && (
        <>
          <p>Left alone ({result.skipped.length}):</p>
          <ul className="prune-list mono small" aria-label="Left alone">
            {result.skipped.map((item) => (
              <li key={item.id}>
                {name(item.id)} <span className="muted">· {item.reason}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
