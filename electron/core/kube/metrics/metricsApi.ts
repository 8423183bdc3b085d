import type { ListStreamClient } from '../watch/streamList';
import { cpuMillicores, memoryBytes } from './quantity';

/** What the poller needs of a cluster client (ClusterClient satisfies it): lists read as they stream. */
export type MetricsSource = ListStreamClient;

const BASE = '/apis/metrics.k8s.io/v1beta1';
export const NODE_METRICS_PATH = `${BASE}/nodes`;
/** Pod metrics of every namespace, or of one when listing across namespaces is refused. */
export function podMetricsPath(namespace?: string): string {
  return namespace ? `${BASE}/namespaces/${encodeURIComponent(namespace)}/pods` : `${BASE}/pods`;
}

interface Usage {
  cpu?: string;
  memory?: string;
}

interface MetricsItem {
  metadata?: { name?: string; namespace?: string };
  /** RFC 3339: when metrics-server scraped it. */
  timestamp?: string;
}

/** `NodeMetricsList` and `PodMetricsList` of metrics.k8s.io/v1beta1, the fields read. */
export interface NodeMetricsList {
  items?: Array<MetricsItem & { usage?: Usage }>;
}
export interface PodMetricsList {
  items?: Array<MetricsItem & { containers?: Array<{ name?: string; usage?: Usage }> }>;
}

/** One measurement: CPU in millicores, memory in bytes, `t` epoch ms of the scrape. */
export interface UsageSample {
  /** `name` for nodes, `namespace/name` for pods. */
  id: string;
  t: number;
  cpu: number;
  memory: number;
}

/**
 * Where a list's samples go as they are read (a UsageAnswer). An item with a field missing or
 * not a quantity is left out: one bad item loses nothing else.
 */
export interface SampleSink {
  add(sample: Readonly<UsageSample>): void;
}

function usageOf(usage: Usage | undefined): { cpu: number; memory: number } | undefined {
  if (usage?.cpu === undefined || usage.memory === undefined) return undefined;
  const cpu = cpuMillicores(usage.cpu);
  const memory = memoryBytes(usage.memory);
  return cpu >= 0 && memory >= 0 ? { cpu, memory } : undefined;
}

/**
 * The scrape time of each item: metrics-server stamps every pod of a node's scrape with the
 * same time, so one answer of 10,000 pods carries a few dozen distinct strings; each is
 * parsed once.
 */
function scrapeTimes(fallback: number): (item: MetricsItem) => number {
  let text: string | undefined;
  let value = fallback;
  return (item) => {
    if (item.timestamp !== text) {
      text = item.timestamp;
      const t = text ? Date.parse(text) : Number.NaN;
      value = Number.isFinite(t) ? t : fallback;
    }
    return value;
  };
}

function collect<I extends MetricsItem>(
  items: I[] | undefined,
  now: number,
  into: SampleSink,
  read: (item: I, t: number) => UsageSample | undefined,
): void {
  const timeOf = scrapeTimes(now);
  for (const item of items ?? []) {
    let sample: UsageSample | undefined;
    try {
      sample = read(item, timeOf(item));
    } catch {
      sample = undefined;
    }
    if (sample) into.add(sample);
  }
}

export function parseNodeMetrics(list: NodeMetricsList, now: number, into: SampleSink): void {
  collect(list.items, now, into, (item, t) => {
    const name = item.metadata?.name;
    const usage = usageOf(item.usage);
    return name && usage ? { id: name, t, cpu: usage.cpu, memory: usage.memory } : undefined;
  });
}

/** A pod's usage is the sum over its containers (as `kubectl top pod`). */
export function parsePodMetrics(list: PodMetricsList, now: number, into: SampleSink): void {
  collect(list.items, now, into, (item, t) => {
    const { name, namespace } = item.metadata ?? {};
    if (!name || !namespace) return undefined;
    let cpu = 0;
    let memory = 0;
    for (const container of item.containers ?? []) {
      const usage = usageOf(container.usage);
      if (!usage) return undefined;
      cpu += usage.cpu;
      memory += usage.memory;
    }
    return { id: `${namespace}/${name}`, t, cpu, memory };
  });
}
