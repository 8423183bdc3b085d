import type { EngineWarningRow } from '../../../shared/docker';
import { useCollection } from '../../api/useCollection';
import { formatHash } from '../../app/navigation';
import { NameText } from '../../components/NameText';
import { useNow } from '../../components/useNow';
import { formatAge, formatExactTime } from '../../format/age';
import { containerKey } from '../containers/containerList';
import { warningText } from './warningText';

/** How many warnings the card shows (the backend keeps 20). */
const SHOWN = 3;

/** The container's details in the list; a removed container's events instead. */
function warningHref(w: EngineWarningRow): string {
  if (w.removed) return formatHash('containers', { tab: 'events', 'events.q': w.containerName });
  return formatHash('containers', {
    engine: w.engineId,
    q: w.containerName,
    sel: containerKey({ engineId: w.engineId, id: w.containerId }),
  });
}

/**
 * The engine's latest warnings (non-zero exits, kills, OOM, failing health checks), newest
 * first, each a link to its container. Names come from the engine: rendered as text.
 */
export function EngineWarnings(props: { engineId: string; engineName: string }) {
  const { rows, loaded, error } = useCollection('docker.engine.warnings', { engineId: props.engineId });
  const now = useNow(5_000);
  if (error || !loaded) return null; // the card already shows the connection problem
  const latest = [...rows.values()].sort((a, b) => b.t - a.t).slice(0, SHOWN);

  return (
    <section className="engine-warnings" aria-label={`Latest warnings on ${props.engineName}`}>
      <h4>Latest warnings</h4>
      {latest.length === 0 ? (
        <p className="muted small">None since Berth connected.</p>
      ) : (
        <ul>
          {latest.map((w) => (
            <li key={w.id}>
              <a href={warningHref(w)} className="warning-link">
                <span className="tone-bad" aria-hidden="true">
                  ✖
                </span>{' '}
                <span className="warning-name">
                  <NameText text={w.containerName} />
                </span>{' '}
                <span>{warningText(w)}</span>
                {w.removed && <span className="muted"> (removed)</span>}
              </a>
              <time className="muted small" dateTime={new Date(w.t).toISOString()} title={formatExactTime(w.t)}>
                {formatAge(w.t, now)} ago
              </time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
