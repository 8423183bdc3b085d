import { defineKind } from '../kind';
import type { KubeObject } from '../object';
import { conditionOf, describeCondition, type Condition } from './conditions';
import { named, ownerRefs, uniqueRefs } from './refs';

interface MetricTarget {
  type?: string;
  averageUtilization?: number;
  averageValue?: string;
  value?: string;
}

interface MetricValue {
  averageUtilization?: number;
  averageValue?: string;
  value?: string;
}

/** One metric of autoscaling/v2: its source (`resource`, `pods`…) holds a name and a target or current value. */
interface MetricSource {
  type?: string;
  resource?: { name?: string; target?: MetricTarget; current?: MetricValue };
  containerResource?: { name?: string; target?: MetricTarget; current?: MetricValue };
  pods?: { metric?: { name?: string }; target?: MetricTarget; current?: MetricValue };
  object?: { metric?: { name?: string }; target?: MetricTarget; current?: MetricValue };
  external?: { metric?: { name?: string }; target?: MetricTarget; current?: MetricValue };
}

interface HorizontalPodAutoscaler extends KubeObject {
  spec?: {
    scaleTargetRef?: { kind?: string; name?: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: MetricSource[];
  };
  status?: {
    currentReplicas?: number;
    desiredReplicas?: number;
    currentMetrics?: MetricSource[];
    conditions?: Condition[];
  };
}

function sourceOf(m: MetricSource | undefined) {
  return m?.resource ?? m?.containerResource ?? m?.pods ?? m?.object ?? m?.external;
}

function valueText(v: MetricValue | undefined, utilization: boolean): string {
  if (utilization) return v?.averageUtilization !== undefined ? `${v.averageUtilization}%` : '<unknown>';
  return v?.averageValue ?? v?.value ?? '<unknown>';
}

/** kubectl's TARGETS: `cpu: 35%/70%`, one per metric, current value first. */
function targets(hpa: HorizontalPodAutoscaler): string | null {
  const specs = hpa.spec?.metrics ?? [];
  const current = hpa.status?.currentMetrics ?? [];
  const parts = specs.map((m, i) => {
    const source = sourceOf(m);
    const target = source?.target;
    const utilization = target?.averageUtilization !== undefined;
    const now = current[i]?.type === m.type ? sourceOf(current[i])?.current : undefined;
    const pair = `${valueText(now, utilization)}/${valueText(target, utilization)}`;
    const name = m.resource?.name ?? m.containerResource?.name;
    return name ? `${name}: ${pair}` : pair;
  });
  return parts.length ? parts.join(', ') : null;
}

export const horizontalPodAutoscalers = defineKind<HorizontalPodAutoscaler>({
  kind: 'HorizontalPodAutoscaler',
  group: 'autoscaling',
  version: 'v2',
  plural: 'horizontalpodautoscalers',
  namespaced: true,
  category: 'Config',
  help: 'Adds or removes pods of a workload to keep a metric (usually CPU use) near a target.',
  columns: [
    { id: 'reference', label: 'Reference', help: 'The workload it scales' },
    { id: 'targets', label: 'Targets', mono: true, help: 'Current value / target, per metric' },
    { id: 'minPods', label: 'Min pods', align: 'end', format: 'number' },
    { id: 'maxPods', label: 'Max pods', align: 'end', format: 'number' },
    { id: 'replicas', label: 'Replicas', align: 'end', format: 'number' },
  ],
  cells: (hpa) => {
    const ref = hpa.spec?.scaleTargetRef;
    return {
      reference: ref?.name ? `${ref.kind ?? ''}/${ref.name}` : null,
      targets: targets(hpa),
      minPods: hpa.spec?.minReplicas ?? 1,
      maxPods: hpa.spec?.maxReplicas ?? null,
      replicas: hpa.status?.currentReplicas ?? 0,
    };
  },
  health: (hpa) => {
    const conditions = hpa.status?.conditions;
    if (!conditions?.length) return { level: 'unknown', reason: 'Not evaluated yet' };
    for (const type of ['AbleToScale', 'ScalingActive']) {
      const c = conditionOf(conditions, type);
      if (c?.status === 'False') return { level: 'warning', reason: describeCondition(c, `Not ${type}`) };
    }
    const limited = conditionOf(conditions, 'ScalingLimited');
    if (limited?.status === 'True' && limited.reason === 'TooManyReplicas') {
      return { level: 'warning', reason: `At its maximum of ${hpa.spec?.maxReplicas ?? '?'} replicas` };
    }
    return { level: 'ok', reason: `${hpa.status?.currentReplicas ?? 0} replicas` };
  },
  refs: (hpa) => {
    const ref = hpa.spec?.scaleTargetRef;
    return uniqueRefs([
      ...ownerRefs(hpa),
      ref?.kind ? named('targets', ref.kind, ref.name, hpa.metadata.namespace) : null,
    ]);
  },
});
