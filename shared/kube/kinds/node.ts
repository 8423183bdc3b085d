import { defineKind } from '../kind';
import type { KubeObject } from '../object';
import type { Health } from '../types';
import { conditionOf, describeCondition, type Condition } from './conditions';
import { ownerRefs } from './refs';

interface Node extends KubeObject {
  spec?: { unschedulable?: boolean };
  status?: {
    conditions?: Condition[];
    addresses?: Array<{ type: string; address: string }>;
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string };
    allocatable?: { cpu?: string; memory?: string; pods?: string };
  };
}

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const PRESSURES = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

/** kubectl's STATUS: Ready, NotReady or Unknown, then SchedulingDisabled when cordoned. */
function nodeStatus(node: Node): string {
  const ready = conditionOf(node.status?.conditions, 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function roles(node: Node): string | null {
  const labels = node.metadata.labels ?? {};
  const found = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith(ROLE_PREFIX) && key.length > ROLE_PREFIX.length) found.add(key.slice(ROLE_PREFIX.length));
    else if (key === 'kubernetes.io/role' && value) found.add(value);
  }
  return found.size ? [...found].sort().join(',') : null;
}

function address(node: Node, type: string): string | null {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? null;
}

function nodeHealth(node: Node): Health {
  const conditions = node.status?.conditions;
  const ready = conditionOf(conditions, 'Ready');
  if (!ready) return { level: 'unknown', reason: 'No Ready condition reported yet' };
  if (ready.status !== 'True') {
    const head = ready.status === 'Unknown' ? 'Unknown' : 'NotReady';
    return { level: 'failing', reason: ready.message ? `${head}: ${ready.message}` : head };
  }
  const pressure = PRESSURES.map((type) => conditionOf(conditions, type)).find((c) => c?.status === 'True');
  if (pressure) return { level: 'warning', reason: describeCondition(pressure, pressure.type) };
  if (node.spec?.unschedulable) return { level: 'warning', reason: 'SchedulingDisabled: cordoned, no new pods' };
  return { level: 'ok', reason: 'Ready' };
}

export const nodes = defineKind<Node>({
  kind: 'Node',
  group: '',
  version: 'v1',
  plural: 'nodes',
  namespaced: false,
  category: 'Cluster',
  actions: ['cordon', 'uncordon', 'drain'],
  help: 'A machine (real or virtual) that runs pods; its kubelet reports whether it is healthy.',
  columns: [
    // Ready,SchedulingDisabled (a cordoned node) whole.
    { id: 'status', label: 'Status', chars: 24 },
    { id: 'roles', label: 'Roles' },
    { id: 'version', label: 'Version', mono: true, help: 'Kubelet version' },
    { id: 'internalIP', label: 'Internal IP', mono: true, wide: true },
    { id: 'externalIP', label: 'External IP', mono: true, wide: true },
    { id: 'osImage', label: 'OS image', wide: true },
    { id: 'kernelVersion', label: 'Kernel version', mono: true, wide: true },
    { id: 'containerRuntime', label: 'Container runtime', mono: true, wide: true },
  ],
  cells: (node) => {
    const info = node.status?.nodeInfo;
    return {
      status: nodeStatus(node),
      roles: roles(node),
      version: info?.kubeletVersion ?? null,
      internalIP: address(node, 'InternalIP'),
      externalIP: address(node, 'ExternalIP'),
      osImage: info?.osImage ?? null,
      kernelVersion: info?.kernelVersion ?? null,
      containerRuntime: info?.containerRuntimeVersion ?? null,
      allocatableCpu: node.status?.allocatable?.cpu ?? null,
      allocatableMemory: node.status?.allocatable?.memory ?? null,
      allocatablePods: node.status?.allocatable?.pods ?? null,
    };
  },
  health: nodeHealth,
  refs: ownerRefs,
});
