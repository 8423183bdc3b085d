import { useEffect, useMemo, useState } from 'react';
import type { AppState } from '../../../shared/app';
import { api, errorMessage } from '../../api/client';
import { useCollection } from '../../api/useCollection';
import { useTopic } from '../../api/useTopic';
import { navigate, setViewParams, useNavigation } from '../../app/navigation';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store/appStore';
import { ContextSwitcher } from './ContextSwitcher';
import { findKind, kindsToOffer } from './kindCatalog';
import { KindPicker } from './KindPicker';
import { KindTable } from './KindTable';
import { formatNamespaces, kubeParams, readKubeLocation, type KubeLocation } from './kubeLocation';
import './kubernetes.css';
import { rememberedNamespaces, rememberNamespaces } from './namespaceMemory';
import { ForwardsList } from './forwards/ForwardsList';

/**
 * The context the view shows: the app's current context, except right after opening a link
 * that names another one, which is then selected in the backend (so everything agrees).
 */
function useShownContext(kube: AppState['kube'], wanted: string | null): { name: string | null; error: string | null } {
  const current = kube.currentContext;
  const known = (name: string | null): name is string => !!name && kube.contexts.some((c) => c.name === name);
  const [pending, setPending] = useState<string | null>(() => (known(wanted) && wanted !== current ? wanted : null));
  const [error, setError] = useState<string | null>(null);
  const [lastWanted, setLastWanted] = useState(wanted);

  // Back/forward to a location of another context selects that context.
  if (wanted !== lastWanted) {
    setLastWanted(wanted);
    if (known(wanted) && wanted !== current) setPending(wanted);
  }

  useEffect(() => {
    if (!pending) return;
    setError(null);
    api.invoke('kube.context.select', { name: pending }).catch((e: unknown) => {
      setError(`Could not switch to ${pending}: ${errorMessage(e)}`);
      setPending(null);
    });
  }, [pending]);

  if (pending && pending === current) setPending(null);
  const name = pending ?? current;

  useEffect(() => {
    // Another context (switched here or anywhere else): its own namespaces, nothing selected.
    if (name && wanted !== name) setViewParams({ ctx: name, ...(wanted ? { ns: null, sel: null, dtab: null } : {}) });
  }, [name, wanted]);
  return { name, error };
}

/** Kinds, namespaces and objects of the current context: a table per kind and a details panel. */
export function KubernetesView() {
  const kube = useAppStore((s) => s.state?.kube);
  if (!kube) return <p className="muted">Loading…</p>;
  return <KubernetesWithConfig kube={kube} />;
}

function KubernetesWithConfig(props: { kube: AppState['kube'] }) {
  const { kube } = props;
  const params = useNavigation((s) => s.params);
  const location = readKubeLocation(params);
  const context = useShownContext(kube, location.context);

  const problem = kube.kubeconfig.error && (
    <div className="error-banner" role="alert">
      <strong>Part of your kubeconfig could not be read.</strong> The contexts from the other files are still shown.
      <pre className="mono">{kube.kubeconfig.error}</pre>
    </div>
  );

  if (kube.contexts.length === 0) {
    const reload = (): void => void api.invoke('app.kubeconfig.reload', {}).catch(() => {});
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
            <code>~/.kube/config</code>. Create one (for example with your cloud&apos;s CLI or <code>kind</code>) or set{' '}
            <code>KUBECONFIG</code>, then reload.
          </p>
        </EmptyState>
      </>
    );
  }

  const info = kube.contexts.find((c) => c.name === context.name);
  return (
    <section aria-labelledby="kube-title" className="kube-view">
      <header className="view-header">
        <h1 id="kube-title">Kubernetes</h1>
        <ContextSwitcher kube={kube} context={context.name} />
      </header>
      {problem}
      <ForwardsList />
      {context.error && (
        <div className="error-banner" role="alert">
          {context.error}
        </div>
      )}
      {context.name ? (
        <ContextBody
          key={context.name}
          context={context.name}
          defaultNamespace={info?.namespace ?? 'default'}
          location={location}
        />
      ) : (
        <p className="muted">No context is chosen in the kubeconfig: pick one with the Context button above.</p>
      )}
    </section>
  );
}

function ContextBody(props: { context: string; defaultNamespace: string; location: KubeLocation }) {
  const { context, location } = props;
  const connection = useAppStore((s) => s.connections.rows.get(`kube:${context}`)?.state);
  const [retries, setRetries] = useState(0);
  // Followed: a CRD installed meanwhile joins the picker. Asked again when the context's
  // connection changes state (back from an outage) or the user tries again.
  const kinds = useTopic('kube.kinds', { context }, `${connection === 'live' ? 'live' : 'not live'} ${retries}`);
  const kindList = useMemo(() => kindsToOffer(kinds.value), [kinds.value]);
  const kind = findKind(kindList, location.kind);
  useEffect(() => {
    // An address that named the kind as kubectl does is rewritten with its key.
    if (kind && kind.key !== location.kind) setViewParams({ kind: kind.key });
  }, [kind, location.kind]);

  // Read at each render: another view of this context may have changed it since.
  const namespaces = location.namespaces ?? rememberedNamespaces(localStorage, context) ?? [];
  const namespacesParam = formatNamespaces(namespaces);
  useEffect(() => {
    // Written into the URL so the address links to exactly this view.
    if (location.namespaces === null) setViewParams({ ns: namespacesParam });
  }, [location.namespaces, namespacesParam]);

  const namespaceRows = useCollection('kube.resources', { context, kind: 'namespaces', namespaces: [] });
  const available = useMemo(
    () => [...new Set([...[...namespaceRows.rows.values()].map((r) => r.name), props.defaultNamespace])].sort(),
    [namespaceRows.rows, props.defaultNamespace],
  );

  const go = (next: KubeLocation, replace = false): void => {
    if (next.namespaces) rememberNamespaces(localStorage, context, next.namespaces);
    const params = kubeParams({ ...next, context });
    if (replace) setViewParams({ ...Object.fromEntries(KEYS.map((k) => [k, null])), ...params });
    else navigate('kubernetes', params);
  };

  return (
    <div className="kube-layout">
      <KindPicker kinds={kindList} location={location} onPick={(next) => go(next)} />
      <div className="kube-main">
        {kinds.error && (
          <ErrorBanner prefix={`Could not read which kinds ${context} serves`} error={kinds.error}>
            <button type="button" onClick={() => setRetries((n) => n + 1)}>
              Try again
            </button>
          </ErrorBanner>
        )}
        {kind ? (
          <KindTable
            key={kind.key}
            context={context}
            kind={kind}
            kinds={kindList}
            location={{ ...location, namespaces }}
            availableNamespaces={available}
            namespaceProblem={
              namespaceRows.error ? `Namespaces could not be listed: ${namespaceRows.error.message}` : undefined
            }
            go={go}
          />
        ) : kinds.value ? (
          <p className="muted">
            {context} does not serve the kind “{location.kind}”. Choose a kind on the left.
          </p>
        ) : (
          !kinds.error && <p className="muted">Loading the kinds {context} serves…</p>
        )}
      </div>
    </div>
  );
}

const KEYS = ['ctx', 'kind', 'ns', 'q', 'label', 'sort', 'sel', 'dtab', 'wide', 'ctr', 'prev'];
