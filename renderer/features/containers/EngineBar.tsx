import { useState } from 'react';
import type { ConnectionStatus, EngineInfo } from '../../../shared/app';
import { api, errorMessage } from '../../api/client';
import { connectionTone, StateBadge } from '../../components/StateBadge';
import { useAppStore } from '../../store/appStore';

/**
 * Which engines are shown (several at once), switched in the app: the selection lives in
 * the backend (`docker.engine.select`) so the status bar and menu agree.
 */
export function EngineSwitcher(props: { engines: readonly EngineInfo[]; selected: readonly string[] }) {
  const connections = useAppStore((s) => s.connections.rows);
  const [error, setError] = useState<string | null>(null);
  const toggle = (id: string): void => {
    const next = props.selected.includes(id) ? props.selected.filter((e) => e !== id) : [...props.selected, id];
    setError(null);
    api.invoke('docker.engine.select', { engineIds: next }).catch((e: unknown) => setError(errorMessage(e)));
  };
  const discover = (): void => {
    setError(null);
    api.invoke('docker.engine.discover', {}).catch((e: unknown) => setError(errorMessage(e)));
  };
  return (
    <div className="engine-switcher" role="group" aria-label="Docker engines shown">
      {props.engines.map((engine) => {
        const shown = props.selected.includes(engine.id);
        const status = connections.get(`docker:${engine.id}`);
        return (
          <button
            key={engine.id}
            type="button"
            className="engine-toggle"
            aria-pressed={shown}
            title={`${engine.endpoint} (found via ${engine.source})`}
            onClick={() => toggle(engine.id)}
          >
            <span aria-hidden="true" className="check">
              {shown ? '☑' : '☐'}
            </span>
            {engine.name}
            {status && <StateBadge tone={connectionTone(status.state)} label={status.state} />}
          </button>
        );
      })}
      <button
        type="button"
        onClick={discover}
        title="Look for Docker engines again (e.g. after starting Docker Desktop)"
      >
        Find engines
      </button>
      {error && (
        <span className="tone-bad small" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** An engine that is not live: what is wrong and what to do, with the technical detail one click away. */
export function EngineProblem(props: { engine: EngineInfo; status: ConnectionStatus }) {
  const { engine, status } = props;
  if (status.state === 'live' || status.state === 'idle' || status.state === 'connecting') return null;
  const when =
    status.state === 'reconnecting' && status.nextRetryAt
      ? ` Next try at ${new Date(status.nextRetryAt).toLocaleTimeString()}.`
      : status.state === 'stale' && status.staleSince
        ? ` Showing what was known at ${new Date(status.staleSince).toLocaleTimeString()}.`
        : '';
  return (
    <div
      className={status.state === 'error' ? 'error-banner' : 'warn-banner'}
      role="alert"
      aria-label={`Problem with ${engine.name}`}
    >
      <StateBadge tone={connectionTone(status.state)} label={status.state} /> <strong>{engine.name}</strong>:{' '}
      {status.message ?? 'The engine does not answer.'}
      {when}
      {status.hint && <div className="hint">{status.hint}</div>}
      <details>
        <summary>Details</summary>
        <pre className="mono small">
          {[`endpoint: ${engine.endpoint}`, `found via: ${engine.source}`, status.detail].filter(Boolean).join('\n')}
        </pre>
      </details>
    </div>
  );
}
