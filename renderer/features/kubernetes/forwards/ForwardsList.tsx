import type { PortForwardRow } from '../../../../shared/kube/portForward';
import { api, errorMessage } from '../../../api/client';
import { useCollection } from '../../../api/useCollection';
import { useState } from 'react';
import './forwards.css';

const bytes = new Intl.NumberFormat(undefined, {
  style: 'unit',
  unit: 'byte',
  unitDisplay: 'narrow',
  notation: 'compact',
});

/**
 * The port-forwards the backend runs, in every context: where each listens (a link), what it
 * reaches, its traffic, and a Stop button; ended ones say why until dismissed. Shown only
 * when there is at least one. Forwards belong to the backend, so a reload finds them here.
 */
export function ForwardsList(props: { filter?: (row: PortForwardRow) => boolean; title?: string }) {
  const forwards = useCollection('kube.forwards', {});
  const [problem, setProblem] = useState<string | null>(null);
  const rows = [...forwards.rows.values()]
    .filter((row) => !props.filter || props.filter(row))
    .sort((a, b) => a.startedAt - b.startedAt);
  if (rows.length === 0) return null;
  const stop = (row: PortForwardRow): void => {
    setProblem(null);
    api.invoke('kube.forward.stop', { id: row.id }).catch((error: unknown) => setProblem(errorMessage(error)));
  };
  return (
    <section className="forwards-list" aria-label={props.title ?? 'Port forwards'}>
      <h2 className="small">{props.title ?? 'Port forwards'}</h2>
      {problem && (
        <p className="tone-bad" role="alert">
          {problem}
        </p>
      )}
      <table className="forwards-table">
        <thead>
          <tr>
            <th scope="col">Local address</th>
            <th scope="col">Target</th>
            <th scope="col">Connections</th>
            <th scope="col">Traffic</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const url = `http://${row.localAddress}:${row.localPort}`;
            const target = `${row.target.kind === 'service' ? 'svc' : 'pod'}/${row.target.name}`;
            return (
              <tr key={row.id} data-testid="forward-row" data-state={row.state}>
                <td className="mono">
                  {row.state === 'active' ? (
                    <a href={url} target="_blank" rel="noreferrer noopener">
                      {url}
                    </a>
                  ) : (
                    url
                  )}
                </td>
                <td>
                  <span className="mono">
                    {target}:{row.remotePort}
                  </span>
                  <span className="muted small">
                    {' '}
                    {row.context} · {row.namespace}
                    {row.target.kind === 'service' ? ` · via pod ${row.pod}` : ''}
                  </span>
                </td>
                <td>
                  {row.connections} open · {row.totalConnections} total
                </td>
                <td>
                  ↑ {bytes.format(row.bytesOut)} ↓ {bytes.format(row.bytesIn)}
                </td>
                <td className={row.state === 'ended' ? 'muted' : 'tone-good'}>
                  {row.state === 'active' ? 'active' : `ended: ${(row.message ?? '').replace(/^ended: /, '')}`}
                  {row.state === 'active' && row.message ? (
                    <span className="muted small"> · last error: {row.message}</span>
                  ) : null}
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() => stop(row)}
                    aria-label={`${row.state === 'active' ? 'Stop' : 'Dismiss'} ${url}`}
                  >
                    {row.state === 'active' ? 'Stop' : 'Dismiss'}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
