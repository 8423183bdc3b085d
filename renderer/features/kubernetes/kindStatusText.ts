/** How the watch behind a kind's table is doing, in words, for the line above the table. Pure. */
import type { KindStatus } from '../../../shared/kube/types';
import { formatClock } from '../../components/charts/timeAxis';
import type { Tone } from '../../components/StateBadge';

export interface KindStatusText {
  tone: Tone;
  /** The badge's word. */
  label: string;
  /** One sentence after it ('' when the badge says it all). */
  text: string;
  /** An error the user should read: shown as a banner with the detail one click away. */
  problem: boolean;
}

export function describeKindStatus(status: KindStatus, title: string): KindStatusText {
  switch (status.state) {
    case 'listing':
      return {
        tone: 'warn',
        label: 'Listing',
        text: status.listed ? `${status.listed.toLocaleString('en-US')} so far` : '',
        problem: false,
      };
    case 'live':
      return { tone: 'ok', label: 'Live', text: '', problem: false };
    case 'stale':
      return {
        tone: 'warn',
        label: status.staleSince ? `Stale since ${formatClock(status.staleSince)}` : 'Stale',
        text: status.message ?? `The watch of ${title} is reconnecting; rows are what was last known.`,
        problem: false,
      };
    case 'forbidden':
      return {
        tone: 'bad',
        label: 'Not allowed for this user',
        text: status.message ?? `Listing ${title} was refused (403).`,
        problem: true,
      };
    case 'unsupported':
      return {
        tone: 'idle',
        label: 'Not served',
        text: status.message ?? `This cluster does not serve ${title}.`,
        problem: false,
      };
    case 'error':
      return { tone: 'bad', label: 'Error', text: status.message ?? `Could not list ${title}.`, problem: true };
  }
}

/** Said whatever the state, when Berth had to narrow the listing to one namespace. */
export function fallbackText(status: KindStatus | null): string | null {
  if (!status?.fallbackNamespace) return null;
  return `Listing across all namespaces is not allowed: showing namespace ${status.fallbackNamespace}`;
}
