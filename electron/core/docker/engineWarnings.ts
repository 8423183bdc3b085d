import type { CollectionEvent } from '../../../shared/collection';
import type { EngineEventRow, EngineWarningKind, EngineWarningRow } from '../../../shared/docker';
import { LiveCollection } from '../streams/liveCollection';
import type { EngineEventLog } from './engineEvents';

/** Warnings kept per engine (the Overview shows the newest few). */
export const MAX_WARNINGS = 20;
/** A death this soon after a kill or an OOM is the same incident. */
const INCIDENT_MS = 30_000;
/** `docker rm -f` kills, the container dies and is destroyed within moments. */
const FORCED_REMOVE_MS = 5_000;
/** Containers whose recent kill/OOM/death is remembered (removed containers are forgotten at once). */
const MAX_CONTEXTS = 1000;

interface Death {
  t: number;
  warningId: string;
  /** The row as it was before this death updated it (a repeat), to put back on retraction. */
  previous: EngineWarningRow | undefined;
  byKill: boolean;
}

interface ContainerContext {
  kill?: { t: number; signal?: string };
  oom?: { t: number; warningId: string };
  death?: Death;
}

export interface WarningChanges {
  upserts: EngineWarningRow[];
  deletes: string[];
}

export function exitCodeOf(event: EngineEventRow): number | undefined {
  const raw = event.attributes?.exitCode;
  if (raw === undefined || !/^-?\d+$/.test(raw)) return undefined;
  return Number(raw);
}

export function turnedUnhealthy(event: EngineEventRow): boolean {
  // "health_status: unhealthy" (every engine so far); a bare action with the status as attribute, just in case.
  if (event.action === 'health_status: unhealthy') return true;
  return event.action === 'health_status' && event.attributes?.health_status === 'unhealthy';
}

/**
 * Decides which engine events are warnings (pure: events in, row changes out).
 *
 * - `die` with a non-zero exit code: "exited with code N", or "killed" when a `kill`
 *   came just before (the signal is kept).
 * - `oom`: the container ran out of memory; the `die` that usually follows adds its
 *   exit code to the same warning rather than raising a second one.
 * - `health_status: unhealthy`.
 *
 * What the user asked for is not a warning: a death followed by `stop` (docker stop,
 * restart, compose down: SIGTERM, maybe SIGKILL, exit 137/143) and a kill followed by
 * `destroy` at once (docker rm -f) take their warning back. A crashed container that is
 * removed afterwards (--rm) keeps its warning, marked `removed`.
 *
 * The same problem again (a crash loop) updates one row, with a count, so one noisy
 * container does not push every other warning off the card.
 */
export class WarningTracker {
  private readonly rows = new Map<string, EngineWarningRow>();
  private readonly contexts = new Map<string, ContainerContext>();

  constructor(
    private readonly engineId: string,
    private readonly max = MAX_WARNINGS,
  ) {}

  /** The warnings, newest first. */
  get warnings(): EngineWarningRow[] {
    return [...this.rows.values()].sort((a, b) => b.t - a.t);
  }

  apply(event: EngineEventRow): WarningChanges {
    const changes: WarningChanges = { upserts: [], deletes: [] };
    if (event.type !== 'container') return changes;
    const ctx = this.context(event.actorId);
    switch (event.action) {
      case 'kill':
        ctx.kill = { t: event.t, ...(event.attributes?.signal ? { signal: event.attributes.signal } : {}) };
        break;
      case 'oom': {
        const row = this.raise(event, 'oom', {}, changes);
        ctx.oom = { t: event.t, warningId: row.id };
        break;
      }
      case 'die':
        this.died(event, ctx, changes);
        break;
      case 'stop':
        if (ctx.death && event.t - ctx.death.t <= INCIDENT_MS) this.retract(ctx.death, changes);
        ctx.death = undefined;
        ctx.kill = undefined;
        break;
      case 'destroy':
        if (ctx.death?.byKill && event.t - ctx.death.t <= FORCED_REMOVE_MS) this.retract(ctx.death, changes);
        for (const row of this.rows.values()) {
          if (row.containerId !== event.actorId || row.removed) continue;
          const removed = { ...row, removed: true };
          this.rows.set(row.id, removed);
          changes.upserts.push(removed);
        }
        this.contexts.delete(event.actorId);
        break;
      default:
        if (turnedUnhealthy(event)) this.raise(event, 'unhealthy', {}, changes);
    }
    return changes;
  }

