import { useCollection } from '../../api/useCollection';
import { formatHash } from '../../app/navigation';
import { StateBadge, type Tone } from '../../components/StateBadge';
import { countByState } from '../containers/containerState';

const SHOWN: Array<{ state: 'running' | 'paused' | 'exited'; tone: Tone }> = [
  { state: 'running', tone: 'ok' },
  { state: 'paused', tone: 'warn' },
  { state: 'exited', tone: 'idle' },
];

/** An engine's containers by state, each count a link to the list filtered by it. */
export function EngineStateCounts(props: { engineId: string; engineName: string }) {
  const { rows, loaded, error } = useCollection('docker.containers', { engineId: props.engineId });
  if (error) return null; // the card already shows the connection problem
  if (!loaded) return <p className="muted small">Counting containers…</p>;
  const counts = countByState(rows.values());
  return (
    <ul className="state-counts" aria-label={`Containers on ${props.engineName} by state`}>
      {SHOWN.map(({ state, tone }) => (
        <li key={state}>
          <a
            className="link"
            href={formatHash('containers', { engine: props.engineId, state })}
            aria-label={`${counts[state]} ${state} on ${props.engineName}`}
          >
            <StateBadge tone={counts[state] > 0 ? tone : 'idle'} label={`${counts[state]} ${state}`} />
          </a>
        </li>
      ))}
    </ul>
  );
}
