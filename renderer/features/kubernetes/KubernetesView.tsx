import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { connectionTone, StateBadge } from '../../components/StateBadge';
import { useAppStore } from '../../store/appStore';

/** Contexts from the user's kubeconfig; choosing one switches what the app shows. */
export function KubernetesView() {
  const kube = useAppStore((s) => s.state?.kube);
  const connections = useAppStore((s) => s.connections.rows);
  const [error, setError] = useState<string | null>(null);

  if (!kube) return <p className="muted">Loading…</p>;

  const reload = (): void => {
    setError(null);
    api.invoke('app.kubeconfig.reload', {}).catch((e: unknown) => setError(errorMessage(e)));
  };
  const select = (name: string): void => {
    setError(null);
    api.invoke('kube.context.select', { name }).catch((e: unknown) => setError(errorMessage(e)));
  };

  const problem = kube.kubeconfig.error && (
    <div className="error-banner" role="alert">
      <strong>Part of your kubeconfig could not be read.</strong> The contexts from the other files are still shown.
      <pre className="mono">{kube.kubeconfig.error}</pre>
    </div>
  );

  if (kube.contexts.length === 0) {
    return (
      <>
        {problem}
        <EmptyState
          title="No Kubernetes contexts found"
          looked={[...kube.kubeconfig.paths, ...kube.kubeconfig.missing]}
          action={
            <button type="button" onClick={reload}>
              Reload kubeconfig
            </button>
          }
        >
          <p>
            Berth reads the same kubeconfig as kubectl: the files in <code>KUBECONFIG</code>, or{' '}
            <code>~/.kube/config</code>. Create one (for example with your cloud's CLI or <code>kind</code>) or set{' '}
            <code>KUBECONFIG</code>, then reload.
          </p>
        </EmptyState>
      </>
    );
  }

  return (
    <section aria-labelledby="kube-title">
      <header className="view-header">
        <h1 id="kube-title">Kubernetes</h1>
        <button type="button" onClick={reload}>
          Reload kubeconfig
        </button>
      </header>
      {problem}
      {error && (
        <div className="error-banner" role="alert">
          {error}
        </div>
      )}
      <table className="data-table" aria-label="Contexts">
        <thead>
          <tr>
            <th scope="col">Context</th>
            <th scope="col">Cluster</th>
            <th scope="col">Server</th>
            <th scope="col">User</th>
            <th scope="col">Namespace</th>
            <th scope="col">Connection</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {kube.contexts.map((context) => {
            const current = context.name === kube.currentContext;
            const status = connections.get(`kube:${context.name}`);
            return (
              <tr key={context.name} aria-current={current ? 'true' : undefined}>
                <td>{context.name}</td>
                <td>{context.cluster}</td>
                <td className="mono">{context.server ?? '—'}</td>
                <td>{context.user}</td>
                <td>{context.namespace ?? 'default'}</td>
                <td>
                  {status ? (
                    <StateBadge tone={connectionTone(status.state)} label={status.state} title={status.message} />
                  ) : (
                    <span className="muted">{current ? '—' : 'not connected'}</span>
                  )}
                </td>
                <td>
                  {current ? (
                    <strong>Current</strong>
                  ) : (
                    <button type="button" onClick={() => select(context.name)} aria-label={`Switch to ${context.name}`}>
                      Switch
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small">Read from: {kube.kubeconfig.paths.join(', ')}</p>
    </section>
  );
}
