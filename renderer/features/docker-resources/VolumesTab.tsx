import type { EngineInfo } from '../../../shared/app';
import type { VolumeRow } from '../../../shared/docker';
import { api } from '../../api/client';
import { useNow } from '../../components/useNow';
import { formatAge, formatExactTime } from '../../format/age';
import { ResourceTab, type ResourceColumn } from './ResourceTab';

const columns: ReadonlyArray<ResourceColumn<VolumeRow>> = [
  {
    id: 'name',
    label: 'Name',
    width: 'minmax(200px, 2fr)',
    sortable: true,
    mono: true,
    title: 'A volume is storage that outlives the containers that mount it.',
    sortValue: (r) => r.name,
    render: (r) => r.name,
    cellTitle: (r) => r.name,
  },
  { id: 'driver', label: 'Driver', width: '90px', sortable: true, sortValue: (r) => r.driver, render: (r) => r.driver },
  {
    id: 'mountpoint',
    label: 'Mountpoint',
    width: 'minmax(200px, 2fr)',
    mono: true,
    render: (r) => r.mountpoint,
    cellTitle: (r) => r.mountpoint,
  },
  {
    id: 'created',
    label: 'Created',
    width: '80px',
    sortable: true,
    align: 'end',
    sortValue: (r) => (r.createdAt ? -r.createdAt : undefined),
    render: (r, now) => formatAge(r.createdAt, now),
    cellTitle: (r) => formatExactTime(r.createdAt),
  },
  {
    id: 'usedBy',
    label: 'In use by',
    width: 'minmax(140px, 1.5fr)',
    sortable: true,
    sortValue: (r) => r.usedBy.length,
    render: (r) => (r.usedBy.length === 0 ? <span className="muted">unused</span> : r.usedBy.join(', ')),
    cellTitle: (r) => (r.usedBy.length ? r.usedBy.join('\n') : undefined),
  },
];

export function VolumesTab(props: { engines: readonly EngineInfo[] }) {
  const now = useNow(30_000);
  return (
    <ResourceTab<VolumeRow>
      id="volumes"
      noun="volume"
      topic="docker.volumes"
      engines={props.engines}
      columns={columns}
      defaultSort={{ key: 'name', dir: 'asc' }}
      nameOf={(r) => r.name}
      filterFields={(r) => [r.name, r.driver, r.mountpoint, ...r.usedBy]}
      inspect={(r) => api.invoke('docker.volume.inspect', { engineId: r.engineId, id: r.name })}
      remove={{
        blockedBy: (r) =>
          r.usedBy.length > 0 ? `In use by ${r.usedBy.join(', ')}: remove those containers first` : null,
        describe: (r) => (
          <p>
            The volume <strong className="mono">{r.name}</strong> and all the data in it will be deleted. This cannot be
            undone.
          </p>
        ),
        run: (r, force) => api.invoke('docker.volume.remove', { engineId: r.engineId, id: r.name, force }),
      }}
      pruneKind="volumes"
      emptyText="No volumes on this engine."
      now={now}
    />
  );
}
