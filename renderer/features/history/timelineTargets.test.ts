import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../shared/history';
import type { LinkTarget } from '../kubernetes/objectLinks';
import {
  dockerTimelineActions,
  kubeTargetLink,
  kubeTimelineActions,
  targetLabel,
  timelineTargets,
} from './timelineTargets';

const at = (e: Partial<TimelineEvent>): TimelineEvent => ({ id: 'e', t: 1, kind: 'event', title: 't', ...e });

describe('where a timeline point leads', () => {
  it('a Kubernetes restart, exit or OOM kill leads to the previous logs of its pod and container', () => {
    for (const kind of ['restart', 'exit', 'oom'] as const) {
      const targets = timelineTargets(at({ kind, previous: { container: 'app', pod: 'api-1' } }), 'kube');
      expect(targets).toEqual([{ to: 'previousLogs', pod: 'api-1', container: 'app' }]);
    }
    expect(kubeTargetLink({ to: 'previousLogs', pod: 'api-1', container: 'app' }, 'team-a')).toEqual({
      kind: 'pods',
      namespace: 'team-a',
      name: 'api-1',
      tab: 'logs',
      logContainer: 'app',
      previousLogs: true,
    });
    // Named for the workload's timeline, where the pod is one of many.
    expect(targetLabel({ to: 'previousLogs', pod: 'api-1', container: 'app' }, 'api')).toBe(
      'Previous logs of app in api-1',
    );
    expect(targetLabel({ to: 'previousLogs', pod: 'api-1', container: 'app' }, 'api-1')).toBe('Previous logs of app');
  });

  it('a restart whose container is not known, or a rollout, opens only its details', () => {
    expect(timelineTargets(at({ kind: 'restart' }), 'kube')).toEqual([]);
    expect(timelineTargets(at({ kind: 'rollout' }), 'kube')).toEqual([]);
  });

  it('an entry that is a Kubernetes Event leads to that Event, after the logs when it has both', () => {
    const backOff = at({ kind: 'warning', event: { namespace: 'team-a', name: 'crashloop-demo.backoff' } });
    expect(timelineTargets(backOff, 'kube')).toEqual([
      { to: 'event', namespace: 'team-a', name: 'crashloop-demo.backoff' },
    ]);
    expect(kubeTargetLink(timelineTargets(backOff, 'kube')[0]!, 'x')).toEqual({
      kind: 'events',
      namespace: 'team-a',
      name: 'crashloop-demo.backoff',
    });
    const oom = at({ kind: 'oom', previous: { container: 'app', pod: 'p' }, event: { name: 'p.oom' } });
    expect(timelineTargets(oom, 'kube').map((t) => t.to)).toEqual(['previousLogs', 'event']);
  });

  it('a Docker exit, restart or OOM kill leads to the container’s logs; other engine events to nothing more', () => {
    expect(timelineTargets(at({ kind: 'exit', exitCode: 3 }), 'docker')).toEqual([{ to: 'logs' }]);
    expect(timelineTargets(at({ kind: 'restart', previous: { container: 'web' } }), 'docker')).toEqual([
      { to: 'logs' },
    ]);
    expect(timelineTargets(at({ kind: 'start' }), 'docker')).toEqual([]);
  });

  it('the buttons of an entry: a pod’s OOM kill opens the previous logs, then the Event; a Docker exit the logs', () => {
    const opened: LinkTarget[] = [];
    const oom = at({ kind: 'oom', previous: { container: 'app', pod: 'api-1' }, event: { name: 'api-1.oom' } });
    const actions = kubeTimelineActions('api', 'team-a', (link) => opened.push(link))(oom);
    expect(actions.map((a) => a.label)).toEqual(['Previous logs of app in api-1', 'Open the event']);
    for (const action of actions) action.open();
    expect(opened.map((link) => [link.kind, link.name])).toEqual([
      ['pods', 'api-1'],
      ['events', 'api-1.oom'],
    ]);

    let logs = 0;
    const exit = dockerTimelineActions('web', () => logs++)(at({ kind: 'exit', exitCode: 3 }));
    expect(exit.map((a) => a.label)).toEqual(['Open the logs']);
    exit[0]!.open();
    expect(logs).toBe(1);
    expect(dockerTimelineActions('web', () => logs++)(at({ kind: 'start' }))).toEqual([]);
  });
});
