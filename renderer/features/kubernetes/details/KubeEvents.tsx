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
    <table className="kv-table events-table" aria-label="Events">
      <thead>
        <tr>
          <th scope="col">Type</th>
          <th scope="col">Reason</th>
          <th scope="col">Message</th>
          <th scope="col">Count</th>
          <th scope="col">Last seen</th>
          <th scope="col">From</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr key={e.id}>
            <td>
              <StateBadge tone={e.type === 'Warning' ? 'warn' : 'idle'} label={e.type} />
            </td>
            <td>{e.reason}</td>
            <td>{e.message}</td>
            <td className="num">{e.count}</td>
            <td
              title={`${formatExactTime(e.lastSeen) ?? ''}${e.count > 1 ? `, first ${formatExactTime(e.firstSeen) ?? ''}` : ''}`}
            >
              {formatAge(e.lastSeen, now)} ago
            </td>
            <td className="muted small">{e.source ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
