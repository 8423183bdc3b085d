import type { CollectionEvent } from '../../../../shared/collection';
import type { DashboardHistory, TimelineEvent, TimelineHistory, UsagePoint } from '../../../../shared/history';
import type { KubeEventRow, KubeRow, KubeUsagePoint } from '../../../../shared/kube/types';
import type { Pod } from '../../../../shared/kube/kinds/podStatus';
import { IncidentLog, rollup, tieredHistory, windowOf } from '../../metrics/historyTiers';
import type { PackedPoint } from '../../metrics/packedSeries';
import { untilListed, type KindStatusSource } from '../watch/untilListed';
import { classifyPod } from '../summary/contextSummary';
import { eventRowOf } from '../summary/eventRows';

export const POD_STATE_KEYS = ['running', 'pending', 'crashLooping', 'failed', 'succeeded', 'unknown'] as const;
type PodStateKey = (typeof POD_STATE_KEYS)[number];
const COUNT_EVERY_MS = 1000;
const TOP_CONSUMERS = 5;
/**
 * Pods of a workload whose restarts its timeline reads from the pod objects (one GET each per
 * refresh of an open timeline): the ones that restarted most.
 */
const WORKLOAD_RESTARTED_PODS = 10;

/** What the history needs of a context's runtime (a ClusterRuntime). */
export interface HistoryRuntime {
  readonly name: string;
  acquire(kindKey: string): Promise<{
    cache: {
      rows: { subscribe(emit: (event: CollectionEvent<KubeRow>) => void): () => void; values(): KubeRow[] };
      status: KindStatusSource;
    };
    release: () => void;
  }>;
  readonly metrics: {
    series(target: { target: 'cluster' | 'pod'; namespace?: string; name?: string }): KubeUsagePoint[];
    latest(target: 'pods'): Array<{ id: string; cpu: number }>;
    readonly intervalMs: number;
  };
  readonly events: { forUid(uid: string): KubeEventRow[] };
  getObject(kind: string, namespace: string | undefined, name: string, reveal: boolean): Promise<{ object: unknown }>;
}

interface PodSeen {
  state: PodStateKey;
  restarts: number;
}

export function podStateOf(row: KubeRow): PodStateKey {
  const { phase, crashLooping } = classifyPod(row);
  return crashLooping ? 'crashLooping' : (phase ?? 'unknown');
}

function isOomKilled(row: KubeRow): boolean {
  const last = row.cells.lastTermination;
  return typeof last === 'string' && last.startsWith('OOMKilled');
}

/** A Kubernetes event as a timeline entry: probes, back-offs, kills, scaling… in the cluster's words. */
export function timelineEventOfKube(row: KubeEventRow): TimelineEvent {
  const base = { id: row.id, t: row.lastSeen, detail: row.message, ...(row.object ? { event: row.object } : {}) };
  const times = row.count > 1 ? ` ×${row.count}` : '';
  switch (row.reason) {
    case 'Unhealthy':
      return { ...base, kind: 'unhealthy', title: `probe failing${times}` };
    case 'ScalingReplicaSet':
      return { ...base, kind: 'scale', title: 'scaled' };
    case 'OOMKilling':
      return { ...base, kind: 'oom', title: 'out of memory (OOM kill)' };
    case 'BackOff':
      return { ...base, kind: 'warning', title: `back-off restarting${times}` };
    case 'SuccessfulCreate':
    case 'SuccessfulDelete':
      return { ...base, kind: 'scale', title: row.reason === 'SuccessfulCreate' ? 'pod created' : 'pod deleted' };
    default:
      return { ...base, kind: row.type === 'Warning' ? 'warning' : 'event', title: `${row.reason}${times}` };
  }
}

/**
 * Restarts and exits a pod object tells of: each container's last termination, and its current
 * start. Each names the run that ended (`previous`), whose logs `--previous` shows. `prefix`
 * names the pod in the titles of a workload's timeline.
 */
