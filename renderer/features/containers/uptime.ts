import type { ContainerRow } from '../../../shared/docker';
import { formatAge, formatExactTime } from '../../format/age';

/**
 * The uptime column: relative and ticking, with the exact time on hover. Docker's list
 * does not carry the start time; until the row has `startedAt`, the creation time stands
 * in (the same for containers started by `docker run` or Compose, older after a restart),
 * and the tooltip says which one it is. Docker's own status words are not used: they are
 * frozen at the moment the engine was last listed.
 */
export function uptimeCell(
  row: Pick<ContainerRow, 'state' | 'startedAt' | 'createdAt'>,
  now: number,
): { text: string; title: string } | null {
  if (row.state !== 'running' && row.state !== 'paused') return null;
  if (row.startedAt) return { text: formatAge(row.startedAt, now), title: `Started ${formatExactTime(row.startedAt)}` };
  if (!row.createdAt) return null;
  return {
    text: formatAge(row.createdAt, now),
    title: `Created ${formatExactTime(row.createdAt)} (start time not reported)`,
  };
}
