/**
 * What the details panel reads from a full object (`kube.object.get`): conditions, a pod's
 * containers with their state, restarts and last termination, owner references. The object
 * is untyped JSON from the cluster, so every field is checked before use. Pure.
 */

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}
function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(obj).filter((v): v is Json => !!v) : [];
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export interface ConditionFact {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  /** Epoch ms. */
  since?: number;
}

export function conditionsOf(object: Json | null): ConditionFact[] {
  return list(obj(object?.status)?.conditions).map((c) => {
    const since = str(c.lastTransitionTime) ?? str(c.lastUpdateTime);
    return {
      type: str(c.type) ?? '?',
      status: str(c.status) ?? 'Unknown',
      ...(str(c.reason) ? { reason: str(c.reason) } : {}),
      ...(str(c.message) ? { message: str(c.message) } : {}),
      ...(since && Number.isFinite(Date.parse(since)) ? { since: Date.parse(since) } : {}),
    };
  });
}

export interface ContainerFact {
  name: string;
  init: boolean;
  image: string;
  /** "Running", "Waiting: CrashLoopBackOff", "Terminated: Completed (exit 0)". */
  state: string;
  /** What the state's message says, if anything. */
  message?: string;
  tone: 'ok' | 'warn' | 'bad' | 'idle';
  ready: boolean | null;
  restarts: number;
  /** "Error, exit code 1": why the previous run ended. */
  lastTermination?: string;
}

function describeState(state: Json | undefined): Pick<ContainerFact, 'state' | 'message' | 'tone'> {
  const running = obj(state?.running);
  const waiting = obj(state?.waiting);
  const terminated = obj(state?.terminated);
  if (running) return { state: 'Running', tone: 'ok' };
  if (waiting) {
    const reason = str(waiting.reason) ?? 'Waiting';
    const bad = /BackOff|Err|Invalid/.test(reason);
    return {
      state: `Waiting: ${reason}`,
      tone: bad ? 'bad' : 'warn',
      ...(str(waiting.message) ? { message: str(waiting.message) } : {}),
    };
  }
  if (terminated) {
    const code = num(terminated.exitCode);
    const reason = str(terminated.reason) ?? 'Terminated';
    return {
      state: `Terminated: ${reason}${code !== undefined ? ` (exit ${code})` : ''}`,
      tone: code === 0 ? 'idle' : 'bad',
      ...(str(terminated.message) ? { message: str(terminated.message) } : {}),
    };
  }
  return { state: 'Not started', tone: 'idle' };
}

function describeTermination(last: Json | undefined): string | undefined {
  const t = obj(last?.terminated);
  if (!t) return undefined;
  const code = num(t.exitCode);
  const parts = [str(t.reason) ?? 'Terminated', code !== undefined ? `exit code ${code}` : undefined];
  return parts.filter(Boolean).join(', ');
}

/** A pod's init containers, then its containers, each with what its status says. */
export function podContainers(pod: Json | null): ContainerFact[] {
  const spec = obj(pod?.spec);
  const status = obj(pod?.status);
  const facts = (specs: Json[], statuses: Json[], init: boolean): ContainerFact[] =>
    specs.map((c) => {
      const name = str(c.name) ?? '?';
      const s = statuses.find((x) => x.name === name);
      return {
        name,
        init,
        image: str(c.image) ?? str(s?.image) ?? '',
        ...describeState(obj(s?.state)),
        ready: typeof s?.ready === 'boolean' ? s.ready : null,
        restarts: num(s?.restartCount) ?? 0,
        ...(describeTermination(obj(s?.lastState)) ? { lastTermination: describeTermination(obj(s?.lastState)) } : {}),
      };
    });
  return [
    ...facts(list(spec?.initContainers), list(status?.initContainerStatuses), true),
    ...facts(list(spec?.containers), list(status?.containerStatuses), false),
  ];
}

export interface OwnerFact {
  kind: string;
  name: string;
  uid?: string;
}

export function ownersOf(object: Json | null): OwnerFact[] {
  return list(obj(object?.metadata)?.ownerReferences).flatMap((o) => {
    const kind = str(o.kind);
    const name = str(o.name);
    return kind && name ? [{ kind, name, ...(str(o.uid) ? { uid: str(o.uid) } : {}) }] : [];
  });
}

export function annotationsOf(object: Json | null): Array<[string, string]> {
  const annotations = obj(obj(object?.metadata)?.annotations) ?? {};
  return Object.entries(annotations)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .sort((a, b) => a[0].localeCompare(b[0]));
}

/** `status.phase`, `spec.type` and the like, when the object has them: one line of facts. */
export function phaseOf(object: Json | null): string | undefined {
  return str(obj(object?.status)?.phase);
}

