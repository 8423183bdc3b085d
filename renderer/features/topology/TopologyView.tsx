import type { EngineInfo } from '../../../shared/app';
import type { ContainerRow } from '../../../shared/docker';
import { useCollections } from '../../api/useCollection';
import { navigate } from '../../app/navigation';
import { connectionTone, StateBadge } from '../../components/StateBadge';
import { useAppStore } from '../../store/appStore';
import { containerKey } from '../containers/containerList';
import { containerStateLabel, containerTone } from '../containers/containerState';
import { dockerTopology } from './dockerTopology';

const CONCEPTS = {
  engine: 'A Docker engine runs containers from images on one machine.',
  project: 'A Compose project is a set of containers started together from one compose file.',
  container: 'A container is a running (or stopped) instance of an image, isolated from the rest of the machine.',
  context: 'A kube context names a cluster, the user you act as, and a default namespace.',
};

function ContainerNode(props: { row: ContainerRow }) {
  const { row } = props;
  return (
    <li className="topology-node">
      <button
        type="button"
        className="link"
        title={`${CONCEPTS.container}\nImage: ${row.image}`}
        onClick={() => navigate('containers', { sel: containerKey(row) })}
      >
        {row.name}
      </button>{' '}
      <StateBadge tone={containerTone(row)} label={containerStateLabel(row)} />{' '}
      <span className="muted small mono">{row.image}</span>
    </li>
  );
}

function EngineNode(props: { engine: EngineInfo; rows: ContainerRow[]; loaded: boolean }) {
  const status = useAppStore((s) => s.connections.rows.get(`docker:${props.engine.id}`));
  const topology = dockerTopology(props.rows);
  return (
    <section className="topology-group" aria-label={`Engine ${props.engine.name}`}>
      <h2 title={CONCEPTS.engine}>
        {props.engine.name}{' '}
        <StateBadge tone={status ? connectionTone(status.state) : 'idle'} label={status?.state ?? 'not connected'} />
      </h2>
      <p className="muted small">
        {props.rows.length} containers from {topology.images} images ·{' '}
        <span className="mono">{props.engine.endpoint}</span>
      </p>
      {!props.loaded && <p className="muted">Loading…</p>}
      {topology.projects.map((project) => (
        <details key={project.project} open className="topology-project">
          <summary title={CONCEPTS.project}>
            Compose project <strong>{project.project}</strong> ({project.containers.length})
          </summary>
          <ul>
            {project.containers.map((row) => (
              <ContainerNode key={row.id} row={row} />
            ))}
          </ul>
        </details>
      ))}
      {topology.loose.length > 0 && (
        <details open className="topology-project">
          <summary>Not in a Compose project ({topology.loose.length})</summary>
          <ul>
            {topology.loose.map((row) => (
              <ContainerNode key={row.id} row={row} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** The map of what runs where: engines with their Compose projects and containers, and the kube contexts. */
export function TopologyView() {
  const state = useAppStore((s) => s.state);
  const connections = useAppStore((s) => s.connections.rows);
  const engines = state ? state.docker.engines.filter((e) => state.docker.selectedEngineIds.includes(e.id)) : [];
  const views = useCollections(
    'docker.containers',
    engines.map((e) => ({ engineId: e.id })),
  );
  if (!state) return <p className="muted">Loading…</p>;
  return (
    <section aria-labelledby="topology-title">
      <header className="view-header">
        <h1 id="topology-title">Topology</h1>
      </header>
      <div className="topology">
        {engines.map((engine, index) => (
          <EngineNode
            key={engine.id}
            engine={engine}
            rows={[...(views[index]?.rows.values() ?? [])]}
            loaded={views[index]?.loaded ?? false}
          />
        ))}
        {engines.length === 0 && (
          <section className="topology-group" aria-label="Docker engines">
            <h2 title={CONCEPTS.engine}>Docker engines</h2>
            <p className="muted">No engine shown. Pick one in the Containers view or the Docker menu.</p>
          </section>
        )}
        <section className="topology-group" aria-label="Kubernetes contexts">
          <h2 title={CONCEPTS.context}>Kubernetes contexts</h2>
          <ul>
            {state.kube.contexts.map((context) => {
              const status = connections.get(`kube:${context.name}`);
              return (
                <li key={context.name} className="topology-node">
                  <span>{context.name}</span>
                  {context.name === state.kube.currentContext && <strong> (current)</strong>}{' '}
                  <StateBadge
                    tone={status ? connectionTone(status.state) : 'idle'}
                    label={status?.state ?? 'not connected'}
                  />{' '}
                  <span className="muted small">{context.server ?? context.cluster}</span>
                </li>
              );
            })}
            {state.kube.contexts.length === 0 && <li className="muted">none found</li>}
          </ul>
        </section>
      </div>
    </section>
  );
}
