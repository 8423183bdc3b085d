import { defineKind } from '../kind';
import type { KubeObject, LabelSelector } from '../object';
import { TEMPLATE_COLUMNS, templateCells, type PodTemplate } from './podSpec';
import { ownerRefs } from './refs';
import { epochMs } from './timestamps';

interface CronJob extends KubeObject {
  spec?: {
    schedule?: string;
    timeZone?: string;
    suspend?: boolean;
    jobTemplate?: { spec?: { selector?: LabelSelector; template?: PodTemplate } };
  };
  status?: { active?: unknown[]; lastScheduleTime?: string; lastSuccessfulTime?: string };
}

// The Jobs it starts point back at it through their owner references.
export const cronJobs = defineKind<CronJob>({
  kind: 'CronJob',
  group: 'batch',
  version: 'v1',
  plural: 'cronjobs',
  namespaced: true,
  category: 'Workloads',
  actions: ['suspend', 'resume', 'trigger'],
  help: 'Starts a Job on a schedule written in cron syntax (nightly backups, reports).',
  columns: [
    { id: 'schedule', label: 'Schedule', mono: true },
    { id: 'timezone', label: 'Timezone' },
    { id: 'suspend', label: 'Suspend', help: 'Suspended cron jobs start no new runs' },
    { id: 'active', label: 'Active', align: 'end', format: 'number', help: 'Jobs running now' },
    { id: 'lastSchedule', label: 'Last schedule', align: 'end', format: 'age' },
    ...TEMPLATE_COLUMNS,
  ],
  cells: (cj) => ({
    schedule: cj.spec?.schedule ?? null,
    timezone: cj.spec?.timeZone ?? null,
    suspend: cj.spec?.suspend ?? false,
    active: cj.status?.active?.length ?? 0,
    lastSchedule: epochMs(cj.status?.lastScheduleTime),
    lastSuccess: epochMs(cj.status?.lastSuccessfulTime),
    ...templateCells(cj.spec?.jobTemplate?.spec),
  }),
  health: (cj) => {
    if (cj.spec?.suspend) return { level: 'idle', reason: 'Suspended' };
    const active = cj.status?.active?.length ?? 0;
    if (active) return { level: 'ok', reason: `${active} job${active === 1 ? '' : 's'} running` };
    const scheduled = epochMs(cj.status?.lastScheduleTime);
    const succeeded = epochMs(cj.status?.lastSuccessfulTime);
    if (scheduled !== null && (succeeded === null || succeeded < scheduled)) {
      return { level: 'warning', reason: 'The last scheduled run did not succeed' };
    }
    const schedule = cj.spec?.schedule ? ` ${cj.spec.schedule}` : '';
    return { level: 'ok', reason: scheduled === null ? `Not run yet (schedule${schedule})` : `Scheduled${schedule}` };
  },
  refs: ownerRefs,
});
