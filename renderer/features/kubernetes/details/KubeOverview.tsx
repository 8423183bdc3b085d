import type { KindInfo, KubeRef, KubeRow } from '../../../../shared/kube/types';
import { DetailSection } from '../../../components/DetailSection';
import { Facts, TermList } from '../../../components/Facts';
import { useCollection } from '../../../api/useCollection';
import { useMethod } from '../../../api/useMethod';
import { formatHash } from '../../../app/navigation';
import { StateBadge } from '../../../components/StateBadge';
import { useNow } from '../../../components/useNow';
import { formatAge, formatExactTime } from '../../../format/age';
import { kindByName, kindTitle } from '../kindCatalog';
import { HealthBadge } from '../KubeGrid';
import { cellText, healthReason, healthWord } from '../kubeList';
import { kubeParams } from '../kubeLocation';
import { OWNED_KINDS, ownedBy, refLinks, RELATION_TITLES, type LinkTarget, type ObjectLink } from '../objectLinks';
import {
  annotationsOf,
  conditionsOf,
  nodeFacts,
  ownersOf,
  phaseOf,
  podContainers,
  podFacts,
  type ContainerFact,
  type NodeFacts,
  type PodFacts,
} from './objectFacts';

/** A link to another object: a real link (open in a new tab, copy) that selects it here. */
function ObjectLinkView(props: { link: ObjectLink; context: string; onLink: (target: LinkTarget) => void }) {
  const { link } = props;
  if (!link.target) return <span title="This context does not serve that kind">{link.text}</span>;
  const target = link.target;
  const href = formatHash(
    'kubernetes',
    kubeParams({
      context: props.context,
      kind: target.kind,
      ...(target.namespace ? { namespaces: [target.namespace] } : {}),
      labels: target.labels ?? '',
      selected: target.name ? (target.namespace ? `${target.namespace}/${target.name}` : target.name) : null,
    }),
  );
  return (
    <a
      className="link"
      href={href}
      onClick={(event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        props.onLink(target);
      }}
    >
      {link.text}
    </a>
  );
}

/** The owner chain (Pod → ReplicaSet → Deployment), each step read from the owner's own object. */
function OwnerChain(props: {
  context: string;
  kinds: readonly KindInfo[];
  owner: { kind: string; name: string };
  namespace?: string;
  depth: number;
  onLink: (target: LinkTarget) => void;
}) {
  const info = kindByName(props.kinds, props.owner.kind);
  const owner = useMethod(
    'kube.object.get',
    info && props.depth < 4
      ? {
          context: props.context,
          kind: info.key,
          ...(info.namespaced && props.namespace ? { namespace: props.namespace } : {}),
          name: props.owner.name,
        }
      : null,
  );
  const next = ownersOf(owner.value?.object ?? null);
  const link: ObjectLink = {
    relation: 'owner',
    text: `${props.owner.kind} ${props.owner.name}`,
    target: info
      ? {
          kind: info.key,
          name: props.owner.name,
          ...(info.namespaced && props.namespace ? { namespace: props.namespace } : {}),
        }
      : null,
  };
  return (
    <>
      <li>
        <span aria-hidden="true">→ </span>
        <ObjectLinkView link={link} context={props.context} onLink={props.onLink} />
      </li>
      {next.map((o) => (
        <OwnerChain key={`${o.kind}/${o.name}`} {...props} owner={o} depth={props.depth + 1} />
      ))}
    </>
  );
}

/** What this object owns (a Deployment's ReplicaSets, their Pods), from the rows' owner references. */
function Owned(props: {
  context: string;
  kinds: readonly KindInfo[];
  ownerKind: string;
  uid: string;
  namespace?: string;
  depth: number;
  onLink: (target: LinkTarget) => void;
}) {
  const children = OWNED_KINDS[props.ownerKind] ?? [];
  return (
    <>
      {children.map((childKind) => {
        const info = kindByName(props.kinds, childKind);
        return info ? <OwnedOfKind key={childKind} {...props} info={info} /> : null;
      })}
    </>
  );
}

function OwnedOfKind(props: {
  context: string;
  kinds: readonly KindInfo[];
  info: KindInfo;
  uid: string;
  namespace?: string;
  depth: number;
  onLink: (target: LinkTarget) => void;
}) {
  const { info } = props;
  const rows = useCollection('kube.resources', {
    context: props.context,
    kind: info.key,
    namespaces: info.namespaced && props.namespace ? [props.namespace] : [],
  });
  const owned = ownedBy(rows.rows.values(), props.uid);
  if (rows.loaded && owned.length === 0) return null;
  return (
    <li>
      <span className="muted">{kindTitle(info)}:</span> {!rows.loaded && <span className="muted">loading…</span>}
      <ul className="owned-list">
        {owned.map((row) => (
          <li key={row.id}>
            <HealthBadge health={row.health} kind={info} />{' '}
            <ObjectLinkView
              link={{
                relation: 'owner',
                text: `${info.kind} ${row.name}`,
                target: { kind: info.key, name: row.name, ...(row.namespace ? { namespace: row.namespace } : {}) },
              }}
              context={props.context}
              onLink={props.onLink}
            />
            {props.depth < 1 && (
              <ul className="owned-list">
                <Owned
                  {...props}
                  ownerKind={info.kind}
                  uid={row.id}
                  namespace={row.namespace}
                  depth={props.depth + 1}
                />
              </ul>
            )}
          </li>
        ))}
      </ul>
    </li>
  );
}

