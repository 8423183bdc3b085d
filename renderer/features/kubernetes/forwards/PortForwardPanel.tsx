import { useEffect, useId, useState } from 'react';
import { api, errorMessage } from '../../../api/client';
import { declaredPorts, parseRemotePort } from './declaredPorts';
import { ForwardsList } from './ForwardsList';
import './forwards.css';

/**
 * Port forward from a pod or a Service: one of its declared ports (or one typed), a local
 * port on 127.0.0.1 (a free one suggested), Start; the forwards of this object below.
 */
export function PortForwardPanel(props: {
  context: string;
  namespace: string;
  kind: 'pod' | 'service';
  name: string;
  object: Record<string, unknown> | null;
}) {
  const { context, namespace, kind, name } = props;
  const ports = declaredPorts(kind, props.object);
  const [remote, setRemote] = useState('');
  const [local, setLocal] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const listId = useId();
  const firstPort = ports[0]?.port;
  const remoteText = remote || (firstPort ? String(firstPort) : '');
  const remotePort = parseRemotePort(remoteText);

  // Suggest a free local port: the remote one when it is free and unprivileged.
  useEffect(() => {
    let live = true;
    const preferred = typeof remotePort === 'number' && remotePort >= 1024 ? remotePort : undefined;
    api.invoke('kube.forward.freePort', preferred ? { preferred } : {}).then(
      ({ port }) => live && setLocal(String(port)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [remotePort]);

  const localPort = /^\d{1,5}$/.test(local) && Number(local) <= 65535 ? Number(local) : null;
  const start = (): void => {
    if (remotePort === null || localPort === null) return;
    setBusy(true);
    setProblem(null);
    api
      .invoke('kube.forward.start', { context, namespace, target: { kind, name }, remotePort, localPort })
      .catch((error: unknown) => setProblem(errorMessage(error)))
      .finally(() => setBusy(false));
  };

  return (
    <section aria-label="Port forward">
      <form
        className="port-forward-form"
        onSubmit={(event) => {
          event.preventDefault();
          start();
        }}
      >
        <label>
          {kind === 'service' ? 'Service port' : 'Pod port'}
          <input
            className="mono"
            list={listId}
            value={remoteText}
            onChange={(e) => setRemote(e.target.value)}
            aria-invalid={remotePort === null}
            placeholder="port or name"
            size={12}
          />
          <datalist id={listId}>
            {ports.map((p) => (
              <option key={p.port} value={String(p.port)} label={p.label} />
            ))}
          </datalist>
        </label>
        <label>
          Local port on 127.0.0.1
          <input
            className="mono"
            value={local}
            onChange={(e) => setLocal(e.target.value.trim())}
            aria-invalid={localPort === null}
            inputMode="numeric"
            size={8}
          />
        </label>
        <button type="submit" disabled={busy || remotePort === null || localPort === null}>
          Start port forward
        </button>
        {remotePort === null && <span className="tone-bad">A port number (1–65535) or a declared port name</span>}
      </form>
      {ports.length > 0 && <p className="muted small">Declared ports: {ports.map((p) => p.label).join(', ')}</p>}
      {problem && (
        <p className="tone-bad" role="alert">
          {problem}
        </p>
      )}
      <ForwardsList
        title={`Forwards of ${name}`}
        filter={(row) =>
          row.context === context && row.namespace === namespace && row.target.kind === kind && row.target.name === name
        }
      />
    </section>
  );
}
