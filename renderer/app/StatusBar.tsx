import { useEffect, useState } from 'react';
import type { ConnectionStatus } from '../../shared/app';
import { api, useBackendLink } from '../api/client';
import { connectionTone, StateBadge } from '../components/StateBadge';
import { useAppStore } from '../store/appStore';

function describe(status: ConnectionStatus, now: number): string {
  const retryIn = status.nextRetryAt ? Math.max(0, Math.ceil((status.nextRetryAt - now) / 1000)) : null;
  switch (status.state) {
    case 'reconnecting':
      return retryIn === null ? 'reconnecting' : `reconnecting in ${retryIn}s`;
    case 'error':
      return retryIn === null ? 'error' : `error · retry in ${retryIn}s`;
    case 'stale':
      return status.staleSince ? `stale since ${new Date(status.staleSince).toLocaleTimeString()}` : 'stale';
    default:
      return status.state;
  }
}

/** Always visible: the link to the backend and every engine's and context's connection. */
export function StatusBar() {
  const link = useBackendLink((s) => s.state);
  const connections = useAppStore((s) => s.connections);
  const [now, setNow] = useState(() => Date.now());
  const rows = [...connections.rows.values()].sort((a, b) => a.id.localeCompare(b.id));
  const counting = rows.some((r) => r.nextRetryAt !== undefined && (r.state === 'reconnecting' || r.state === 'error'));

  useEffect(() => {
    if (!counting) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [counting]);

  return (
    <footer className="status-bar" role="status" aria-label="Connections">
      {link !== 'open' && (
        <StateBadge
          tone={link === 'closed' ? 'bad' : 'warn'}
          label={link === 'closed' ? 'Backend disconnected, reconnecting…' : 'Connecting to backend…'}
        />
      )}
      {rows.map((status) => (
        <span key={status.id} className="status-item">
          <span className="status-kind">{status.kind === 'docker' ? 'Docker' : 'Kube'}</span>
          <span className="status-name">{status.name}</span>
          <StateBadge
            tone={connectionTone(status.state)}
            label={describe(status, now)}
            title={[status.message, status.hint].filter(Boolean).join('\n') || undefined}
          />
          {(status.state === 'reconnecting' || status.state === 'error') && (
            <button
              type="button"
              className="status-retry"
              aria-label={`Retry ${status.name} now`}
              onClick={() => void api.invoke('app.connections.retry', { id: status.id }).catch(() => {})}
            >
              Retry now
            </button>
          )}
        </span>
      ))}
      {link === 'open' && connections.loaded && rows.length === 0 && (
        <span className="muted">No engines or clusters connected</span>
      )}
    </footer>
  );
}
