/**
 * Dashboards: one per Docker engine and per Kubernetes context, over the last 5 minutes to
 * 6 hours, from the history the main process records all the time. Every chart leads to the
 * objects behind it: a click on a series (or its link below the chart) opens the filtered list.
 */
import type { DashboardHistory } from '../../../shared/history';
import { formatHash, navigate, setViewParams, useNavigation } from '../../app/navigation';
import { LineChart, type ChartSeries } from '../../components/charts/LineChart';
import { TimeWindowPicker } from '../../components/charts/TimeWindowPicker';
import type { ValueAxis } from '../../components/charts/valueAxis';
import { useAppStore } from '../../store/appStore';
import { kubeViewHref } from '../overview/kubeLinks';
import {
  cpuTitle,
  formatCpu,
  HISTORY_WINDOWS,
  incidentSeries,
  incidentTotals,
  memoryText,
  parseWindow,
  stateLabel,
  stateSeries,
  usageSeries,
} from './historySeries';
import { useHistory } from './useHistory';
import './history.css';

export type DashboardScope = { engine: string } | { context: string };

/** The link to a dashboard (Overview cards, the nav). */
export function dashboardHref(scope: DashboardScope): string {
  return formatHash('dashboards', 'engine' in scope ? { engine: scope.engine } : { ctx: scope.context });
}

/** Where each part of a dashboard leads. */
interface Links {
  consumer: (index: number) => string;
  state: (key: string) => string;
  incidents: string;
}

/** Kubernetes text filters that match each pod state (kubectl's status or the phase). */
const POD_STATE_TEXT: Readonly<Record<string, string>> = {
  running: 'Running',
  pending: 'Pending',
  crashLooping: 'CrashLoopBackOff',
  failed: 'Failed',
  succeeded: 'Succeeded',
  unknown: 'Unknown',
};

function linksFor(scope: DashboardScope, history: DashboardHistory): Links {
  if ('engine' in scope) {
    const engine = scope.engine;
    return {
      consumer: (i) => {
        const c = history.top[i];
        return c
          ? formatHash('containers', { engine, sel: `${engine}/${c.id}`, dtab: 'timeline' })
          : formatHash('containers', { engine, state: 'running', sort: 'cpu:desc' });
      },
      state: (key) => formatHash('containers', { engine, state: key }),
      incidents: formatHash('containers', { tab: 'events' }),
    };
  }
  const context = scope.context;
  return {
    consumer: (i) => {
      const c = history.top[i];
      return c
        ? kubeViewHref({ context, kind: 'pods', select: { namespace: c.namespace, name: c.name }, tab: 'timeline' })
        : kubeViewHref({ context, kind: 'pods' });
    },
    state: (key) => kubeViewHref({ context, kind: 'pods', text: POD_STATE_TEXT[key] ?? key }),
    incidents: kubeViewHref({ context, kind: 'events', text: 'Warning' }),
  };
}

function go(href: string): void {
  location.hash = href;
}

function ChartCard(props: {
  title: string;
  series: ChartSeries[];
  yTitle: string;
  history: DashboardHistory;
  formatValue: (y: number) => string;
  yValues?: ValueAxis;
  stacked?: boolean;
  hrefOf: (seriesIndex: number) => string;
  children?: React.ReactNode;
}) {
  return (
    <section className="dashboard-chart" aria-label={props.title}>
      <h2>{props.title}</h2>
      <LineChart
        label={props.title}
        yTitle={props.yTitle}
        series={props.series}
        xMin={props.history.from}
        xMax={props.history.to}
        formatValue={props.formatValue}
        yValues={props.yValues}
        height={190}
        legend
        {...(props.stacked ? { stacked: true } : {})}
        onSeriesClick={(i) => go(props.hrefOf(i))}
      />
      <ul className="chart-links" aria-label={`${props.title}: open the objects`}>
        {props.series.map((s, i) => (
          <li key={s.label + i}>
            <a className="link" href={props.hrefOf(i)}>
              {s.label}
            </a>
          </li>
        ))}
      </ul>
      {props.children}
    </section>
  );
}

