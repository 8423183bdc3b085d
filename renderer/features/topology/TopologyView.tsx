import { connectionTone, StateBadge } from '../../components/StateBadge';
import { useAppStore } from '../../store/appStore';

/** The map of what Berth is connected to: engines and clusters, with their health. */
export function TopologyView() {
  const state = useAppStore((s) => s.state);
  const connections = useAppStore((s) => s.connections.rows);
  if (!state) return <p className="muted">Loading…</p>;
  return (
    <section aria-labelledby="topology-title">
      <header className="view-header">
        <h1 id="topology-title">Topology</h1>
      </header>
      <div className="topology">
        <div className="topology-group" role="group" aria-label="Docker engines">
          <h2 title="A Docker engine runs containers from images on one machine.">Docker engines</h2>
          <ul>
            {state.docker.engines.map((engine) => {
              const status = connections.get(`docker:${engine.id}`);
              return (
                <li key={engine.id} className="topology-node">
                  <span>{engine.name}</span>{' '}
                  <StateBadge
                    tone={status ? connectionTone(status.state) : 'idle'}
                    label={status?.state ?? 'not connected'}
                  />
                </li>
              );
            })}
            {state.docker.engines.length === 0 && <li className="muted">none found</li>}
          </ul>
        </div>
        <div className="topology-group" role="group" aria-label="Kubernetes clusters">
          <h2 title="A Kubernetes cluster runs Pods on Nodes; a context names a cluster and the user you act as.">
            Kubernetes contexts
          </h2>
          <ul>
            {state.kube.contexts.map((context) => (
              <li key={context.name} className="topology-node">
                <span>{context.name}</span> <span className="muted small">{context.cluster}</span>
              </li>
            ))}
            {state.kube.contexts.length === 0 && <li className="muted">none found</li>}
          </ul>
        </div>
      </div>
    </section>
  );
}
