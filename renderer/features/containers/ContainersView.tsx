import { setViewParam, useNavigation } from '../../app/navigation';
import { EmptyState } from '../../components/EmptyState';
import { Tabs, type TabDef } from '../../components/Tabs';
import { useAppStore } from '../../store/appStore';
import { EventsTab } from '../docker-resources/EventsTab';
import { ImagesTab } from '../docker-resources/ImagesTab';
import { NetworksTab } from '../docker-resources/NetworksTab';
import { VolumesTab } from '../docker-resources/VolumesTab';
import { ContainersTab } from './ContainersTab';
import { EngineProblem, EngineSwitcher } from './EngineBar';

type DockerTab = 'containers' | 'images' | 'volumes' | 'networks' | 'events';

const TABS: ReadonlyArray<TabDef<DockerTab>> = [
  { id: 'containers', label: 'Containers' },
  { id: 'images', label: 'Images' },
  { id: 'volumes', label: 'Volumes' },
  { id: 'networks', label: 'Networks' },
  { id: 'events', label: 'Events' },
];

/** Everything on the selected Docker engines: containers, and the images, volumes, networks and events behind them. */
export function ContainersView() {
  const docker = useAppStore((s) => s.state?.docker);
  const connections = useAppStore((s) => s.connections.rows);
  const tabParam = useNavigation((s) => s.params.get('tab'));
  const tab: DockerTab = TABS.some((t) => t.id === tabParam) ? (tabParam as DockerTab) : 'containers';

  if (!docker) return <p className="muted">Loading…</p>;
  if (docker.engines.length === 0) {
    return (
      <EmptyState title="No Docker engine found" looked={docker.searched}>
        <p>
          Start Docker Desktop, Podman, Colima or <code>dockerd</code>, or set <code>DOCKER_HOST</code>.
        </p>
      </EmptyState>
    );
  }
  const shown = docker.engines.filter((e) => docker.selectedEngineIds.includes(e.id));

  return (
    <section aria-labelledby="containers-title" className="docker-view">
      <header className="view-header">
        <h1 id="containers-title">Containers</h1>
        <EngineSwitcher engines={docker.engines} selected={docker.selectedEngineIds} />
      </header>
      {shown.map((engine) => {
        const status = connections.get(`docker:${engine.id}`);
        return status ? <EngineProblem key={engine.id} engine={engine} status={status} /> : null;
      })}
      {shown.length === 0 ? (
        <p className="muted">No engine is shown: choose one above.</p>
      ) : (
        <Tabs
          label="Docker objects"
          tabs={TABS}
          selected={tab}
          onSelect={(id) => setViewParam('tab', id === 'containers' ? null : id)}
          className="docker-tabs"
        >
          {tab === 'containers' && <ContainersTab engines={shown} />}
          {tab === 'images' && <ImagesTab engines={shown} />}
          {tab === 'volumes' && <VolumesTab engines={shown} />}
          {tab === 'networks' && <NetworksTab engines={shown} />}
          {tab === 'events' && <EventsTab engines={shown} />}
        </Tabs>
      )}
    </section>
  );
}