export function podTimeline(pod: Pod, prefix = ''): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  const uid = pod.metadata.uid ?? pod.metadata.name;
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const c of statuses) {
    const last = c.lastState?.terminated;
    const finished = last?.finishedAt ? Date.parse(last.finishedAt) : NaN;
    const previous = {
      container: c.name,
      pod: pod.metadata.name,
      ...(last?.exitCode !== undefined ? { exitCode: last.exitCode } : {}),
      ...(last?.reason ? { reason: last.reason } : {}),
    };
    if (last && Number.isFinite(finished)) {
      const exitCode = last.exitCode ?? 0;
      out.push({
        id: `${uid}/${c.name}/exit/${finished}`,
        t: finished,
        kind: 'exit',
        title: `${prefix}${c.name} exited (code ${exitCode})`,
        detail: `${last.reason ?? 'Terminated'}${last.message ? `: ${last.message}` : ''}`,
        exitCode,
        previous,
      });
      if (last.reason === 'OOMKilled') {
        out.push({
          id: `${uid}/${c.name}/oom/${finished}`,
          t: finished,
          kind: 'oom',
          title: `${prefix}${c.name} OOM killed`,
          previous,
        });
      }
    }
    if ((c.restartCount ?? 0) === 0) continue;
    // Restarted: when it runs again, at its start; while it waits (a crash loop's back-off), at the exit.
    const started = c.state?.running?.startedAt ? Date.parse(c.state.running.startedAt) : NaN;
    const t = Number.isFinite(started) ? started : finished;
    if (!Number.isFinite(t)) continue;
    const waiting = c.state?.waiting?.reason;
    out.push({
      id: `${uid}/${c.name}/restart/${t}`,
      t,
      kind: 'restart',
      title: `${prefix}${c.name} restarted (${c.restartCount} restarts in all)`,
      ...(waiting ? { detail: `now ${waiting}` } : {}),
      previous,
    });
  }
  return out;
}

/** The container of a pod that restarted most, whose previous run is the latest to have ended. */
export function restartedContainer(pod: Pod): string | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return statuses
    .filter((c) => c.lastState?.terminated)
    .sort((a, b) => (b.restartCount ?? 0) - (a.restartCount ?? 0))[0]?.name;
}

