import type { Health } from '../types';

/** Replica counts of a workload, whatever its kind calls them. */
export interface ReplicaCounts {
  desired: number;
  ready: number;
  /** Pods that exist, old and new. */
  current?: number;
  /** A new template is still replacing old pods. */
  rollingOut?: boolean;
  updated?: number;
  paused?: boolean;
}

/** The health of a workload from its replica counts: what fails, what is on its way, what is fine. */
export function replicaHealth(r: ReplicaCounts): Health {
  const ready = `${r.ready}/${r.desired} ready`;
  if (r.desired === 0 && !r.current) return { level: 'idle', reason: 'Scaled to zero' };
  if (r.desired > 0 && r.ready === 0) return { level: 'failing', reason: `None ready (${ready})` };
  if (r.paused) return { level: 'warning', reason: `Rollout paused, ${ready}` };
  if (r.rollingOut) {
    const updated = r.updated !== undefined ? `${r.updated}/${r.desired} updated, ` : '';
    return { level: 'warning', reason: `Rollout in progress: ${updated}${ready}` };
  }
  if (r.ready < r.desired) return { level: 'warning', reason: ready };
  return { level: 'ok', reason: ready };
}
