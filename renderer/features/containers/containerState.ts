import type { ContainerRow, ContainerState } from '../../../shared/docker';
import type { Tone } from '../../components/StateBadge';

/** Exit codes of a container that was stopped on purpose (SIGINT, SIGKILL, SIGTERM), not one that failed. */
const STOPPED_ON_PURPOSE = new Set([0, 130, 137, 143]);

/** Colour for a container's state: green running, amber transitional/paused, red failed, grey stopped. */
export function containerTone(row: Pick<ContainerRow, 'state' | 'exitCode' | 'health'>): Tone {
  switch (row.state) {
    case 'running':
      if (row.health === 'unhealthy') return 'bad';
      if (row.health === 'starting') return 'warn';
      return 'ok';
    case 'paused':
    case 'restarting':
    case 'removing':
      return 'warn';
    case 'dead':
      return 'bad';
    case 'exited':
      return row.exitCode !== undefined && !STOPPED_ON_PURPOSE.has(row.exitCode) ? 'bad' : 'idle';
    default:
      return 'idle';
  }
}

/** The word that goes with the colour: "running (healthy)", "exited (137)". */
export function containerStateLabel(row: Pick<ContainerRow, 'state' | 'exitCode' | 'health'>): string {
  if (row.state === 'exited' && row.exitCode !== undefined) return `exited (${row.exitCode})`;
  if (row.state === 'running' && row.health) return `running (${row.health})`;
  return row.state;
}

export const CONTAINER_STATES: readonly ContainerState[] = [
  'running',
  'paused',
  'restarting',
  'created',
  'exited',
  'dead',
  'removing',
];

export type StateCounts = Record<ContainerState, number>;

export function countByState(rows: Iterable<Pick<ContainerRow, 'state'>>): StateCounts {
  const counts = Object.fromEntries(CONTAINER_STATES.map((s) => [s, 0])) as StateCounts;
  for (const row of rows) counts[row.state] += 1;
  return counts;
}

/** Which actions make sense in a state (the engine has the last word; errors still show). */
export function availableActions(state: ContainerState): {
  start: boolean;
  stop: boolean;
  restart: boolean;
  pause: boolean;
  unpause: boolean;
  kill: boolean;
} {
  const running = state === 'running' || state === 'restarting';
  return {
    start: state === 'created' || state === 'exited' || state === 'dead',
    stop: running,
    restart: state !== 'removing' && state !== 'paused',
    pause: state === 'running',
    unpause: state === 'paused',
    kill: running || state === 'paused',
  };
}
