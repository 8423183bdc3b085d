import { defineKind } from '../kind';
import type { KubeObject, LabelSelector } from '../object';
import { conditionOf, describeCondition, isTrue, type Condition } from './conditions';
import { TEMPLATE_COLUMNS, templateCells, type PodTemplate } from './podSpec';
import { ownerRefs } from './refs';
import { epochMs } from './timestamps';

interface Job extends KubeObject {
  spec?: {
    completions?: number;
    parallelism?: number;
    suspend?: boolean;
    selector?: LabelSelector;
    template?: PodTemplate;
  };
  status?: {
    conditions?: Condition[];
    startTime?: string;
    completionTime?: string;
    active?: number;
    succeeded?: number;
    failed?: number;
  };
}

/** kubectl's STATUS of a Job, in its order of precedence. */
function jobStatus(job: Job): string {
  const c = job.status?.conditions;
  if (isTrue(c, 'Complete')) return 'Complete';
  if (isTrue(c, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (isTrue(c, 'Suspended')) return 'Suspended';
  if (isTrue(c, 'FailureTarget')) return 'FailureTarget';
  if (isTrue(c, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

export const jobs = defineKind<Job>({
  kind: 'Job',
  group: 'batch',
  version: 'v1',
  plural: 'jobs',
  namespaced: true,
  category: 'Workloads',
  help: 'Runs pods until a task has completed successfully a number of times, retrying failures up to a limit.',
  columns: [
    { id: 'status', label: 'Status' },
    { id: 'completions', label: 'Completions', align: 'end', help: 'Succeeded pods / pods needed' },
    { id: 'duration', label: 'Duration', align: 'end', format: 'duration', help: 'From start to completion' },
    ...TEMPLATE_COLUMNS,
  ],
  cells: (job) => {
    const st = job.status ?? {};
    const succeeded = st.succeeded ?? 0;
    const parallelism = job.spec?.parallelism ?? 0;
    const completions =
      job.spec?.completions !== undefined
        ? `${succeeded}/${job.spec.completions}`
        : `${succeeded}/1${parallelism > 1 ? ` of ${parallelism}` : ''}`;
    const started = epochMs(st.startTime);
    const completed = epochMs(st.completionTime);
    return {
      status: jobStatus(job),
      completions,
      // Only a finished job has a fixed duration; a running one's grows from `startedAt`.
      duration: started !== null && completed !== null ? completed - started : null,
      startedAt: started,
      active: st.active ?? 0,
      failed: st.failed ?? 0,
      ...templateCells(job.spec),
    };
  },
  health: (job) => {
    const status = jobStatus(job);
    const failed = job.status?.failed ?? 0;
    if (status === 'Complete' || status === 'SuccessCriteriaMet') return { level: 'idle', reason: 'Complete' };
    if (status === 'Failed' || status === 'FailureTarget') {
      const c = conditionOf(job.status?.conditions, status);
      return { level: 'failing', reason: c ? describeCondition(c, status) : status };
    }
    if (status === 'Suspended') return { level: 'idle', reason: 'Suspended' };
    if (status === 'Terminating') return { level: 'warning', reason: 'Terminating' };
    if (failed > 0) return { level: 'warning', reason: `Running, ${failed} failed attempt${failed === 1 ? '' : 's'}` };
    return { level: 'ok', reason: 'Running' };
  },
  refs: ownerRefs,
});