  private died(event: EngineEventRow, ctx: ContainerContext, changes: WarningChanges): void {
    const exitCode = exitCodeOf(event);
    const kill = ctx.kill && event.t - ctx.kill.t <= INCIDENT_MS ? ctx.kill : undefined;
    const oom = ctx.oom && event.t - ctx.oom.t <= INCIDENT_MS ? ctx.oom : undefined;
    ctx.kill = undefined;
    ctx.oom = undefined;
    ctx.death = undefined;
    if (oom) {
      // Running out of memory is never what the user asked for: the OOM warning gets the exit code.
      const row = this.rows.get(oom.warningId);
      if (row && exitCode !== undefined) {
        const updated = { ...row, exitCode };
        this.rows.set(row.id, updated);
        changes.upserts.push(updated);
      }
      return;
    }
    if (exitCode === undefined || exitCode === 0) return;
    const kind: EngineWarningKind = kill ? 'killed' : 'exited';
    const previous = this.rows.get(warningId(event.actorId, kind, exitCode));
    const row = this.raise(event, kind, { exitCode, ...(kill?.signal ? { signal: kill.signal } : {}) }, changes);
    ctx.death = { t: event.t, warningId: row.id, previous, byKill: kill !== undefined };
  }

  /** Adds the warning, or counts a repeat of the same one. */
  private raise(
    event: EngineEventRow,
    kind: EngineWarningKind,
    extra: { exitCode?: number; signal?: string },
    changes: WarningChanges,
  ): EngineWarningRow {
    const id = warningId(event.actorId, kind, extra.exitCode);
    const existing = this.rows.get(id);
    const row: EngineWarningRow = {
      id,
      engineId: this.engineId,
      t: event.t,
      kind,
      containerId: event.actorId,
      containerName: event.actorName ?? event.actorId.slice(0, 12),
      ...extra,
      count: (existing?.count ?? 0) + 1,
    };
    this.rows.set(id, row);
    changes.upserts.push(row);
    if (this.rows.size > this.max) {
      const oldest = this.warnings.at(-1)!;
      this.rows.delete(oldest.id);
      changes.deletes.push(oldest.id);
    }
    return row;
  }

  /** Takes back the warning a death raised (or puts back the row it counted a repeat on). */
  private retract(death: Death, changes: WarningChanges): void {
    if (!this.rows.has(death.warningId)) return;
    if (death.previous) {
      this.rows.set(death.warningId, death.previous);
      changes.upserts.push(death.previous);
    } else {
      this.rows.delete(death.warningId);
      changes.deletes.push(death.warningId);
    }
  }

  private context(containerId: string): ContainerContext {
    let ctx = this.contexts.get(containerId);
    if (!ctx) {
      ctx = {};
      this.contexts.set(containerId, ctx);
      if (this.contexts.size > MAX_CONTEXTS) this.contexts.delete(this.contexts.keys().next().value!);
    }
    return ctx;
  }
}

function warningId(containerId: string, kind: EngineWarningKind, exitCode: number | undefined): string {
  return kind === 'exited' || kind === 'killed' ? `${containerId}/${kind}/${exitCode}` : `${containerId}/${kind}`;
}

/** The engine's latest warnings as a collection topic, derived from its event log. */
export class EngineWarnings {
  private readonly rows = new LiveCollection<EngineWarningRow>();
  private readonly tracker: WarningTracker;
  private readonly stop: () => void;

  constructor(engineId: string, events: EngineEventLog) {
    this.tracker = new WarningTracker(engineId);
    this.stop = events.subscribe((event) => {
      for (const row of event.type === 'snapshot' ? event.rows : event.upserts) {
        const changes = this.tracker.apply(row);
        for (const warning of changes.upserts) this.rows.upsert(warning);
        for (const id of changes.deletes) this.rows.delete(id);
      }
    });
  }

  subscribe(emit: (event: CollectionEvent<EngineWarningRow>) => void): () => void {
    return this.rows.subscribe(emit);
  }

  dispose(): void {
    this.stop();
    this.rows.dispose();
  }
}
