import { useCollection } from '../../../api/useCollection';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { StateBadge } from '../../../components/StateBadge';
import { useNow } from '../../../components/useNow';
import { formatAge, formatExactTime } from '../../../format/age';

/** The events about one object (by its uid), newest first. */
export function KubeEvents(props: { context: string; uid: string }) {
  const events = useCollection('kube.object.events', { context: props.context, uid: props.uid });
  const now = useNow(10_000);
  const rows = [...events.rows.values()].sort((a, b) => b.lastSeen - a.lastSeen);
  if (events.error) return <ErrorBanner prefix="Events are unavailable" error={events.error} />;
  if (!events.loaded) return <p className="muted">Loading…</p>;
  if (rows.length === 0)
    return (
      <p className="muted">
        No events about this object. Kubernetes keeps events for about an hour, so older ones are gone.
      </p>
    );
  return (
    <ol className="event-list" aria-label="Events">
      {rows.map((e) => (
        <li key={e.id}>
          <div className="event-head">
            <StateBadge tone={e.type === 'Warning' ? 'warn' : 'idle'} label={e.type} />
            <strong>{e.reason}</strong>
            {e.count > 1 && <span className="muted small">×{e.count}</span>}
            <span
              className="muted small"
              title={`${formatExactTime(e.lastSeen) ?? ''}${e.count > 1 ? `, first ${formatExactTime(e.firstSeen) ?? ''}` : ''}`}
            >
              {formatAge(e.lastSeen, now)} ago
            </span>
            {e.source && <span className="muted small">from {e.source}</span>}
          </div>
          <div className="event-message">{e.message}</div>
        </li>
      ))}
    </ol>
  );
}
