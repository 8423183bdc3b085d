import { useCollection } from '../../api/useCollection';
import { EmptyState } from '../../components/EmptyState';
import { useAppStore } from '../../store/appStore';

function EngineContainers(props: { engineId: string; name: string }) {
  const { rows, loaded, error } = useCollection('docker.containers', { engineId: props.engineId });
  const list = [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <section aria-label={`Containers on ${props.name}`}>
      <h2>{props.name}</h2>
      {error && (
        <div className="error-banner" role="alert">
          {error.message}
        </div>
      )}
      {!loaded && !error && <p className="muted">Loading…</p>}
      {loaded && (
        <table className="data-table" aria-label={`Containers on ${props.name}`}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Image</th>
              <th scope="col">State</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td className="mono">{c.image}</td>
                <td>{c.state}</td>
                <td>{c.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ContainersView() {
  const docker = useAppStore((s) => s.state?.docker);
  if (!docker) return <p className="muted">Loading…</p>;
  const shown = docker.engines.filter((e) => docker.selectedEngineIds.includes(e.id));
  if (docker.engines.length === 0) {
    return (
      <EmptyState title="No Docker engine found" looked={docker.searched}>
        <p>
          Start Docker Desktop, Podman, Colima or <code>dockerd</code>, or set <code>DOCKER_HOST</code>.
        </p>
      </EmptyState>
    );
  }
  return (
    <section aria-labelledby="containers-title">
      <header className="view-header">
        <h1 id="containers-title">Containers</h1>
      </header>
      {shown.map((engine) => (
        <EngineContainers key={engine.id} engineId={engine.id} name={engine.name} />
      ))}
    </section>
  );
}