/** Sums pod series point by point: metrics-server polls every pod at once, so their times line up. */
export function sumSeries(series: ReadonlyArray<readonly KubeUsagePoint[]>): KubeUsagePoint[] {
  const byT = new Map<number, KubeUsagePoint>();
  for (const points of series)
    for (const p of points) {
      const sum = byT.get(p.t);
      if (sum) {
        sum.cpu += p.cpu;
        sum.memory += p.memory;
      } else byT.set(p.t, { ...p });
    }
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

function usageOf(points: readonly KubeUsagePoint[], from: number, to: number, bucketMs: number): UsagePoint[] {
  const packed = points.map((p) => ({ t: p.t, cpu: p.cpu, memory: p.memory }) as PackedPoint<'cpu' | 'memory'>);
  // Metrics come every 15 s: a bucket narrower than that would only leave gaps.
  return rollup(packed, from, to, Math.max(bucketMs, 15_000)).map((p) => ({
    t: p.t,
    cpu: Math.round(p.cpu * 10) / 10,
    memory: Math.round(p.memory),
  }));
}

/**
 * The history of one context, recorded while its runtime lives (the current context, pinned
 * ones, and any a view uses): pods by state every second (counts kept from the pod watch's
 * deltas, so 10,000 pods cost nothing per tick), restarts and OOM kills as the pods' restart
 * counts go up, and warnings as events arrive or repeat. CPU and memory come from the
 * context's metrics history (metrics.k8s.io, every 15 s), which is not kept twice.
 */
export class ContextHistory {
  private readonly states = tieredHistory(POD_STATE_KEYS);
  private readonly incidents = new IncidentLog();
  private readonly pods = new Map<string, PodSeen>();
  private readonly counts: Record<PodStateKey, number> = {
    running: 0,
    pending: 0,
    crashLooping: 0,
    failed: 0,
    succeeded: 0,
    unknown: 0,
  };
  /** Event uid → its count when last seen: a repeat adds only what is new. */
  private readonly eventCounts = new Map<string, number>();
  private readonly stops: Array<() => void> = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private disposed = false;
  private podsListed = false;

  constructor(
    private readonly runtime: HistoryRuntime,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Holds the pods and events watches for as long as the history lives. The events are listed
   * once the pods are: on a big cluster their list is as long as the pods' (10,000 events beside
   * 10,000 pods), and both at once share the API server and the backend's one thread with the
   * pods table a user has just opened. A list holds every event still kept, so none is missed.
   */
  async start(): Promise<void> {
    this.timer = setInterval(() => this.count(), COUNT_EVERY_MS);
    this.timer.unref?.();
    const pods = await this.hold('pods', (e) => this.applyPods(e));
    if (pods) {
      const listed = untilListed(pods.status);
      this.stops.push(listed.cancel);
      await listed.done;
    }
    await this.hold('events', (e) => this.applyEvents(e));
  }

  /** Subscribes to a kind's rows until disposed; its cache, or undefined when it cannot be watched. */
  private async hold(
    kind: 'pods' | 'events',
    apply: (event: CollectionEvent<KubeRow>) => void,
  ): Promise<Awaited<ReturnType<HistoryRuntime['acquire']>>['cache'] | undefined> {
    if (this.disposed) return undefined;
    try {
      const { cache, release } = await this.runtime.acquire(kind);
      if (this.disposed) {
        release();
        return undefined;
      }
      this.stops.push(cache.rows.subscribe(apply), release);
      return cache;
    } catch {
      // Not allowed to watch it (or no such context): that part of the history stays empty.
      return undefined;
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    for (const stop of this.stops.splice(0)) stop();
  }

  /** Bytes held now: the state series, the incidents, and what is remembered per pod and event. */
  get bytes(): number {
    return this.states.bytes + this.incidents.size * 64 + this.pods.size * 48 + this.eventCounts.size * 40;
  }

  /** For a benchmark: feeds pod rows as the watch would. */
  applyPods(event: CollectionEvent<KubeRow>): void {
    const t = this.now();
    if (event.type === 'snapshot') {
      const next = new Map<string, PodSeen>();
      for (const key of POD_STATE_KEYS) this.counts[key] = 0;
      for (const row of event.rows) {
        const seen = this.seen(row, this.pods.get(row.id), t);
        next.set(row.id, seen);
        this.counts[seen.state] += 1;
      }
      this.pods.clear();
      for (const [id, seen] of next) this.pods.set(id, seen);
      this.podsListed = true;
      return;
    }
    for (const row of event.upserts) {
      const before = this.pods.get(row.id);
      const seen = this.seen(row, before, t);
      if (before) this.counts[before.state] -= 1;
      this.counts[seen.state] += 1;
      this.pods.set(row.id, seen);
    }
    for (const id of event.deletes) {
      const before = this.pods.get(id);
      if (!before) continue;
      this.counts[before.state] -= 1;
      this.pods.delete(id);
    }
  }

  private seen(row: KubeRow, before: PodSeen | undefined, t: number): PodSeen {
    const restarts = typeof row.cells.restarts === 'number' ? row.cells.restarts : 0;
    if (before && restarts > before.restarts) {
      this.incidents.add(t, 'restarts', row.id, restarts - before.restarts);
      if (isOomKilled(row)) this.incidents.add(t, 'oomKills', row.id);
    }
    return { state: podStateOf(row), restarts };
  }

  private applyEvents(event: CollectionEvent<KubeRow>): void {
    const rows = event.type === 'snapshot' ? event.rows : event.upserts;
    for (const raw of rows) {
      const row = eventRowOf(raw);
      const before = this.eventCounts.get(row.id) ?? 0;
      this.eventCounts.set(row.id, row.count);
      if (row.type !== 'Warning' || row.count <= before) continue;
      // A new warning counts all its occurrences at its last time (the past hour, on the first list).
      const subject = row.involved.uid ?? `${row.involved.namespace ?? ''}/${row.involved.name}`;
      this.incidents.add(row.lastSeen, 'warnings', subject, row.count - before);
      if (row.reason === 'OOMKilling') this.incidents.add(row.lastSeen, 'oomKills', subject);
    }
    if (event.type === 'delta') for (const id of event.deletes) this.eventCounts.delete(id);
  }

  private count(): void {
    if (!this.podsListed) return;
    this.states.push({ t: Math.floor(this.now() / 1000) * 1000, ...this.counts });
  }

  dashboard(windowMs: number): DashboardHistory {
    const { from, to, bucketMs } = windowOf(windowMs, this.now());
    const metrics = this.runtime.metrics;
    const top = metrics
      .latest('pods')
      .sort((a, b) => b.cpu - a.cpu)
      .slice(0, TOP_CONSUMERS)
      .map((row) => {
        const [namespace = '', name = ''] = row.id.split('/');
        return {
          id: row.id,
          name,
          namespace,
          points: usageOf(metrics.series({ target: 'pod', namespace, name }), from, to, bucketMs),
        };
      });
    const states = rollup(this.states.points(), from, to, bucketMs);
    return {
      from,
      to,
      bucketMs,
      cpuUnit: 'millicores',
      usage: usageOf(metrics.series({ target: 'cluster' }), from, to, bucketMs),
      top,
      states: {
        keys: [...POD_STATE_KEYS],
        points: states.map((p) => ({ t: p.t, values: POD_STATE_KEYS.map((k) => Math.round(p[k] * 10) / 10) })),
      },
      incidents: this.incidents.counts(from, to, bucketMs),
      sampling: `CPU and memory: metrics.k8s.io every ${metrics.intervalMs / 1000} s; pods by state every second.`,
      bytes: this.bytes,
    };
  }

  /** The timeline of a pod, or of a workload through the pods it owns (directly or through ReplicaSets). */
  async timeline(kind: string, namespace: string, name: string, windowMs: number): Promise<TimelineHistory> {
    const { from, to, bucketMs } = windowOf(windowMs, this.now());
    const details = await this.runtime.getObject(kind, namespace, name, false);
    const object = details.object as Pod;
    const uid = object.metadata.uid ?? '';
    const events: TimelineEvent[] = this.runtime.events.forUid(uid).map(timelineEventOfKube);
    let pods: Pod[] = [];
    if (kind === 'pods') {
      pods = [object];
      events.push(...podTimeline(object));
    } else {
      const { owned, rollouts } = await this.owned(uid, namespace);
      events.push(...rollouts.filter((e) => e.t >= from));
      for (const row of owned) {
        events.push(
          ...this.runtime.events
            .forUid(row.id)
            .map((e) => ({ ...timelineEventOfKube(e), title: `${row.name}: ${timelineEventOfKube(e).title}` })),
        );
      }
      const restarted = await this.restartedPods(owned, namespace);
      for (const row of owned) {
        const pod = restarted.get(row.id);
        if (pod) events.push(...podTimeline(pod, `${row.name}: `));
        pods.push(pod ?? ({ metadata: { name: row.name, namespace, uid: row.id } } as Pod));
      }
    }
    const podUids = new Set(pods.map((p) => p.metadata.uid ?? ''));
    // Each increase of a restart count Berth saw, at the time it saw it.
    for (const incident of this.incidents.list(from, to)) {
      if (incident.kind !== 'restarts' || !podUids.has(incident.subject)) continue;
      const pod = pods.find((p) => p.metadata.uid === incident.subject);
      const container = pod && restartedContainer(pod);
      events.push({
        id: `seen/${incident.subject}/${incident.t}`,
        t: incident.t,
        kind: 'restart',
        title: `${pod?.metadata.name ?? 'pod'} restarted${incident.n > 1 ? ` ×${incident.n}` : ''}`,
        ...(container ? { previous: { container, pod: pod.metadata.name } } : {}),
      });
    }
    const usage = sumSeries(
      pods.map((p) => this.runtime.metrics.series({ target: 'pod', namespace, name: p.metadata.name })),
    );
    return {
      from,
      to,
      cpuUnit: 'millicores',
      usage: usageOf(usage, from, to, bucketMs),
      events: events.filter((e) => e.t >= from && e.t <= to).sort((a, b) => a.t - b.t),
    };
  }

  /** The objects of the owned pods that restarted most (their rows do not say which container, or when). */
  private async restartedPods(owned: readonly KubeRow[], namespace: string): Promise<Map<string, Pod>> {
    const restarts = (row: KubeRow): number => (typeof row.cells.restarts === 'number' ? row.cells.restarts : 0);
    const most = owned
      .filter((row) => restarts(row) > 0)
      .sort((a, b) => restarts(b) - restarts(a))
      .slice(0, WORKLOAD_RESTARTED_PODS);
    const objects = await Promise.all(
      most.map((row) =>
        this.runtime
          .getObject('pods', namespace, row.name, false)
          .then((details) => details.object as Pod)
          // Deleted meanwhile, or not readable: its restarts still show as seen, without logs.
          .catch(() => undefined),
      ),
    );
    const out = new Map<string, Pod>();
    for (const pod of objects) if (pod?.metadata.uid) out.set(pod.metadata.uid, pod);
    return out;
  }

  /** Pods a workload owns (through its ReplicaSets for a Deployment), and its rollouts (new ReplicaSets). */
  private async owned(uid: string, namespace: string): Promise<{ owned: KubeRow[]; rollouts: TimelineEvent[] }> {
    const owners = new Set([uid]);
    const rollouts: TimelineEvent[] = [];
    const rs = await this.runtime.acquire('replicasets.apps').catch(() => undefined);
    try {
      for (const row of rs?.cache.rows.values() ?? []) {
        if (row.namespace !== namespace || !row.refs?.some((r) => r.relation === 'owner' && r.uid === uid)) continue;
        owners.add(row.id);
        rollouts.push({ id: `rollout/${row.id}`, t: row.createdAt, kind: 'rollout', title: `rollout: ${row.name}` });
      }
    } finally {
      rs?.release();
    }
    const podsLease = await this.runtime.acquire('pods');
    try {
      const owned = podsLease.cache.rows
        .values()
        .filter(
          (row) =>
            row.namespace === namespace && row.refs?.some((r) => r.relation === 'owner' && r.uid && owners.has(r.uid)),
        );
      return { owned, rollouts };
    } finally {
      podsLease.release();
    }
  }
}
