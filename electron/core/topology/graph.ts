import type { TopologyEdge, TopologyItem, TopologyNode, TopologyRelation } from '../../../shared/contract/topology';
import { labelSelectorMatches } from '../../../shared/kube/kinds/selectors';
import type { LabelSelector } from '../../../shared/kube/object';
import type { Health } from '../../../shared/kube/types';
import { LiveCollection } from '../streams/liveCollection';

/** One reference of a graph node, already turned into an edge kind by a relation declaration. */
export interface GraphRef {
  relation: TopologyRelation;
  /** A node id, or a name key (`n/<context>/<kind>/<namespace>/<name>`) found through the name index. */
  target?: string;
  /** Instead of a target: a label selector over the Pods of the holder's scope. */
  selector?: LabelSelector;
  /** The edge points from the target to the holder (an owner points at what it owns). */
  reverse?: boolean;
}

/** What the graph is told about one object: its node, how others name it, and its references. */
export interface GraphInput {
  node: TopologyNode;
  /** The name key others' references use to find it. */
  nameKey?: string;
  refs: GraphRef[];
  /** A Pod's labels, for selectors. */
  labels?: Record<string, string>;
  /** `<context>/<namespace>`: where a Pod is found by selectors, and where a selector looks. */
  scope?: string;
}

interface Entry {
  input: GraphInput;
  /** Edges made from this entry's references. */
  own: Set<string>;
  /** Every edge that starts or ends here. */
  touch: Set<string>;
  /** Keys under which this entry waits in `dependents`. */
  waitsOn: string[];
  /** A workload's health rolled up from its pods. */
  rolled?: Health;
}

interface StoredEdge {
  edge: TopologyEdge;
  /** The entry whose reference made it. */
  maker: string;
  /** Made by a label selector: asked again when the Pod's labels change. */
  bySelector: boolean;
}

/** Kinds whose health is rolled up from the Pods they own (through ReplicaSets and Jobs). */
const WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
/** Deployment → ReplicaSet → Pod, CronJob → Job → Pod: two hops, one more for safety. */
const OWNER_DEPTH = 3;

/**
 * The map of everything watched, kept incrementally: an upsert or delete recomputes only that
 * object's edges and those of the objects waiting for it (by uid or by name), and a Pod's label
 * change only the selectors of its namespace. Nodes and edges go out through one LiveCollection,
 * so subscribers get a snapshot, then batched deltas with sequence numbers.
 */
export class TopologyGraph {
  readonly items: LiveCollection<TopologyItem>;
  private readonly entries = new Map<string, Entry>();
  private readonly edges = new Map<string, StoredEdge>();
  private readonly byName = new Map<string, string>();
  /** Target key (node id or name key) → entries with a reference to it, resolved or not. */
  private readonly dependents = new Map<string, Set<string>>();
  /** Scope → Pods in it. */
  private readonly pods = new Map<string, Set<string>>();
  /** Scope → entries with a selector over it. */
  private readonly selectors = new Map<string, Set<string>>();

  constructor(flushMs = 100) {
    this.items = new LiveCollection<TopologyItem>(flushMs);
  }

  get nodeCount(): number {
    return this.entries.size;
  }

  get edgeCount(): number {
    return this.edges.size;
  }

