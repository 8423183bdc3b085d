import { useState, type ReactNode } from 'react';
import type { ContainerDetails, EnvVar } from '../../../../shared/docker';
import { DetailSection } from '../../../components/DetailSection';
import { Facts } from '../../../components/Facts';
import { formatExactTime } from '../../../format/age';
import { formatBytes } from '../../../format/units';
import { MASK } from './secretMask';

function EnvRow(props: { env: EnvVar }) {
  const { env } = props;
  const [shown, setShown] = useState(!env.secretLike);
  return (
    <tr>
      <th scope="row" className="mono">
        {env.name}
      </th>
      <td className="mono env-value">
        {shown ? env.value : <span aria-label={`${env.name} value hidden`}>{MASK}</span>}
        {env.secretLike && (
          <button
            type="button"
            className="link small"
            onClick={() => setShown((s) => !s)}
            aria-label={`${shown ? 'Hide' : 'Reveal'} ${env.name}`}
          >
            {shown ? 'Hide' : 'Reveal'}
          </button>
        )}
      </td>
    </tr>
  );
}

function limit(value: number, format: (v: number) => string): string {
  return value > 0 ? format(value) : 'unlimited';
}

/** The readable side of `docker inspect`: everything here is engine data, rendered as text. */
export function ContainerOverview(props: { details: ContainerDetails }) {
  const d = props.details;
  const command = d.command.length ? d.command.join(' ') : '—';
  const labels = Object.entries(d.labels).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="container-overview">
      <DetailSection title="Process">
        <Facts
          rows={[
            ['Command', <code key="c">{command}</code>],
            ['Working dir', <code key="w">{d.workingDir || '/'}</code>],
            ['User', d.user || 'root (image default)'],
            ['Started', formatExactTime(d.state.startedAt) ?? '—'],
            ...(d.state.running
              ? []
              : ([['Finished', formatExactTime(d.state.finishedAt) ?? '—']] as Array<[string, ReactNode]>)),
            ['Exit code', d.state.running ? '—' : String(d.state.exitCode)],
            ...(d.state.oomKilled
              ? ([
                  [
                    'OOM killed',
                    <span key="o" className="tone-bad">
                      yes: it ran out of memory
                    </span>,
                  ],
                ] as Array<[string, ReactNode]>)
              : []),
            ...(d.state.error ? ([['Error', d.state.error]] as Array<[string, ReactNode]>) : []),
            [
              'Restart policy',
              d.restartPolicy.name
                ? `${d.restartPolicy.name}${d.restartPolicy.maximumRetryCount ? ` (max ${d.restartPolicy.maximumRetryCount})` : ''}`
                : 'no',
            ],
            ['Image', <code key="i">{d.image}</code>],
            ['Id', <code key="id">{d.id.slice(0, 12)}</code>],
          ]}
        />
      </DetailSection>
      {d.health && (
        <DetailSection title="Health">
          <p>
            {d.health.status}
            {d.health.failingStreak > 0 && (
              <span className="tone-bad"> · failing {d.health.failingStreak} times in a row</span>
            )}
          </p>
          {d.health.log.slice(-3).map((entry, i) => (
            <pre key={i} className="small health-log">
              exit {entry.exitCode}: {entry.output}
            </pre>
          ))}
        </DetailSection>
      )}
      <DetailSection title="Environment" empty={d.env.length === 0}>
        <table className="kv-table">
          <tbody>
            {d.env.map((env) => (
              <EnvRow key={env.name} env={env} />
            ))}
          </tbody>
        </table>
      </DetailSection>
      <DetailSection title="Ports" empty={d.ports.length === 0}>
        <ul className="plain mono">
          {d.ports.map((p) => (
            <li key={`${p.containerPort}/${p.protocol}/${p.hostIp ?? ''}/${p.hostPort ?? ''}`}>
              {p.hostPort ? `${p.hostIp || '0.0.0.0'}:${p.hostPort} → ` : ''}
              {p.containerPort}/{p.protocol}
              {!p.hostPort && <span className="muted"> (not published)</span>}
            </li>
          ))}
        </ul>
      </DetailSection>
      <DetailSection title="Mounts" empty={d.mounts.length === 0}>
        <ul className="plain">
          {d.mounts.map((m) => (
            <li key={m.destination}>
              <code>{m.destination}</code> ← {m.type} <code>{m.name ?? m.source}</code>
              {m.readOnly && <span className="muted"> (read-only)</span>}
            </li>
          ))}
        </ul>
      </DetailSection>
      <DetailSection title="Networks" empty={d.networks.length === 0}>
        <ul className="plain">
          {d.networks.map((n) => (
            <li key={n.name}>
              {n.name} <code>{n.ipAddress || 'no address'}</code>
              {n.aliases.length > 0 && <span className="muted"> aliases: {n.aliases.join(', ')}</span>}
            </li>
          ))}
        </ul>
      </DetailSection>
      <DetailSection title="Resource limits">
        <Facts
          rows={[
            ['Memory', limit(d.resources.memory, (v) => formatBytes(v))],
            ['CPUs', limit(d.resources.cpus, (v) => String(v))],
            ['CPU shares', d.resources.cpuShares ? String(d.resources.cpuShares) : 'default'],
            ['PIDs', limit(d.resources.pidsLimit, String)],
          ]}
        />
      </DetailSection>
      <DetailSection title="Labels" empty={labels.length === 0}>
        <table className="kv-table">
          <tbody>
            {labels.map(([name, value]) => (
              <tr key={name}>
                <th scope="row" className="mono">
                  {name}
                </th>
                <td className="mono">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </DetailSection>
    </div>
  );
}
