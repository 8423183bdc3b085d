import type { EngineInfo } from '../../../shared/app';
import type { EngineEventRow } from '../../../shared/docker';
import { useNow } from '../../components/useNow';
import { formatAge, formatExactTime } from '../../format/age';
import { ResourceTab, type ResourceColumn } from './ResourceTab';

function attributes(row: EngineEventRow): string {
  return Object.entries(row.attributes ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

const columns: ReadonlyArray<ResourceColumn<EngineEventRow>> = [
  {
    id: 'time',
    label: 'When',
    width: '90px',
    sortable: true,
    sortValue: (r) => r.t,
    render: (r, now) => `${formatAge(r.t, now)} ago`,
    cellTitle: (r) => formatExactTime(r.t),
  },
  { id: 'type', label: 'Type', width: '90px', sortable: true, sortValue: (r) => r.type, render: (r) => r.type },
  {
    id: 'action',
    label: 'Action',
    width: '120px',
    sortable: true,
    sortValue: (r) => r.action,
    render: (r) => r.action,
  },
  {
    id: 'actor',
    label: 'Object',
    width: 'minmax(160px, 1.5fr)',
    sortable: true,
    sortValue: (r) => r.actorName ?? r.actorId,
    render: (r) => r.actorName ?? <span className="mono">{r.actorId.slice(0, 12)}</span>,
    cellTitle: (r) => r.actorId,
  },
  {
    id: 'attributes',
    label: 'Attributes',
    width: 'minmax(200px, 3fr)',
    mono: true,
    render: attributes,
    cellTitle: attributes,
  },
];

/** The engine's recent events, newest first: what happened, to what, when. */
export function EventsTab(props: { engines: readonly EngineInfo[] }) {
  const now = useNow(5_000);
  return (
    <ResourceTab<EngineEventRow>
      id="events"
      noun="event"
      topic="docker.events"
      engines={props.engines}
      columns={columns}
      defaultSort={{ key: 'time', dir: 'desc' }}
      nameOf={(r) => `${r.type} ${r.action} ${r.actorName ?? r.actorId}`}
      filterFields={(r) => [r.type, r.action, r.actorName, r.actorId, attributes(r)]}
      emptyText="No events yet: they appear here as containers, images, volumes and networks change."
      now={now}
    />
  );
}