function Containers(props: { title: string; containers: ContainerFact[] }) {
  if (props.containers.length === 0) return null;
  return (
    <DetailSection title={props.title}>
      {props.containers.map((c) => (
        <article key={c.name} className="container-card" aria-label={`Container ${c.name}`}>
          <h4 className="mono">{c.name}</h4>
          <dl className="facts">
            <div>
              <dt>Image</dt>
              <dd className="mono">{c.image}</dd>
            </div>
            <div>
              <dt>State</dt>
              <dd>
                <StateBadge tone={c.tone} label={c.state} />
                {c.message && <div className="muted small">{c.message}</div>}
              </dd>
            </div>
            <div>
              <dt>Ready</dt>
              <dd>{c.ready === null ? '—' : c.ready ? 'Yes' : 'No'}</dd>
            </div>
            <div>
              <dt>Restarts</dt>
              <dd>{c.restarts}</dd>
            </div>
            {c.lastTermination && (
              <div>
                <dt>Last termination</dt>
                <dd>{c.lastTermination}</dd>
              </div>
            )}
          </dl>
        </article>
      ))}
    </DetailSection>
  );
}

/** A node's addresses, what it offers the scheduler (capacity and allocatable), its taints and what it runs. */
function NodeSection(props: { facts: NodeFacts }) {
  const { facts } = props;
  const mono = (text: string) => <span className="mono">{text}</span>;
  return (
    <>
      <DetailSection title="Node">
        <Facts
          rows={[
            ['Schedulable', facts.unschedulable ? 'No: cordoned, no new pods are placed here' : 'Yes'],
            ...facts.addresses.map((a) => [a.type, mono(a.address)] as const),
            ['Pod CIDR', facts.podCIDRs.length > 0 && mono(facts.podCIDRs.join(', '))],
            ...facts.system,
          ]}
        />
      </DetailSection>
      {facts.resources.length > 0 && (
        <DetailSection title="Resources">
          <table className="kv-table" aria-label="Resources">
            <thead>
              <tr>
                <th scope="col">Resource</th>
                <th scope="col" title="What the node has">
                  Capacity
                </th>
                <th scope="col" title="What pods may request: capacity less what the system keeps">
                  Allocatable
                </th>
              </tr>
            </thead>
            <tbody>
              {facts.resources.map((r) => (
                <tr key={r.name}>
                  <th scope="row" className="mono small">
                    {r.name}
                  </th>
                  <td className="mono small">{r.capacity ?? '—'}</td>
                  <td className="mono small">{r.allocatable ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </DetailSection>
      )}
      <DetailSection title="Taints">
        <TermList title="Taints" terms={facts.taints} />
      </DetailSection>
    </>
  );
}

/** A pod's addresses, class, restart policy and the taints it tolerates. */
function PodSection(props: { facts: PodFacts; now: number }) {
  const { facts } = props;
  return (
    <>
      <DetailSection title="Pod">
        <Facts
          rows={[
            // One IP is the IP column's; both of a dual-stack pod are here.
            ['Pod IPs', facts.ips.length > 1 && <span className="mono">{facts.ips.join(', ')}</span>],
            ['Host IP', facts.hostIP && <span className="mono">{facts.hostIP}</span>],
            ['QoS class', facts.qosClass],
            ['Priority', facts.priority],
            ['Restart policy', facts.restartPolicy],
            [
              'Started',
              facts.startedAt !== undefined && (
                <span title={formatExactTime(facts.startedAt)}>{formatAge(facts.startedAt, props.now)} ago</span>
              ),
            ],
          ]}
        />
      </DetailSection>
      <DetailSection title="Tolerations">
        <TermList title="Tolerations" terms={facts.tolerations} />
      </DetailSection>
    </>
  );
}

/** Status and conditions, containers and pod facts, node facts, labels and annotations, and links to related objects. */
export function KubeOverview(props: {
  context: string;
  kind: KindInfo;
  kinds: readonly KindInfo[];
  row: KubeRow;
  object: Record<string, unknown> | null;
  /** Every reference, read with the object; until then the row's (its owners). */
  refs: KubeRef[] | null;
  error: string | null;
  onLink: (target: LinkTarget) => void;
}) {
  const { row, object, kind } = props;
  const now = useNow(10_000);
  const refs = props.refs ?? row.refs ?? [];
  const links = refLinks(refs, props.kinds).filter((l) => l.relation !== 'owner');
  const owners = refs.filter((r) => r.relation === 'owner');
  const conditions = conditionsOf(object);
  const containers = kind.key === 'pods' ? podContainers(object) : [];
  const node = kind.key === 'nodes' ? nodeFacts(object) : null;
  const pod = kind.key === 'pods' ? podFacts(object) : null;
  const annotations = annotationsOf(object);
  const labels = Object.entries(row.labels ?? {}).sort((a, b) => a[0].localeCompare(b[0]));
  const phase = phaseOf(object);
  const reason = healthReason(row);
  const byRelation = new Map<string, ObjectLink[]>();
  for (const link of links) byRelation.set(link.relation, [...(byRelation.get(link.relation) ?? []), link]);

  return (
    <div className="kube-overview">
      {props.error && (
        <div className="error-banner" role="alert">
          Could not read {row.name}: {props.error}
        </div>
      )}
      <DetailSection title="Status">
        <Facts
          rows={[
            ['Health', `${healthWord(row.health.level, kind)}${reason ? `: ${reason}` : ''}`],
            // A running pod's phase is its Status too; a crash-looping one's is not (Running).
            ['Phase', phase === row.cells.status ? null : phase],
            // The list's own columns (wide ones too): beside this panel the list hides them.
            ...kind.columns.map((column) => {
              const text = cellText(row.cells[column.id], column.format, now);
              const value = column.format === 'age' && text ? `${text} ago` : text;
              return [
                column.label,
                column.mono && value ? <span className="mono">{value}</span> : value,
                column.help,
              ] as const;
            }),
            [
              'Kind',
              <span title={kind.help}>
                {kind.kind}{' '}
                <span className="muted small">
                  ({kind.group ? `${kind.group}/` : ''}
                  {kind.version})
                </span>
              </span>,
            ],
            ['Namespace', row.namespace],
            ['Created', <span title={formatExactTime(row.createdAt)}>{formatAge(row.createdAt, now)} ago</span>],
            ['UID', <span className="mono small">{row.id}</span>],
          ]}
        />
      </DetailSection>

      {(owners.length > 0 || links.length > 0 || OWNED_KINDS[kind.kind]) && (
        <DetailSection title="Related">
          {owners.length > 0 && (
            <div className="relation">
              <span className="muted">{RELATION_TITLES.owner}</span>
              <ol className="owner-chain" aria-label="Owner chain">
                {owners.map((o) => (
                  <OwnerChain
                    key={`${o.kind}/${o.name}`}
                    context={props.context}
                    kinds={props.kinds}
                    owner={o}
                    namespace={row.namespace}
                    depth={0}
                    onLink={props.onLink}
                  />
                ))}
              </ol>
            </div>
          )}
          {[...byRelation].map(([relation, group]) => (
            <div key={relation} className="relation">
              <span className="muted">{RELATION_TITLES[relation as keyof typeof RELATION_TITLES] ?? relation}</span>
              <ul className="plain" aria-label={RELATION_TITLES[relation as keyof typeof RELATION_TITLES] ?? relation}>
                {group.map((link) => (
                  <li key={link.text}>
                    <ObjectLinkView link={link} context={props.context} onLink={props.onLink} />
                  </li>
                ))}
              </ul>
            </div>
          ))}
          {OWNED_KINDS[kind.kind] && (
            <div className="relation">
              <span className="muted">Owns</span>
              <ul className="plain" aria-label="Owns">
                <Owned
                  context={props.context}
                  kinds={props.kinds}
                  ownerKind={kind.kind}
                  uid={row.id}
                  namespace={row.namespace}
                  depth={0}
                  onLink={props.onLink}
                />
              </ul>
            </div>
          )}
        </DetailSection>
      )}

      {node && <NodeSection facts={node} />}
      <Containers title="Init containers" containers={containers.filter((c) => c.init)} />
      <Containers title="Containers" containers={containers.filter((c) => !c.init)} />
      {pod && <PodSection facts={pod} now={now} />}

      {conditions.length > 0 && (
        <DetailSection title="Conditions">
          <table className="kv-table conditions-table">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Reason and message</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {conditions.map((c) => (
                <tr key={c.type}>
                  <td>{c.type}</td>
                  <td>{c.status}</td>
                  <td>
                    {c.reason}
                    {c.message && <div className="muted small">{c.message}</div>}
                  </td>
                  <td title={formatExactTime(c.since)}>{c.since ? `${formatAge(c.since, now)} ago` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </DetailSection>
      )}

      <DetailSection title="Labels">
        <TermList title="Labels" terms={labels.map(([k, v]) => `${k}=${v}`)} />
      </DetailSection>
      <DetailSection title="Annotations">
        {annotations.length === 0 ? (
          <p className="muted small">{object ? 'None' : 'Loading…'}</p>
        ) : (
          <table className="kv-table" aria-label="Annotations">
            <tbody>
              {annotations.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row" className="mono small">
                    {k}
                  </th>
                  <td className="mono small annotation-value">{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </DetailSection>
    </div>
  );
}
