import type { KubeContextSummary, MetricsAvailability } from '../../../shared/kube/summary';
import type { KindStatus, KubeUsagePoint } from '../../../shared/kube/types';
import { useTopic } from '../../api/useTopic';
import { useSeries } from '../../api/useSeries';
import { NameText } from '../../components/NameText';
import { StateBadge, type Tone } from '../../components/StateBadge';
import { useNow } from '../../components/useNow';
import { formatAge, formatExactTime } from '../../format/age';
import { formatBytes } from '../../format/units';
import { formatCpu } from '../kubernetes/kubeUsage';
import { kubeViewHref, warningHref } from './kubeLinks';
import { UsageSparklines, type UsageMetric } from './UsageSparklines';

/** How many warnings the card shows (the summary carries up to five). */
const SHOWN_WARNINGS = 3;
/** metrics-server's resolution: a point every 15 s; three missed in a row is a gap. */
const METRICS_STEP_MS = 15_000;

/** Why a kind's count is not the whole story: not allowed, or one namespace only. */
function kindNote(status: KindStatus | null): string | null {
  if (!status) return null;
  if (status.state === 'forbidden' || status.state === 'error' || status.state === 'unsupported') {
    return status.message ?? `Cannot list ${status.kind}.`;
  }
  if (status.fallbackNamespace) return `${status.kind}s of namespace ${status.fallbackNamespace} only`;
  return null;
}

function countBadge(tone: Tone, count: number): Tone {
  return count > 0 ? tone : 'idle';
}

/** Nodes ready of total and pods by phase, each a link to the list behind it. */
function KubeCounts(props: { summary: KubeContextSummary }) {
  const { context, nodes, pods } = props.summary;
  const nodesStatus = useTopic('kube.kind.status', { context, kind: 'nodes' }).value;
  const podsStatus = useTopic('kube.kind.status', { context, kind: 'pods' }).value;
  const nodesNote = kindNote(nodesStatus);
  const nodesTone: Tone = nodes.total === 0 ? 'idle' : nodes.ready === nodes.total ? 'ok' : 'warn';
  const podCounts: Array<{ label: string; count: number; tone: Tone; text: string }> = [
    { label: 'running', count: pods.running, tone: 'ok', text: 'Running' },
    { label: 'pending', count: pods.pending, tone: 'warn', text: 'Pending' },
    { label: 'failed', count: pods.failed, tone: 'bad', text: 'Failed' },
    { label: 'crash-looping', count: pods.crashLooping, tone: 'bad', text: 'CrashLoopBackOff' },
  ];
  const notes = [nodesNote, kindNote(podsStatus)].filter((n): n is string => n !== null);
  // Until a kind's first list completes its count is not a count: no zeros that look like an empty cluster.
  const counting = (status: KindStatus | null): boolean => status === null || status.state === 'listing';
  return (
    <>
      <ul className="state-counts" aria-label={`Nodes and pods of ${context}`}>
        <li>
          <a
            className="link"
            href={kubeViewHref({ context, kind: 'nodes' })}
            aria-label={
              counting(nodesStatus)
                ? `Counting the nodes of ${context}`
                : nodesNote && nodes.total === 0
                  ? `Nodes of ${context}: ${nodesNote}`
                  : `${nodes.ready} of ${nodes.total} nodes ready in ${context}`
            }
          >
            {counting(nodesStatus) ? (
              <StateBadge tone="idle" label="counting nodes…" />
            ) : nodesNote && nodes.total === 0 ? (
              <StateBadge tone="idle" label="nodes: not shown" title={nodesNote} />
            ) : (
              <StateBadge tone={nodesTone} label={`${nodes.ready}/${nodes.total} nodes ready`} />
            )}
          </a>
        </li>
        {counting(podsStatus) ? (
          <li>
            <StateBadge tone="idle" label="counting pods…" />
          </li>
        ) : (
          podCounts.map(({ label, count, tone, text }) => (
            <li key={label}>
              <a
                className="link"
                href={kubeViewHref({ context, kind: 'pods', text })}
                aria-label={`${count} pods ${label} in ${context}`}
              >
                <StateBadge tone={countBadge(tone, count)} label={`${count} ${label}`} />
              </a>
            </li>
          ))
        )}
      </ul>
      {notes.map((note) => (
        <p key={note} className="muted small" role="note">
          {note}
        </p>
      ))}
    </>
  );
}

