import type { EngineInfo } from '../../../shared/app';
import type { NetworkRow } from '../../../shared/docker';
import { api } from '../../api/client';
import { ResourceTab, type ResourceColumn } from './ResourceTab';

const columns: ReadonlyArray<ResourceColumn<NetworkRow>> = [
  {
    id: 'name',
    label: 'Name',
    width: 'minmax(180px, 2fr)',
    sortable: true,
    title: 'A network lets containers reach each other by name.',
    sortValue: (r) => r.name,
    render: (r) => (
      <>
        {r.name}
        {r.builtIn && <span className="muted small"> · built-in</span>}
      </>
    ),
  },
  { id: 'driver', label: 'Driver', width: '90px', sortable: true, sortValue: (r) => r.driver, render: (r) => r.driver },
  { id: 'scope', label: 'Scope', width: '70px', sortable: true, sortValue: (r) => r.scope, render: (r) => r.scope },
  {
    id: 'subnet',
    label: 'Subnet',
    width: 'minmax(120px, 1fr)',
    mono: true,
    render: (r) => r.subnets.join(', ') || '—',
  },
  {
    id: 'containers',
    label: 'Attached containers',
    width: 'minmax(160px, 2fr)',
    sortable: true,
    sortValue: (r) => r.containers.length,
    render: (r) => (r.containers.length === 0 ? <span className="muted">none</span> : r.containers.join(', ')),
    cellTitle: (r) => (r.containers.length ? r.containers.join('\n') : undefined),
  },
];

export function NetworksTab(props: { engines: readonly EngineInfo[] }) {
  return (
    <ResourceTab<NetworkRow>
      id="networks"
      noun="network"
      topic="docker.networks"
      engines={props.engines}
      columns={columns}
      defaultSort={{ key: 'name', dir: 'asc' }}
      nameOf={(r) => r.name}
      filterFields={(r) => [r.name, r.driver, ...r.subnets, ...r.containers]}
      inspect={(r) => api.invoke('docker.network.inspect', { engineId: r.engineId, id: r.id })}
      remove={{
        blockedBy: (r) =>
          r.builtIn
            ? "Docker's own network: it cannot be removed"
            : r.containers.length > 0
              ? `Containers are attached (${r.containers.join(', ')}): disconnect or remove them first`
              : null,
        describe: (r) => (
          <p>
            The network <strong>{r.name}</strong> ({r.driver}) will be deleted.
          </p>
        ),
        run: (r) => api.invoke('docker.network.remove', { engineId: r.engineId, id: r.id }),
      }}
      pruneKind="networks"
      emptyText="No networks on this engine."
      now={0}
    />
  );
}