function Dashboard(props: { scope: DashboardScope; title: string; windowMs: number }) {
  const { scope, windowMs } = props;
  const engine = useHistory('history.engine', 'engine' in scope ? { engineId: scope.engine, windowMs } : null);
  const context = useHistory('history.context', 'context' in scope ? { context: scope.context, windowMs } : null);
  const { value: history, error } = 'engine' in scope ? engine : context;
  if (error)
    return (
      <div className="error-banner" role="alert">
        Could not read the history of {props.title}: {error}
      </div>
    );
  if (!history) return <p className="muted">Loading…</p>;
  const links = linksFor(scope, history);
  const states = stateSeries(history);
  const totals = incidentTotals(history);
  const what = 'engine' in scope ? 'containers' : 'pods';
  return (
    <>
      <p className="muted small" role="note">
        {history.sampling} History held: {memoryText(history.bytes)}.
      </p>
      <div className="dashboard-grid">
        <ChartCard
          title="CPU"
          series={usageSeries(history, 'cpu', 'total')}
          yTitle={cpuTitle(history.cpuUnit)}
          history={history}
          formatValue={(y) => formatCpu(y, history.cpuUnit)}
          hrefOf={(i) => links.consumer(i - 1)}
        />
        <ChartCard
          title="Memory"
          series={usageSeries(history, 'memory', 'total')}
          yTitle="Memory"
          history={history}
          formatValue={memoryText}
          yValues="bytes"
          hrefOf={(i) => links.consumer(i - 1)}
        />
        <ChartCard
          title={`${what === 'pods' ? 'Pods' : 'Containers'} by state`}
          series={states}
          yTitle={what}
          history={history}
          formatValue={(y) => String(Math.round(y * 10) / 10)}
          yValues="count"
          stacked
          hrefOf={(i) => links.state(states[i]?.key ?? 'running')}
        >
          {states.length === 0 && <p className="muted small">No {what} counted in this window yet.</p>}
        </ChartCard>
        <ChartCard
          title="Restarts, OOM kills and warnings"
          series={incidentSeries(history)}
          yTitle="per interval"
          history={history}
          formatValue={(y) => String(y)}
          yValues="count"
          hrefOf={() => links.incidents}
        >
          <p className="muted small" role="status">
            In this window: {totals.restarts} restarts, {totals.oomKills} OOM kills, {totals.warnings} warnings.
          </p>
        </ChartCard>
      </div>
      <p className="muted small">
        States: {history.states.keys.map(stateLabel).join(', ')}. Each chart opens the {what} behind it.
      </p>
    </>
  );
}

export function DashboardView() {
  const params = useNavigation((s) => s.params);
  const state = useAppStore((s) => s.state);
  const connections = useAppStore((s) => s.connections.rows);
  if (!state) return <p className="muted">Loading…</p>;
  const engines = state.docker.engines.filter((e) => state.docker.selectedEngineIds.includes(e.id));
  // Contexts Berth is connected to: history is recorded for those.
  const contexts = state.kube.contexts.filter((c) => connections.has(`kube:${c.name}`));
  const windowMs = parseWindow(params.get('window'));
  const engineParam = params.get('engine');
  const contextParam = params.get('ctx');
  const scope: DashboardScope | null = contextParam
    ? { context: contextParam }
    : engineParam
      ? { engine: engineParam }
      : engines[0]
        ? { engine: engines[0].id }
        : state.kube.currentContext
          ? { context: state.kube.currentContext }
          : null;
  const title =
    scope === null
      ? ''
      : 'engine' in scope
        ? `Docker engine ${state.docker.engines.find((e) => e.id === scope.engine)?.name ?? scope.engine}`
        : `Kubernetes context ${scope.context}`;
  const isCurrent = (s: DashboardScope): boolean =>
    scope !== null &&
    (('engine' in s && 'engine' in scope && s.engine === scope.engine) ||
      ('context' in s && 'context' in scope && s.context === scope.context));

  return (
    <section aria-labelledby="dashboards-title">
      <header className="view-header">
        <h1 id="dashboards-title">Dashboards</h1>
        <TimeWindowPicker
          windows={HISTORY_WINDOWS}
          value={windowMs}
          onChange={(ms) => setViewParams({ window: String(ms) })}
        />
      </header>
      <nav className="dashboard-scopes" aria-label="Engines and contexts">
        {[
          ...engines.map((e) => ({ scope: { engine: e.id } as DashboardScope, label: `Docker: ${e.name}` })),
          ...contexts.map((c) => ({ scope: { context: c.name } as DashboardScope, label: `Kubernetes: ${c.name}` })),
        ].map(({ scope: s, label }) => (
          <a
            key={label}
            className="link"
            href={dashboardHref(s)}
            aria-current={isCurrent(s) ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              navigate('dashboards', {
                ...('engine' in s ? { engine: s.engine } : { ctx: s.context }),
                window: String(windowMs),
              });
            }}
          >
            {label}
          </a>
        ))}
      </nav>
      {scope === null ? (
        <p className="muted">No Docker engine or Kubernetes context is connected: nothing is recorded yet.</p>
      ) : (
        <>
          <h2 className="dashboard-title">{title}</h2>
          <Dashboard key={JSON.stringify(scope)} scope={scope} title={title} windowMs={windowMs} />
        </>
      )}
    </section>
  );
}