/** What a node's details show beside its conditions: where it is, what it offers, what runs it. */
export interface NodeFacts {
  /** Cordoned: no new pods are scheduled here. */
  unschedulable: boolean;
  addresses: Array<{ type: string; address: string }>;
  podCIDRs: string[];
  /** Quantities as the node reports them ("32", "256Gi"): CPU, memory, pods, storage, then the rest. */
  resources: Array<{ name: string; capacity?: string; allocatable?: string }>;
  /** Label and value, for what `status.nodeInfo` fills. */
  system: Array<[string, string]>;
  /** "key=value:NoSchedule", as kubectl describe writes them. */
  taints: string[];
}

const RESOURCE_ORDER = ['cpu', 'memory', 'pods', 'ephemeral-storage'];
const SYSTEM_FIELDS: Array<[string, string]> = [
  ['kubeletVersion', 'Kubelet'],
  ['containerRuntimeVersion', 'Container runtime'],
  ['osImage', 'OS image'],
  ['kernelVersion', 'Kernel'],
  ['operatingSystem', 'OS'],
  ['architecture', 'Architecture'],
];

/** A taint, or what a toleration matches, as kubectl writes it: `key=value:Effect`. */
function taintText(key: string, t: Json): string {
  const value = str(t.value);
  const effect = str(t.effect);
  return `${key}${value ? `=${value}` : ''}${effect ? `:${effect}` : ''}`;
}

export function nodeFacts(node: Json | null): NodeFacts | null {
  if (!node) return null;
  const spec = obj(node.spec);
  const status = obj(node.status);
  const capacity = obj(status?.capacity) ?? {};
  const allocatable = obj(status?.allocatable) ?? {};
  const rank = (name: string) => (RESOURCE_ORDER.includes(name) ? RESOURCE_ORDER.indexOf(name) : RESOURCE_ORDER.length);
  const names = [...new Set([...Object.keys(capacity), ...Object.keys(allocatable)])].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  const info = obj(status?.nodeInfo) ?? {};
  const cidrs = Array.isArray(spec?.podCIDRs) ? spec.podCIDRs.map(str) : [str(spec?.podCIDR)];
  return {
    unschedulable: spec?.unschedulable === true,
    addresses: list(status?.addresses).flatMap((a) => {
      const type = str(a.type);
      const address = str(a.address);
      return type && address ? [{ type, address }] : [];
    }),
    podCIDRs: cidrs.filter((c): c is string => !!c),
    resources: names.map((name) => ({
      name,
      ...(str(capacity[name]) ? { capacity: str(capacity[name]) } : {}),
      ...(str(allocatable[name]) ? { allocatable: str(allocatable[name]) } : {}),
    })),
    system: SYSTEM_FIELDS.flatMap(([field, label]): Array<[string, string]> => {
      const value = str(info[field]);
      return value ? [[label, value]] : [];
    }),
    taints: list(spec?.taints).flatMap((t) => {
      const key = str(t.key);
      return key ? [taintText(key, t)] : [];
    }),
  };
}

/** What a pod's details show beside its containers: its addresses, class and scheduling terms. */
export interface PodFacts {
  ips: string[];
  hostIP?: string;
  qosClass?: string;
  /** "high (1000)", or the number alone without a class. */
  priority?: string;
  restartPolicy?: string;
  /** Epoch ms: when the kubelet took the pod. */
  startedAt?: number;
  /** As kubectl describe writes them: "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s". */
  tolerations: string[];
}

export function podFacts(pod: Json | null): PodFacts | null {
  if (!pod) return null;
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const ips = list(status?.podIPs).flatMap((p) => (str(p.ip) ? [str(p.ip)!] : []));
  const podIP = str(status?.podIP);
  if (ips.length === 0 && podIP) ips.push(podIP);
  const priorityClass = str(spec?.priorityClassName);
  const priority = num(spec?.priority);
  const started = str(status?.startTime);
  const startedAt = started ? Date.parse(started) : Number.NaN;
  return {
    ips,
    ...(str(status?.hostIP) ? { hostIP: str(status?.hostIP) } : {}),
    ...(str(status?.qosClass) ? { qosClass: str(status?.qosClass) } : {}),
    ...(priorityClass || priority
      ? {
          priority: priorityClass
            ? `${priorityClass}${priority !== undefined ? ` (${priority})` : ''}`
            : String(priority),
        }
      : {}),
    ...(str(spec?.restartPolicy) ? { restartPolicy: str(spec?.restartPolicy) } : {}),
    ...(Number.isFinite(startedAt) ? { startedAt } : {}),
    tolerations: list(spec?.tolerations).map((t) => {
      const key = str(t.key);
      const seconds = num(t.tolerationSeconds);
      // An empty key with Exists tolerates every taint.
      const effect = str(t.effect);
      return [
        key ? taintText(key, t) : `every taint${effect ? `:${effect}` : ''}`,
        str(t.operator) === 'Exists' && key ? 'op=Exists' : '',
        seconds !== undefined ? `for ${seconds}s` : '',
      ]
        .filter(Boolean)
        .join(' ');
    }),
  };
}