function usageMetrics(context: string): Array<UsageMetric<KubeUsagePoint>> {
  const nodes = kubeViewHref({ context, kind: 'nodes' });
  return [
    {
      id: 'cpu',
      label: 'CPU',
      value: (p) => p.cpu,
      format: formatCpu,
      color: '--chart-1',
      max: (peak) => Math.max(1, peak) * 1.15,
      href: nodes,
      action: 'Show its nodes.',
    },
    {
      id: 'memory',
      label: 'Memory',
      value: (p) => p.memory,
      format: (v) => formatBytes(v),
      color: '--chart-3',
      max: (peak) => Math.max(1, peak) * 1.15,
      href: nodes,
      action: 'Show its nodes.',
    },
  ];
}

/** The cluster's CPU and memory (the sum over its nodes, from metrics.k8s.io), or why there are none. */
function KubeUsage(props: { context: string; availability: MetricsAvailability }) {
  const { context, availability } = props;
  const usable = availability.state === 'ok' || availability.state === 'waiting';
  const { points } = useSeries('kube.metrics.series', { context, target: 'cluster' });
  if (!usable && points.length === 0) {
    return (
      <p className="muted small" role="note" aria-label={`Usage of ${context}`}>
        {availability.message ?? 'CPU and memory are not available.'}
      </p>
    );
  }
  return (
    <UsageSparklines
      points={points}
      metrics={usageMetrics(context)}
      subject={context}
      // The backend keeps an hour at 15 s (and a day before it); the card shows 15 minutes.
      windowMs={15 * 60_000}
      windowLabel="the last 15 minutes"
      maxStepMs={3 * METRICS_STEP_MS}
      staleMs={4 * METRICS_STEP_MS}
      describe={(_last, current) => `${current}, summed over its nodes`}
      testIdPrefix="kube"
    />
  );
}

/** The newest warning events, each a link to its object's events. Everything from the cluster is text. */
function KubeWarnings(props: { summary: KubeContextSummary }) {
  const { context, warnings } = props.summary;
  const now = useNow(5_000);
  const shown = warnings.slice(0, SHOWN_WARNINGS);
  return (
    <section className="engine-warnings" aria-label={`Latest warnings in ${context}`}>
      <h4>Latest warnings</h4>
      {shown.length === 0 ? (
        <p className="muted small">No warning events.</p>
      ) : (
        <ul>
          {shown.map((w) => (
            <li key={w.id}>
              <a href={warningHref(context, w)} className="warning-link" title={w.message}>
                <span className="tone-warn" aria-hidden="true">
                  ▲
                </span>{' '}
                <span className="warning-name">
                  <NameText text={`${w.involved.kind.toLowerCase()}/${w.involved.name}`} />
                </span>{' '}
                <span>{w.reason}</span>
                {w.count > 1 && <span className="muted"> ×{w.count}</span>}
              </a>
              <time
                className="muted small"
                dateTime={new Date(w.lastSeen).toISOString()}
                title={formatExactTime(w.lastSeen)}
              >
                {formatAge(w.lastSeen, now)} ago
              </time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The body of a connected context's card: counts, cluster usage and the latest warnings.
 * While the context is not reachable and nothing was ever counted, the card's own problem
 * line says it all: no zeros that look like an empty cluster.
 */
export function KubeContextOverview(props: { context: string; reachable: boolean }) {
  const { value: summary, error } = useTopic('kube.context.summary', { context: props.context });
  if (error) return <p className="muted small">{error.message}</p>;
  if (!summary) return <p className="muted small">Counting nodes and pods…</p>;
  const counted = summary.nodes.total > 0 || summary.pods.total > 0 || summary.warnings.length > 0;
  if (!props.reachable && !counted) return null;
  return (
    <>
      <KubeCounts summary={summary} />
      {(props.reachable || summary.metrics.state !== 'error') && (
        <KubeUsage context={props.context} availability={summary.metrics} />
      )}
      <KubeWarnings summary={summary} />
    </>
  );
}
