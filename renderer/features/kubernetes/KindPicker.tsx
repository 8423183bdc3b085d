import { useState } from 'react';
import type { KindInfo } from '../../../shared/kube/types';
import { formatHash } from '../../app/navigation';
import { groupKinds, kindTitle } from './kindCatalog';
import { kubeParams, type KubeLocation } from './kubeLocation';

/** The kinds of the context, grouped as kubectl and the peers group them; hover for what each is. */
export function KindPicker(props: {
  kinds: readonly KindInfo[];
  location: KubeLocation;
  onPick: (location: KubeLocation) => void;
}) {
  const { location } = props;
  const [find, setFind] = useState('');
  const wanted = find.trim().toLowerCase();
  const kinds = wanted
    ? props.kinds.filter((k) => kindTitle(k).toLowerCase().includes(wanted) || k.key.includes(wanted))
    : props.kinds;
  return (
    <nav className="kind-picker" aria-label="Kinds">
      <input
        type="search"
        className="kind-find"
        aria-label="Find a kind"
        placeholder="Find a kind…"
        value={find}
        onChange={(event) => setFind(event.target.value)}
      />
      {kinds.length === 0 && <p className="muted small">No kind matches.</p>}
      {groupKinds(kinds).map((group) => (
        <section key={group.category} aria-label={group.category}>
          <h2 className="kind-group">{group.category}</h2>
          <ul>
            {group.kinds.map((kind) => {
              const next: KubeLocation = {
                ...location,
                kind: kind.key,
                text: '',
                labels: '',
                sort: null,
                selected: null,
                tab: 'overview',
              };
              const title = kindTitle(kind);
              return (
                <li key={kind.key}>
                  <a
                    href={formatHash('kubernetes', kubeParams(next))}
                    aria-current={kind.key === location.kind ? 'page' : undefined}
                    title={
                      kind.help
                        ? `${kind.kind}: ${kind.help}`
                        : `${kind.kind} (${kind.group || 'core'}/${kind.version})`
                    }
                    onClick={(event) => {
                      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
                      event.preventDefault();
                      props.onPick(next);
                    }}
                  >
                    {title}
                  </a>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </nav>
  );
}
