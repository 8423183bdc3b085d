import { useState } from 'react';
import type { AppState } from '../../../shared/app';
import { api, errorMessage } from '../../api/client';
import { connectionTone, StateBadge } from '../../components/StateBadge';
import { useAppStore } from '../../store/appStore';
import { setDefaultContext } from './setDefaultContext';
import { usePopover } from './usePopover';

/**
 * The context shown, and every context of the kubeconfig with its cluster, server, user,
 * namespace and connection: switching selects it in the backend (`kube.context.select`), so
 * the status bar, the menu and the other views agree.
 */
export function ContextSwitcher(props: { kube: AppState['kube']; context: string | null }) {
  const { kube, context } = props;
  const connections = useAppStore((s) => s.connections.rows);
  const { open, setOpen, toggle, buttonRef, popoverRef } = usePopover();
  const [error, setError] = useState<string | null>(null);
  const status = context ? connections.get(`kube:${context}`) : undefined;

  const select = (name: string): void => {
    setError(null);
    api.invoke('kube.context.select', { name }).then(
      () => setOpen(false),
      (e: unknown) => setError(errorMessage(e)),
    );
  };
  /** The user's click shows at once; the backend's app state confirms it (or the error says why not). */
  const [pinning, setPinning] = useState<Record<string, boolean>>({});
  /** A pinned context connects when Berth starts, like the current one. */
  const pin = (name: string, pinned: boolean): void => {
    setError(null);
    setPinning((p) => ({ ...p, [name]: pinned }));
    api
      .invoke('kube.context.pin', { name, pinned })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() =>
        setPinning((p) => {
          const { [name]: _done, ...rest } = p;
          return rest;
        }),
      );
  };
  /** Read-only in Berth: the backend refuses every write to the context, whatever the cluster allows. */
  const [marking, setMarking] = useState<Record<string, boolean>>({});
  const markReadOnly = (name: string, readOnly: boolean): void => {
    setError(null);
    setMarking((m) => ({ ...m, [name]: readOnly }));
    api
      .invoke('kube.context.readOnly', { name, readOnly })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() =>
        setMarking((m) => {
          const { [name]: _done, ...rest } = m;
          return rest;
        }),
      );
  };
  const reload = (): void => {
    setError(null);
    api.invoke('app.kubeconfig.reload', {}).catch((e: unknown) => setError(errorMessage(e)));
  };

  return (
    <div className="context-switcher">
      <button
        ref={buttonRef}
        type="button"
        className="context-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={toggle}
        title="Switch context: the kubeconfig's contexts and their connections"
      >
        <span className="muted">Context</span> <strong>{context ?? 'none chosen'}</strong>
        {context && kube.readOnly.includes(context) && (
          <StateBadge
            tone="idle"
            label="read-only"
            title="Read-only in Berth: every change to this context is refused"
          />
        )}
        {status ? (
          <StateBadge tone={connectionTone(status.state)} label={status.state} title={status.message} />
        ) : (
          context && <StateBadge tone="idle" label="not connected" />
        )}
        <span aria-hidden="true">▾</span>
      </button>
      {error && (
        <span className="tone-bad small" role="alert">
          {error}
        </span>
      )}
      {open && (
        <div ref={popoverRef} className="popover context-popover" role="dialog" aria-label="Contexts">
          <table className="data-table" aria-label="Contexts">
            <thead>
              <tr>
                <th scope="col">Context</th>
                <th scope="col">Cluster</th>
                <th scope="col">Server</th>
                <th scope="col">User</th>
                <th scope="col">Namespace</th>
                <th scope="col">Connection</th>
                <th scope="col" title="Pinned contexts connect when Berth starts, like the current one">
                  Pinned
                </th>
                <th scope="col" title="The kubeconfig's current-context: what kubectl uses by default">
                  kubectl default
                </th>
                <th scope="col" title="Berth refuses every change to a read-only context (delete, scale, drain…)">
                  Read-only
                </th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {kube.contexts.map((c) => {
                const current = c.name === context;
                const s = connections.get(`kube:${c.name}`);
                return (
                  <tr key={c.name} aria-current={current ? 'true' : undefined}>
                    <td>{c.name}</td>
                    <td>{c.cluster}</td>
                    <td className="mono">{c.server ?? '—'}</td>
                    <td>{c.user}</td>
                    <td>{c.namespace ?? 'default'}</td>
                    <td>
                      {s ? (
                        <StateBadge tone={connectionTone(s.state)} label={s.state} title={s.message} />
                      ) : (
                        <span className="muted">not connected</span>
                      )}
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        checked={pinning[c.name] ?? kube.pinned.includes(c.name)}
                        onChange={(e) => pin(c.name, e.currentTarget.checked)}
                        aria-label={`Connect ${c.name} when Berth starts`}
                      />
                    </td>
                    <td>
                      {c.name === kube.kubeconfig.defaultContext ? (
                        <span>Default</span>
                      ) : (
                        <button
                          type="button"
                          onClick={() => setDefaultContext(c.name)}
                          aria-label={`Set ${c.name} as the default context`}
                          title="Write it as current-context in your kubeconfig"
                        >
                          Set as default
                        </button>
                      )}
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        checked={marking[c.name] ?? kube.readOnly.includes(c.name)}
                        onChange={(e) => markReadOnly(c.name, e.currentTarget.checked)}
                        aria-label={`${c.name} is read-only in Berth`}
                      />
                    </td>
                    <td>
                      {current ? (
                        <strong>Current</strong>
                      ) : (
                        <button type="button" onClick={() => select(c.name)} aria-label={`Switch to ${c.name}`}>
                          Switch
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="popover-footer">
            <span className="muted small">Read from: {kube.kubeconfig.paths.join(', ')}</span>
            <button type="button" onClick={reload}>
              Reload kubeconfig
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
