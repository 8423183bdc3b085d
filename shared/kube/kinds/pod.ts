import { defineKind } from '../kind';
import { named, ownerRefs, uniqueRefs } from './refs';
import { podSpecRefs } from './podSpec';
import { formatTermination, lastTerminationOf, pendingReasonOf, podHealth, summarizePod, type Pod } from './podStatus';

export const pods = defineKind<Pod>({
  kind: 'Pod',
  group: '',
  version: 'v1',
  plural: 'pods',
  namespaced: true,
  category: 'Workloads',
  help: 'The smallest thing Kubernetes runs: one or more containers sharing a network address and volumes, on one node.',
  columns: [
    { id: 'ready', label: 'Ready', align: 'end', help: 'Ready containers / all containers' },
    {
      id: 'status',
      label: 'Status',
      help: 'As kubectl prints it: the phase, or why a container is not running',
      // CrashLoopBackOff, ImagePullBackOff, Init:Error whole.
      chars: 16,
    },
    { id: 'restarts', label: 'Restarts', align: 'end', format: 'number' },
    { id: 'ip', label: 'IP', mono: true, wide: true },
    { id: 'node', label: 'Node', mono: true, wide: true },
    {
      id: 'nominatedNode',
      label: 'Nominated node',
      mono: true,
      wide: true,
      help: 'Where the scheduler will place this pod once it has made room (preemption)',
    },
    { id: 'readinessGates', label: 'Readiness gates', wide: true, help: 'Extra readiness conditions met / declared' },
  ],
  cells: (pod) => {
    const s = summarizePod(pod);
    const gates = pod.spec?.readinessGates ?? [];
    const conditions = pod.status?.conditions ?? [];
    const gatesMet = gates.filter((g) => conditions.some((c) => c.type === g.conditionType && c.status === 'True'));
    const last = lastTerminationOf(pod);
    return {
      ready: `${s.ready}/${s.total}`,
      status: s.status,
      restarts: s.restarts,
      lastRestart: s.lastRestart,
      ip: pod.status?.podIP ?? null,
      node: pod.spec?.nodeName ?? null,
      nominatedNode: pod.status?.nominatedNodeName ?? null,
      readinessGates: gates.length ? `${gatesMet.length}/${gates.length}` : null,
      lastTermination: last ? formatTermination(last) : null,
      qos: pod.status?.qosClass ?? null,
      phase: pod.status?.phase ?? null,
      pendingReason: pendingReasonOf(pod),
    };
  },
  health: podHealth,
  refs: (pod) =>
    uniqueRefs([
      ...ownerRefs(pod),
      named('node', 'Node', pod.spec?.nodeName),
      ...podSpecRefs(pod.spec, pod.metadata.namespace, pod.metadata.name),
    ]),
});
