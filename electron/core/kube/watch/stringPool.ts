import { sameTarget } from '../../../../shared/kube/kinds/refs';
import type { CellValue, KubeRef, KubeRow } from '../../../../shared/kube/types';

/**
 * One copy of each repeated string among the rows of a cache: 10,000 pods name a few
 * namespaces, nodes, owners, label keys and values, each parsed afresh from every event.
 * Bounded: past `limit` strings the pool starts over (rows keep the copies they have), so
 * names that come and go (ReplicaSets of old rollouts) cannot grow it without end.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();
  /** Whole references, shared between rows: the pods of one ReplicaSet name the same owner, node, account. */
  private readonly refs = new Map<string, KubeRef>();

  constructor(private readonly limit = 50_000) {}

  get size(): number {
    return this.strings.size;
  }

  intern<S extends string | undefined>(value: S): S {
    if (value === undefined) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known as S;
    if (this.strings.size >= this.limit) {
      this.strings.clear();
      this.refs.clear();
    }
    this.strings.set(value, value);
    return value;
  }

  /**
   * The row with its repeated strings taken from the pool (in place: the row was just made).
   * Unique ones (uid, name, resourceVersion) are left as they are. With the row it replaces
   * (a watch event's new version), what did not change is taken from that row: a comparison
   * where the pool would hash, and its labels and references whole.
   */
  internRow(row: KubeRow, previous?: KubeRow): KubeRow {
    if (row.namespace !== undefined) {
      row.namespace = row.namespace === previous?.namespace ? previous.namespace : this.intern(row.namespace);
    }
    // Label keys come from JSON.parse already shared (V8 interns property names); values do not.
    const { labels } = row;
    if (labels) {
      if (previous?.labels && sameLabels(labels, previous.labels)) row.labels = previous.labels;
      else for (const key in labels) labels[key] = this.intern(labels[key]!);
    }
    const { cells } = row;
    const before = previous?.cells;
    for (const key in cells) {
      const value: CellValue | undefined = cells[key];
      if (typeof value !== 'string') continue;
      const old = before?.[key];
      cells[key] = value === old ? old : this.intern(value);
    }
    const { health } = row;
    if (health.reason !== undefined) {
      health.reason = health.reason === previous?.health.reason ? previous.health.reason : this.intern(health.reason);
    }
    const { refs } = row;
    if (refs) {
      const old = previous?.refs;
      if (old && old.length === refs.length && refs.every((ref, i) => sameRef(ref, old[i]!))) row.refs = old;
      else for (let i = 0; i < refs.length; i++) refs[i] = this.internRef(refs[i]!);
    }
    return row;
  }

  /** The pool's frozen copy of an equal reference; one with a selector is kept as it is. */
  private internRef(ref: KubeRef): KubeRef {
    if (ref.selector) return ref;
    const key = `${ref.relation}|${ref.kind}|${ref.namespace ?? ''}|${ref.name}|${ref.uid ?? ''}`;
    const known = this.refs.get(key);
    if (known) return known;
    if (this.refs.size >= this.limit) this.refs.clear();
    ref.kind = this.intern(ref.kind);
    ref.name = this.intern(ref.name);
    if (ref.namespace !== undefined) ref.namespace = this.intern(ref.namespace);
    if (ref.uid !== undefined) ref.uid = this.intern(ref.uid);
    this.refs.set(key, Object.freeze(ref));
    return ref;
  }
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  let count = 0;
  for (const key in a) {
    if (a[key] !== b[key]) return false;
    count += 1;
  }
  // Every key of a is in b with the same value: equal when b has no more keys.
  for (const _key in b) if (--count < 0) return false;
  return count === 0;
}

/** Equal references, one of them pooled (frozen, no selector). */
function sameRef(ref: KubeRef, pooled: KubeRef): boolean {
  return !ref.selector && !pooled.selector && ref.uid === pooled.uid && sameTarget(ref, pooled);
}
