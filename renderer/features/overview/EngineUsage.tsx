import type { EngineUsagePoint } from '../../../shared/docker';
import { useSeries } from '../../api/useSeries';
import { formatHash } from '../../app/navigation';
import { formatBytes, formatPercent } from '../../format/units';
import { UsageSparklines, type UsageMetric } from './UsageSparklines';

function metrics(engineId: string): Array<UsageMetric<EngineUsagePoint>> {
  const href = (sort: string): string => formatHash('containers', { engine: engineId, state: 'running', sort });
  return [
    {
      id: 'cpu',
      label: 'CPU',
      value: (p) => p.cpuPercent,
      format: (v) => formatPercent(v),
      color: '--chart-1',
      // At least one core.
      max: (peak) => Math.max(100, peak) * 1.15,
      href: href('cpu:desc'),
      action: 'Show its running containers by cpu.',
    },
    {
      id: 'memory',
      label: 'Memory',
      value: (p) => p.memUsage,
      format: (v) => formatBytes(v),
      color: '--chart-3',
      max: (peak) => Math.max(1, peak) * 1.15,
      href: href('memory:desc'),
      action: 'Show its running containers by memory.',
    },
  ];
}

/**
 * The engine's CPU and memory (the sum over its running containers) as sparklines with
 * the current values; each is a link to the engine's running containers sorted by it.
 * The engine streams stats only while this is on screen.
 */
export function EngineUsage(props: { engineId: string; engineName: string }) {
  const { points, error } = useSeries('docker.engine.usage', { engineId: props.engineId });
  if (error) return null; // the card already shows the connection problem
  return (
    <UsageSparklines
      points={points}
      metrics={metrics(props.engineId)}
      subject={props.engineName}
      // The backend keeps 15 minutes at 1 s; the card shows the last 5.
      windowMs={5 * 60_000}
      windowLabel="the last 5 minutes"
      maxStepMs={3_000}
      staleMs={5_000}
      describe={(last, current) =>
        `${current}, summed over ${last.containers} running container${last.containers === 1 ? '' : 's'}`
      }
      testIdPrefix="engine"
    />
  );
}