  node(id: string): TopologyNode | undefined {
    const entry = this.entries.get(id);
    return entry ? this.nodeOf(entry) : undefined;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Every entry id, for callers that replace a whole source (a Docker engine's snapshot). */
  ids(): IterableIterator<string> {
    return this.entries.keys();
  }

  upsert(input: GraphInput): void {
    const id = input.node.id;
    const previous = this.entries.get(id);
    if (!previous) {
      this.add(input);
      return;
    }
    const refsChanged = JSON.stringify(previous.input.refs) !== JSON.stringify(input.refs);
    const labelsChanged = JSON.stringify(previous.input.labels) !== JSON.stringify(input.labels);
    const before = refsChanged ? this.workloadsAbove(id) : [];
    previous.input = input;
    if (refsChanged) {
      this.dropOwn(id);
      this.resolve(id);
    }
    if (labelsChanged && isPod(input)) this.matchSelectors(id);
    this.rollUp(id, before);
    this.emit(id);
  }

  delete(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    const before = this.workloadsAbove(id);
    this.dropOwn(id);
    for (const edgeId of [...entry.touch]) this.removeEdge(edgeId);
    const { nameKey, scope } = entry.input;
    if (nameKey && this.byName.get(nameKey) === id) this.byName.delete(nameKey);
    if (scope) this.pods.get(scope)?.delete(id);
    this.entries.delete(id);
    this.items.delete(id);
    this.rollUp(id, before);
  }

  private add(input: GraphInput): void {
    const id = input.node.id;
    this.entries.set(id, { input, own: new Set(), touch: new Set(), waitsOn: [] });
    if (input.nameKey) this.byName.set(input.nameKey, id);
    if (isPod(input) && input.scope) setOf(this.pods, input.scope).add(id);
    this.resolve(id);
    if (isPod(input)) this.matchSelectors(id);
    // Whoever named this object before it arrived gets its edge now.
    for (const key of [id, input.nameKey]) {
      if (!key) continue;
      for (const waiting of [...(this.dependents.get(key) ?? [])]) {
        if (waiting === id) continue;
        const before = this.workloadsAbove(waiting);
        this.dropOwn(waiting);
        this.resolve(waiting);
        this.rollUp(waiting, before);
      }
    }
    this.rollUp(id, []);
    this.emit(id);
  }

  /** Makes the edges of one entry's references. */
  private resolve(id: string): void {
    const entry = this.entries.get(id)!;
    const { refs, scope } = entry.input;
    for (const ref of refs) {
      if (ref.selector) {
        if (!scope) continue;
        setOf(this.selectors, scope).add(id);
        entry.waitsOn.push(`selector:${scope}`);
        for (const podId of this.pods.get(scope) ?? []) {
          if (labelSelectorMatches(ref.selector, this.entries.get(podId)?.input.labels)) {
            this.addEdge(id, id, podId, ref.relation, true);
          }
        }
        continue;
      }
      if (!ref.target) continue;
      setOf(this.dependents, ref.target).add(id);
      entry.waitsOn.push(ref.target);
      const target = this.entries.has(ref.target) ? ref.target : this.byName.get(ref.target);
      if (!target || target === id) continue;
      if (ref.reverse) this.addEdge(id, target, id, ref.relation);
      else this.addEdge(id, id, target, ref.relation);
    }
  }

  /** Removes the edges an entry's references made and its place in the waiting lists. */
  private dropOwn(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    for (const edgeId of [...entry.own]) this.removeEdge(edgeId);
    for (const key of entry.waitsOn) {
      if (key.startsWith('selector:')) this.selectors.get(key.slice('selector:'.length))?.delete(id);
      else this.dependents.get(key)?.delete(id);
    }
    entry.waitsOn = [];
  }

  /** A Pod arrived or its labels changed: the selectors of its namespace are asked again. */
  private matchSelectors(podId: string): void {
    const pod = this.entries.get(podId)!;
    for (const edgeId of [...pod.touch]) {
      const stored = this.edges.get(edgeId);
      if (stored && stored.edge.to === podId && stored.bySelector) this.removeEdge(edgeId);
    }
    const scope = pod.input.scope;
    if (!scope) return;
    for (const holderId of this.selectors.get(scope) ?? []) {
      for (const ref of this.entries.get(holderId)?.input.refs ?? []) {
        if (ref.selector && labelSelectorMatches(ref.selector, pod.input.labels)) {
          this.addEdge(holderId, holderId, podId, ref.relation, true);
        }
      }
    }
  }

  private addEdge(maker: string, from: string, to: string, relation: TopologyRelation, bySelector = false): void {
    const id = `${from}|${relation}|${to}`;
    if (this.edges.has(id)) return;
    const fromEntry = this.entries.get(from);
    const toEntry = this.entries.get(to);
    if (!fromEntry || !toEntry) return;
    const namespace = fromEntry.input.node.namespace ?? toEntry.input.node.namespace;
    const edge: TopologyEdge = { type: 'edge', id, from, to, relation, ...(namespace ? { namespace } : {}) };
    this.edges.set(id, { edge, maker, bySelector });
    this.entries.get(maker)?.own.add(id);
    fromEntry.touch.add(id);
    toEntry.touch.add(id);
    this.items.upsert(edge);
  }

  private removeEdge(id: string): void {
    const stored = this.edges.get(id);
    if (!stored) return;
    this.edges.delete(id);
    const { edge, maker } = stored;
    this.entries.get(maker)?.own.delete(id);
    this.entries.get(edge.from)?.touch.delete(id);
    this.entries.get(edge.to)?.touch.delete(id);
    this.items.delete(id);
  }

  /**
   * The objects reached from `id` along owner edges, level by level and at most OWNER_DEPTH
   * deep: up to what owns it, or down to what it owns. `onward` says whether the walk goes on
   * from a reached object.
   */
  private ownerWalk(id: string, direction: 'up' | 'down', onward: (id: string) => boolean = () => true): string[] {
    const seen = new Set([id]);
    const reached: string[] = [];
    let level = [id];
    for (let depth = 0; depth < OWNER_DEPTH && level.length; depth++) {
      const next: string[] = [];
      for (const current of level) {
        for (const edgeId of this.entries.get(current)?.touch ?? []) {
          const edge = this.edges.get(edgeId)?.edge;
          if (!edge || edge.relation !== 'owns') continue;
          const other = direction === 'up' ? edge.to === current && edge.from : edge.from === current && edge.to;
          if (!other || seen.has(other)) continue;
          seen.add(other);
          reached.push(other);
          if (onward(other)) next.push(other);
        }
      }
      level = next;
    }
    return reached;
  }

  /** The workloads that own this object, directly or through a ReplicaSet or Job. */
  private workloadsAbove(id: string): string[] {
    return this.ownerWalk(id, 'up');
  }

  /** Recomputes the rolled-up health of the workloads above `id` now and before the change. */
  private rollUp(id: string, before: string[]): void {
    const targets = new Set([...before, ...this.workloadsAbove(id), id]);
    for (const target of targets) {
      const entry = this.entries.get(target);
      if (!entry || !WORKLOADS.has(entry.input.node.kind)) continue;
      const rolled = this.rolledHealth(target);
      if (JSON.stringify(rolled) === JSON.stringify(entry.rolled)) continue;
      entry.rolled = rolled;
      if (target !== id) this.emit(target);
    }
  }

  private rolledHealth(id: string): Health | undefined {
    const own = this.entries.get(id)!.input.node.health;
    let total = 0;
    const failing: Health[] = [];
    const warning: Health[] = [];
    // Down through ReplicaSets and Jobs to the pods; a pod owns nothing the roll-up counts.
    const notPod = (child: string) => this.entries.get(child)?.input.node.kind !== 'Pod';
    for (const child of this.ownerWalk(id, 'down', notPod)) {
      const node = this.entries.get(child)?.input.node;
      if (node?.kind !== 'Pod') continue;
      total += 1;
      if (node.health.level === 'failing') failing.push(node.health);
      else if (node.health.level === 'warning') warning.push(node.health);
    }
    if (total === 0) return undefined;
    const why = (h: Health | undefined): string => (h?.reason ? `: ${h.reason}` : '');
    if (failing.length) {
      return { level: 'failing', reason: `${failing.length} of ${total} pods failing${why(failing[0])}` };
    }
    if (own.level === 'failing') return undefined;
    if (warning.length && own.level === 'ok') {
      return { level: 'warning', reason: `${warning.length} of ${total} pods not ready${why(warning[0])}` };
    }
    return undefined;
  }

  private nodeOf(entry: Entry): TopologyNode {
    return entry.rolled ? { ...entry.input.node, health: entry.rolled } : entry.input.node;
  }

  private emit(id: string): void {
    const entry = this.entries.get(id);
    if (entry) this.items.upsert(this.nodeOf(entry));
  }
}

function isPod(input: GraphInput): boolean {
  return input.node.kind === 'Pod' && input.node.source.type === 'kube';
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
