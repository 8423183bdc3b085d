import type { ReactNode } from 'react';
import type { ConnectionStatus } from '../../../shared/app';
import { formatHash } from '../../app/navigation';
import { EmptyState } from '../../components/EmptyState';
import { connectionTone, StateBadge } from '../../components/StateBadge';
import { useAppStore } from '../../store/appStore';
import { dashboardHref } from '../history/DashboardView';
import { EngineStateCounts } from './EngineStateCounts';
import { EngineUsage } from './EngineUsage';
import { EngineWarnings } from './EngineWarnings';
import { KubeContextOverview } from './KubeContextOverview';
import { kubeViewHref } from './kubeLinks';

function Card(props: {
  title: string;
  subtitle: string;
  status: ConnectionStatus | undefined;
  /** Where the card leads: the list behind it. */
  href: string;
  kind: string;
  children?: ReactNode;
}) {
  const { status } = props;
  return (
    <article className="card" aria-label={`${props.kind} ${props.title}`}>
      <header>
        <h3>
          <a className="link" href={props.href}>
            {props.title}
          </a>
        </h3>
        {status ? (
          <StateBadge tone={connectionTone(status.state)} label={status.state} />
        ) : (
          <StateBadge tone="idle" label="not connected" />
        )}
      </header>
      <p className="mono small muted">{props.subtitle}</p>
      {props.children}
      {status?.message && (
        <p className="card-problem">
          {status.message}
          {status.hint && <span className="hint"> {status.hint}</span>}
        </p>
      )}
    </article>
  );
}

/** One card per Docker engine and per kube context: the truth at a glance. */
export function OverviewView() {
  const state = useAppStore((s) => s.state);
  const connections = useAppStore((s) => s.connections.rows);
  if (!state) return <p className="muted">Loading…</p>;
  const { docker, kube } = state;

  return (
    <section aria-labelledby="overview-title">
      <header className="view-header">
        <h1 id="overview-title">Overview</h1>
      </header>
      <h2>Docker engines</h2>
      {docker.engines.length === 0 ? (
        <EmptyState title="No Docker engine found" looked={docker.searched}>
          <p>
            Start Docker Desktop, Podman, Colima or <code>dockerd</code>, or set <code>DOCKER_HOST</code>, and Berth
            will pick it up.
          </p>
        </EmptyState>
      ) : (
        <div className="cards">
          {docker.engines.map((engine) => (
            <Card
              key={engine.id}
              kind="Docker engine"
              title={engine.name}
              subtitle={engine.endpoint}
              status={connections.get(`docker:${engine.id}`)}
              href={formatHash('containers', { engine: engine.id })}
            >
              <EngineStateCounts engineId={engine.id} engineName={engine.name} />
              <EngineUsage engineId={engine.id} engineName={engine.name} />
              <EngineWarnings engineId={engine.id} engineName={engine.name} />
              <a className="link small" href={dashboardHref({ engine: engine.id })}>
                Dashboard: the last hours of {engine.name}
              </a>
            </Card>
          ))}
        </div>
      )}
      <h2>Kubernetes contexts</h2>
      {kube.contexts.length === 0 ? (
        <EmptyState title="No kubeconfig found" looked={[...kube.kubeconfig.paths, ...kube.kubeconfig.missing]}>
          <p>
            Berth reads <code>KUBECONFIG</code> or <code>~/.kube/config</code>, like kubectl.
          </p>
        </EmptyState>
      ) : (
        <div className="cards">
          {kube.contexts.map((context) => {
            const status = connections.get(`kube:${context.name}`);
            return (
              <Card
                key={context.name}
                kind="Kubernetes context"
                title={context.name + (context.name === kube.currentContext ? ' (current)' : '')}
                subtitle={context.server ?? context.cluster}
                status={status}
                href={kubeViewHref({ context: context.name, kind: 'pods' })}
              >
                {/* Only contexts Berth is connected to: a card never starts a connection of its own. */}
                {status && (
                  <KubeContextOverview
                    context={context.name}
                    reachable={status.state === 'live' || status.state === 'connecting'}
                  />
                )}
                {status ? (
                  <a className="link small" href={dashboardHref({ context: context.name })}>
                    Dashboard: the last hours of {context.name}
                  </a>
                ) : (
                  <>
                    <p className="muted small">
                      Berth connects to a context when you open it, so its credentials are used only then.
                    </p>
                    <a className="link small" href={kubeViewHref({ context: context.name, kind: 'pods' })}>
                      Open {context.name}
                    </a>
                  </>
                )}
              </Card>
            );
          })}
        </div>
      )}
    </section>
  );
}
